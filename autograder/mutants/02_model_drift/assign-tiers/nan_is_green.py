# Wrong: a missing value (NaN) is reported as green instead of having no tier.
def assign_tiers(report, thresholds):
    def tier(metric, value):
        if metric not in thresholds:
            return None
        yellow, red = thresholds[metric]
        if red >= yellow:
            return "red" if value >= red else "yellow" if value >= yellow else "green"
        return "red" if value <= red else "yellow" if value <= yellow else "green"

    return pd.Series(
        [tier(m, v) for m, v in zip(report["metric"], report["value"])],
        index=report.index,
        dtype=object,
    )
