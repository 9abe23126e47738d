# Wrong: rows the new model still cannot take are silently dropped instead of staying held.
def release_held(held, new_model, new_domains):
    still = np.zeros(len(held), dtype=bool)
    for column, domain in new_domains.items():
        still |= (~held[column].isin(list(domain))).to_numpy()
    released = held[~still].drop(columns="reason")
    released["prediction"] = new_model.predict(released[list(FEATURES)])
    return released, held.iloc[:0]
