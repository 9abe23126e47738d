# Wrong: computes the KL divergence sum(c * ln(c / r)), not the symmetric PSI.
def psi_quantile(reference, current, bins=10):
    reference = np.asarray(reference, dtype=float)
    current = np.asarray(current, dtype=float)
    edges = np.unique(np.quantile(reference, np.linspace(0, 1, bins + 1)[1:-1]))
    n_bins = edges.size + 1

    def shares(values):
        counts = np.bincount(np.searchsorted(edges, values, side="right"), minlength=n_bins)
        share = counts / values.size
        empty = share == 0
        if empty.any():
            smallest = share[~empty].min()
            share[empty] = smallest / 1e6 if smallest <= 1e-4 else 1e-4
        return share

    r, c = shares(reference), shares(current)
    return float(np.sum(c * np.log(c / r)))
