# Wrong: asks the model about every row first, then splits; a model that errors on unknowns crashes.
def apply_bandaid(model, domains, batch):
    predictions = model.predict(batch[list(FEATURES)])
    mask = np.zeros(len(batch), dtype=bool)
    for column, domain in domains.items():
        mask |= (~batch[column].isin(list(domain))).to_numpy()
    scored = batch[~mask].copy()
    scored["prediction"] = predictions[~mask]
    held = batch[mask].copy()
    held["reason"] = "unseen value"
    return scored, held
