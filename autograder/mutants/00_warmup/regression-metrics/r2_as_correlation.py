# Wrong: R² as the squared correlation, which ignores bias in the forecasts.
def regression_metrics(y_true, y_pred):
    y_true = np.asarray(y_true, dtype=float)
    y_pred = np.asarray(y_pred, dtype=float)
    residual = y_true - y_pred
    r2 = np.corrcoef(y_true, y_pred)[0, 1] ** 2
    return {
        "rmse": float(np.sqrt(np.mean(residual**2))),
        "mae": float(np.mean(np.abs(residual))),
        "r2": float(r2),
    }
