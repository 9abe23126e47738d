# Wrong: resets the index, so scored and held rows can no longer be matched to the batch.
def apply_bandaid(model, domains, batch):
    mask = np.zeros(len(batch), dtype=bool)
    for column, domain in domains.items():
        mask |= (~batch[column].isin(list(domain))).to_numpy()
    scored = batch[~mask].reset_index(drop=True)
    scored["prediction"] = model.predict(scored[list(FEATURES)])
    held = batch[mask].reset_index(drop=True)
    held["reason"] = "unseen value"
    return scored, held
