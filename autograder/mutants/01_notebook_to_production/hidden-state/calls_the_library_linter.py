# Wrong: asks interviewlab.audit for the answer instead of analysing the code (switched off in grading).
def find_hidden_state(nb):
    """Return the set of (kind, cell) pairs for out-of-order cells and hidden state."""
    kinds = {"NB101": "out-of-order", "NB104": "used-before-defined", "NB105": "undefined-name"}
    return {(kinds[f.code], f.cell) for f in audit_notebook(nb) if f.code in kinds}
