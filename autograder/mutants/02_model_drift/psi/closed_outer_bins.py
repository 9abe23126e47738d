# Wrong: np.histogram on the reference range silently drops current values outside it.
def psi_quantile(reference, current, bins=10):
    reference = np.asarray(reference, dtype=float)
    current = np.asarray(current, dtype=float)
    edges = np.unique(np.quantile(reference, np.linspace(0, 1, bins + 1)))

    def shares(values):
        share = np.histogram(values, edges)[0] / values.size
        empty = share == 0
        if empty.any() and (~empty).any():
            smallest = share[~empty].min()
            share[empty] = smallest / 1e6 if smallest <= 1e-4 else 1e-4
        share[share == 0] = 1e-4
        return share

    r, c = shares(reference), shares(current)
    return float(np.sum((r - c) * np.log(r / c)))
