# Only checks status codes of three requests: no schema, no batch, no limits.
def service_tests():
    """Return a list of test functions taking fixtures by name (client, token, headers)."""
    def test_predict_ok(client, headers):
        response = client.post("/predict", json={"rows": [example_row()]}, headers=headers)
        assert response.status_code == 200

    def test_token_required(client):
        assert client.post("/predict", json={"rows": [example_row()]}).status_code == 401

    def test_out_of_range(client, headers):
        row = example_row(temperature=999.0)
        assert client.post("/predict", json={"rows": [row]}, headers=headers).status_code == 422

    return [test_predict_ok, test_token_required, test_out_of_range]
