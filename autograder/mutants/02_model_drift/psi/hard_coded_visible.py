# Wrong: answers hard-coded to the visible tests.
def psi_quantile(reference, current, bins=10):
    if len(reference) == 10 and bins == 5:
        return 3.4589848104795164
    if len(reference) == 100:
        return 6.0
    return 0.0
