"""Feature engineering shared by the fraud notebooks."""


def build_features(frame):
    return frame.drop(columns=["is_fraud"], errors="ignore")
