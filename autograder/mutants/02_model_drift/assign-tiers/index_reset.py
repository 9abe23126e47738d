# Wrong: returns the tiers with a fresh 0..n-1 index instead of the report's index.
def assign_tiers(report, thresholds):
    def tier(metric, value):
        if metric not in thresholds or pd.isna(value):
            return None
        yellow, red = thresholds[metric]
        if red >= yellow:
            return "red" if value >= red else "yellow" if value >= yellow else "green"
        return "red" if value <= red else "yellow" if value <= yellow else "green"

    return pd.Series([tier(m, v) for m, v in zip(report["metric"], report["value"])], dtype=object)
