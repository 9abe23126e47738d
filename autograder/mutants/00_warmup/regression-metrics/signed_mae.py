# Wrong: the mean error without absolute values, so over- and under-forecasts cancel.
def regression_metrics(y_true, y_pred):
    y_true = np.asarray(y_true, dtype=float)
    y_pred = np.asarray(y_pred, dtype=float)
    residual = y_true - y_pred
    r2 = 1.0 - np.sum(residual**2) / np.sum((y_true - y_true.mean()) ** 2)
    return {
        "rmse": float(np.sqrt(np.mean(residual**2))),
        "mae": float(abs(np.mean(residual))),
        "r2": float(r2),
    }
