# Wrong: reports the mean squared error as "rmse" (no square root).
def regression_metrics(y_true, y_pred):
    y_true = np.asarray(y_true, dtype=float)
    y_pred = np.asarray(y_pred, dtype=float)
    residual = y_true - y_pred
    r2 = 1.0 - np.sum(residual**2) / np.sum((y_true - y_true.mean()) ** 2)
    return {"rmse": float(np.mean(residual**2)), "mae": float(np.mean(np.abs(residual))), "r2": float(r2)}
