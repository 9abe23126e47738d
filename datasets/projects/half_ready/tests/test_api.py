from fastapi.testclient import TestClient

from app.main import app

client = TestClient(app)


def test_health():
    assert client.get("/health").json() == {"status": "ok"}


def test_predict_returns_one_number_per_row():
    body = {"rows": [{"flavor": "vanilla", "temperature": 24.0, "price": 2.5}]}
    response = client.post("/predict", json=body)
    assert response.status_code == 200
    assert len(response.json()["predictions"]) == 1


def test_out_of_range_temperature_is_rejected():
    body = {"rows": [{"flavor": "vanilla", "temperature": 400.0, "price": 2.5}]}
    assert client.post("/predict", json=body).status_code == 422
