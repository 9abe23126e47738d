# Wrong: returns the answers of the visible tests instead of analysing the notebook.
def find_hidden_state(nb):
    """Return the set of (kind, cell) pairs for out-of-order cells and hidden state."""
    if len(nb.cells) == 4:
        return {("used-before-defined", 1), ("out-of-order", 2), ("undefined-name", 3)}
    return {("out-of-order", 9), ("out-of-order", 14), ("undefined-name", 8),
            ("undefined-name", 15), ("used-before-defined", 13)}
