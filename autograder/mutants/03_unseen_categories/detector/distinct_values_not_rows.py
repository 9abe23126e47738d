# Wrong: counts each unseen value once instead of counting the rows that carry it.
def learn_domains(train):
    return {c: set(train[c].dropna()) for c in train.columns if train[c].dtype == object}


def find_unseen(domains, batch):
    rows = []
    for column in sorted(domains):
        values = batch[column]
        new = sorted(set(values.dropna()) - domains[column])
        rows += [{"column": column, "value": v, "count": 1, "share": 1 / len(batch)} for v in new]
    return pd.DataFrame(rows, columns=["column", "value", "count", "share"])


def unseen_rows(domains, batch):
    mask = np.zeros(len(batch), dtype=bool)
    for column, domain in domains.items():
        values = batch[column]
        mask |= (values.notna() & ~values.isin(list(domain))).to_numpy()
    return batch.index[mask]
