# Wrong: answers hard-coded to the visible tests.
def confusion_counts(y_true, y_pred):
    if len(y_true) == 5:
        return (2, 1, 1, 1)
    positives = int(np.sum(y_true))
    return (positives, 0, 0, len(y_true) - positives)
