import pytest
from fastapi.testclient import TestClient


@pytest.fixture
def client(monkeypatch):
    monkeypatch.setenv("API_TOKEN", "test-token")
    from service.app import app

    return TestClient(app)


AUTH = {"Authorization": "Bearer test-token"}
ROW = {"store": "store_01", "flavor": "vanilla", "temperature": 24.0, "price": 2.5, "promotion": False}


def test_predict_returns_one_prediction_per_row(client):
    response = client.post("/predict", json={"rows": [ROW, ROW]}, headers=AUTH)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"model_version", "predictions"}
    assert len(body["predictions"]) == 2


def test_missing_token_is_rejected(client):
    assert client.post("/predict", json={"rows": [ROW]}).status_code == 401


@pytest.mark.parametrize("change", [{"temperature": 400.0}, {"flavor": "mint"}, {"price": "2.5"}])
def test_bad_rows_are_rejected(client, change):
    response = client.post("/predict", json={"rows": [{**ROW, **change}]}, headers=AUTH)
    assert response.status_code == 422
