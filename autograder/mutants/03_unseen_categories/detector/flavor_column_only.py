# Wrong: only the flavor column is checked, so a new store (or any other column) goes unnoticed.
def learn_domains(train):
    return {c: set(train[c].dropna()) for c in train.columns if train[c].dtype == object}


def find_unseen(domains, batch):
    values = batch["flavor"]
    outside = values.notna() & ~values.isin(list(domains["flavor"]))
    rows = [{"column": "flavor", "value": v, "count": int(c), "share": c / len(batch)}
            for v, c in values[outside].value_counts().items()]
    found = pd.DataFrame(rows, columns=["column", "value", "count", "share"])
    return found.sort_values(["count", "value"], ascending=[False, True], ignore_index=True)


def unseen_rows(domains, batch):
    values = batch["flavor"]
    return batch.index[(values.notna() & ~values.isin(list(domains["flavor"]))).to_numpy()]
