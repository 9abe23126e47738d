# Wrong: a value exactly on a threshold stays in the lower tier (> instead of >=).
def assign_tiers(report, thresholds):
    def tier(metric, value):
        if metric not in thresholds or pd.isna(value):
            return None
        yellow, red = thresholds[metric]
        if red >= yellow:
            return "red" if value > red else "yellow" if value > yellow else "green"
        return "red" if value < red else "yellow" if value < yellow else "green"

    return pd.Series(
        [tier(m, v) for m, v in zip(report["metric"], report["value"])],
        index=report.index,
        dtype=object,
    )
