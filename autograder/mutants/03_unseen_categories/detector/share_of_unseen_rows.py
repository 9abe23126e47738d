# Wrong: share is the count over the unseen rows, not over all rows of the batch.
def learn_domains(train):
    return {c: set(train[c].dropna()) for c in train.columns if train[c].dtype == object}


def find_unseen(domains, batch):
    rows = []
    for column in sorted(domains):
        values = batch[column]
        outside = values.notna() & ~values.isin(list(domains[column]))
        counts = values[outside].value_counts()
        for value, count in counts.items():
            rows.append({"column": column, "value": value, "count": int(count),
                         "share": count / counts.sum()})
    found = pd.DataFrame(rows, columns=["column", "value", "count", "share"])
    return found.sort_values(["column", "count", "value"], ascending=[True, False, True],
                             ignore_index=True)


def unseen_rows(domains, batch):
    mask = np.zeros(len(batch), dtype=bool)
    for column, domain in domains.items():
        values = batch[column]
        mask |= (values.notna() & ~values.isin(list(domain))).to_numpy()
    return batch.index[mask]
