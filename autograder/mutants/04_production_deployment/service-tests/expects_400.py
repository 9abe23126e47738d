# Expects 400 for invalid rows; the contract says 422, so the test fails on the reference service.
def service_tests():
    """Return a list of test functions taking fixtures by name (client, token, headers)."""

    def test_health_and_version(client):
        assert client.get("/health").json() == {"status": "ok"}
        version = client.get("/version").json()
        assert isinstance(version["model_version"], str) and version["model_version"]

    def test_predict_schema(client, headers):
        rows = [example_row(temperature=t) for t in (10.0, 20.0, 30.0)]
        response = client.post("/predict", json={"rows": rows}, headers=headers)
        assert response.status_code == 200
        body = response.json()
        assert set(body) == {"model_version", "predictions"}
        assert len(body["predictions"]) == len(rows)
        assert all(isinstance(p, float) and p >= 0 for p in body["predictions"])

    def test_hotter_days_sell_more(client, headers):
        rows = [example_row(temperature=t) for t in (10.0, 20.0, 30.0)]
        body = client.post("/predict", json={"rows": rows}, headers=headers).json()
        low, mid, high = body["predictions"]
        assert low < mid < high

    def test_token_is_required_and_checked(client, token):
        body = {"rows": [example_row()]}
        assert client.post("/predict", json=body).status_code == 401
        wrong = {"Authorization": f"Bearer not-{token}"}
        assert client.post("/predict", json=body, headers=wrong).status_code == 401

    def test_bad_rows_are_rejected_cleanly(client, headers):
        missing = example_row()
        del missing["price"]
        for row in (
            example_row(temperature=999.0),
            example_row(temperature="21"),
            example_row(flavor="mint"),
            example_row(promotion=1),
            missing,
        ):
            response = client.post("/predict", json={"rows": [row]}, headers=headers)
            assert response.status_code == 400, (row, response.status_code)
            assert "Traceback" not in response.text

    def test_size_limits(client, headers):
        rows = [example_row()] * (MAX_ROWS + 1)
        assert client.post("/predict", json={"rows": rows}, headers=headers).status_code == 422
        blob = b'{"rows": [' + b" " * (MAX_BODY_BYTES + 1) + b"]}"
        big = client.post(
            "/predict", content=blob, headers={**headers, "Content-Type": "application/json"}
        )
        assert big.status_code == 413

    def test_batch_is_idempotent(client, headers):
        rows = [dict(example_row(temperature=float(t)), row_id=f"day-{t}") for t in range(10, 15)]
        first = client.post("/batch/job-1", json={"rows": rows[:3]}, headers=headers).json()
        again = client.post("/batch/job-1", json={"rows": rows}, headers=headers).json()
        assert (first["scored"], again["scored"], again["skipped"], again["total"]) == (3, 2, 3, 5)
        client.post("/batch/job-1", json={"rows": rows}, headers=headers)
        results = client.get("/batch/job-1", headers=headers).json()["results"]
        assert sorted(r["row_id"] for r in results) == sorted(r["row_id"] for r in rows)

    return [
        test_health_and_version,
        test_predict_schema,
        test_hotter_days_sell_more,
        test_token_is_required_and_checked,
        test_bad_rows_are_rejected_cleanly,
        test_size_limits,
        test_batch_is_idempotent,
    ]
