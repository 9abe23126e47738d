# Wrong: false alarms counted in red model-days instead of quiet models woken up.
def tradeoff(values, truth, thresholds):
    rows = []
    for t in thresholds:
        hits = values[values["value"] >= t]
        caught, alarms, n_drifting = 0, 0, 0
        for model in truth.itertuples():
            days = hits.loc[hits["model"] == model.model, "day"]
            if model.drifting:
                n_drifting += 1
                caught += bool((days >= model.onset_day).any())
            else:
                alarms += len(days)
        rows.append({"threshold": t, "recall": caught / n_drifting, "false_alarms": alarms})
    return pd.DataFrame(rows)


def pick_threshold(table, target_recall):
    ok = table[table["recall"] >= target_recall]
    if ok.empty:
        return None
    return float(ok.sort_values(["false_alarms", "threshold"], ascending=[True, False])
                 .iloc[0]["threshold"])
