# Wrong: resets the index of the released rows, so they cannot be matched to the original rows.
def release_held(held, new_model, new_domains):
    still = np.zeros(len(held), dtype=bool)
    for column, domain in new_domains.items():
        still |= (~held[column].isin(list(domain))).to_numpy()
    released = held[~still].drop(columns="reason").reset_index(drop=True)
    released["prediction"] = new_model.predict(released[list(FEATURES)])
    return released, held[still].reset_index(drop=True)
