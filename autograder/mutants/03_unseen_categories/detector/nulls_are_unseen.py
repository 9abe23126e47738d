# Wrong: missing values are counted as unseen values (they are a null spike, not a new category).
def learn_domains(train):
    return {c: set(train[c].dropna()) for c in train.columns if train[c].dtype == object}


def find_unseen(domains, batch):
    rows = []
    for column in sorted(domains):
        values = batch[column]
        outside = ~values.isin(list(domains[column]))
        for value, count in values[outside].fillna("<missing>").value_counts().items():
            rows.append({"column": column, "value": value, "count": int(count),
                         "share": count / len(batch)})
    found = pd.DataFrame(rows, columns=["column", "value", "count", "share"])
    return found.sort_values(["column", "count", "value"], ascending=[True, False, True],
                             ignore_index=True)


def unseen_rows(domains, batch):
    mask = np.zeros(len(batch), dtype=bool)
    for column, domain in domains.items():
        mask |= (~batch[column].isin(list(domain))).to_numpy()
    return batch.index[mask]
