# Narrow tests aimed at the five listed variants only: no wrong-token, limits, behaviour or partial-batch tests.
def service_tests():
    """Return a list of test functions taking fixtures by name (client, token, headers)."""
    def test_schema(client, headers):
        body = client.post("/predict", json={"rows": [example_row()]}, headers=headers).json()
        assert set(body) == {"model_version", "predictions"}

    def test_missing_token(client):
        assert client.post("/predict", json={"rows": [example_row()]}).status_code == 401

    def test_validation(client, headers):
        for row in (example_row(temperature=999.0), example_row(flavor="mint")):
            response = client.post("/predict", json={"rows": [row]}, headers=headers)
            assert response.status_code == 422 and "Traceback" not in response.text

    def test_batch_twice(client, headers):
        rows = [dict(example_row(), row_id=f"r{i}") for i in range(3)]
        for _ in range(2):
            client.post("/batch/j", json={"rows": rows}, headers=headers)
        assert len(client.get("/batch/j", headers=headers).json()["results"]) == 3

    return [test_schema, test_missing_token, test_validation, test_batch_twice]
