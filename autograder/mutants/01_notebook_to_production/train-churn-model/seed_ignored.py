# Wrong: a fixed seed of 42 ignores the random_state argument.
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split


def train_churn_model(X, y, *, random_state):
    """Fit the churn forest on (X, y); return (model, test AUC). Pure and seeded."""
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.25, stratify=y, random_state=42
    )
    model = RandomForestClassifier(
        n_estimators=50, max_depth=6, class_weight="balanced", random_state=42
    )
    model.fit(X_train, y_train)
    auc = roc_auc_score(y_test, model.predict_proba(X_test)[:, 1])
    return model, float(auc)
