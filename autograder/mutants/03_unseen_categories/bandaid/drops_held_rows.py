# Wrong: throws the unknown rows away instead of holding them: the batch loses rows.
def apply_bandaid(model, domains, batch):
    mask = np.zeros(len(batch), dtype=bool)
    for column, domain in domains.items():
        mask |= (~batch[column].isin(list(domain))).to_numpy()
    scored = batch[~mask].copy()
    scored["prediction"] = model.predict(scored[list(FEATURES)])
    held = batch.iloc[:0].assign(reason=pd.Series(dtype=object))
    return scored, held
