# Wrong: every empty bin gets a fixed 1e-6 instead of Evidently's fill rule.
def psi_quantile(reference, current, bins=10):
    reference = np.asarray(reference, dtype=float)
    current = np.asarray(current, dtype=float)
    edges = np.unique(np.quantile(reference, np.linspace(0, 1, bins + 1)[1:-1]))
    n_bins = edges.size + 1

    def shares(values):
        counts = np.bincount(np.searchsorted(edges, values, side="right"), minlength=n_bins)
        return np.maximum(counts / values.size, 1e-6)

    r, c = shares(reference), shares(current)
    return float(np.sum((r - c) * np.log(r / c)))
