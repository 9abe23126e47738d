# Wrong: answers hard-coded to the visible tests (the four flavours of shop A).
NEW = ["cookie dough", "rocky road", "rum raisin", "strawberry"]


def learn_domains(train):
    return {"store": set(train["store"]), "flavor": {"chocolate", "vanilla"}}


def find_unseen(domains, batch):
    present = [v for v in NEW if v in set(batch["flavor"])]
    return pd.DataFrame({"column": "flavor", "value": present, "count": 4,
                         "share": 4 / 24}, columns=["column", "value", "count", "share"])


def unseen_rows(domains, batch):
    return batch.index[batch["flavor"].isin(NEW).to_numpy()]
