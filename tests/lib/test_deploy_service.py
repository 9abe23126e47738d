"""The reference prediction service: contract, bad input, errors, broken variants, a real run."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time

import httpx
import numpy as np
import pytest

from interviewlab.deploy import (
    API_VERSION,
    BROKEN_VARIANTS,
    DEMO_TOKEN,
    FLAVORS,
    MAX_BATCH_ROWS,
    MAX_BODY_BYTES,
    MAX_ROWS,
    default_model,
    example_row,
    make_sales_model,
    make_service,
    service_client,
)

AUTH = {"Authorization": f"Bearer {DEMO_TOKEN}"}


@pytest.fixture
def client():
    return service_client()


def predict(client, rows, headers=AUTH):
    return client.post("/predict", json={"rows": rows}, headers=headers)


def batch_rows(ids, **changes):
    return [dict(example_row(temperature=10.0 + i, **changes), row_id=f"r{i}") for i in ids]


# --------------------------------------------------------------------------- the model


def test_model_is_seeded_and_sensible():
    """Same seed, same model; sales grow with heat and fall with price, never below zero."""
    a, b = make_sales_model(random_state=3), make_sales_model(random_state=3)
    rows = [example_row(temperature=t) for t in (-20.0, 5.0, 20.0, 35.0)]
    assert np.array_equal(a.predict(rows), b.predict(rows))
    assert a.version == "icecream-ridge-1.0+seed.3"
    hot = a.predict(rows)
    assert np.all(np.diff(hot) >= 0) and hot[-1] > hot[1]
    assert np.all(hot >= 0)
    cheap, dear = a.predict([example_row(price=1.5), example_row(price=6.0)])
    assert cheap > dear
    assert 0 < default_model().holdout_mae < 15


def test_model_rejects_bad_arguments():
    """make_sales_model names the bad argument."""
    with pytest.raises(ValueError, match="n_days"):
        make_sales_model(3)
    with pytest.raises(ValueError, match="alpha"):
        make_sales_model(alpha=-1.0)


# --------------------------------------------------------------------------- happy paths


def test_health_and_version_need_no_token(client):
    """/health and /version answer without a token, with the documented keys."""
    assert client.get("/health").json() == {"status": "ok"}
    version = client.get("/version").json()
    assert set(version) == {"api_version", "model_version", "package_version"}
    assert version["api_version"] == API_VERSION
    assert version["model_version"] == default_model().version


def test_predict_matches_the_model_in_order(client):
    """One prediction per row, in row order, equal to the model's (rounded to 4 places)."""
    rows = [example_row(flavor=f, temperature=t) for f in FLAVORS for t in (5.0, 25.0)]
    response = predict(client, rows)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"model_version", "predictions"}
    expected = np.round(default_model().predict(rows), 4)
    assert body["predictions"] == pytest.approx(expected.tolist(), abs=1e-9)


def test_predict_accepts_integers_for_floats_and_the_row_limit(client):
    """JSON integers are valid numbers, and exactly MAX_ROWS rows are accepted."""
    assert predict(client, [example_row(temperature=21, price=3)]).status_code == 200
    assert predict(client, [example_row()] * MAX_ROWS).status_code == 200


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"temperature": 51.0}, "rows.0.temperature"),
        ({"temperature": -31.0}, "rows.0.temperature"),
        ({"temperature": "21"}, "rows.0.temperature"),
        ({"temperature": None}, "rows.0.temperature"),
        ({"price": 0.0}, "rows.0.price"),
        ({"price": 25.0}, "rows.0.price"),
        ({"promotion": 1}, "rows.0.promotion"),
        ({"promotion": "true"}, "rows.0.promotion"),
        ({"flavor": "mint"}, "rows.0.flavor"),
        ({"flavor": 3}, "rows.0.flavor"),
        ({"extra": 1}, "rows.0.extra"),
    ],
)
def test_bad_rows_get_422_naming_the_field(client, change, field):
    """Out-of-range, mistyped, unknown and extra fields give 422 with the field's path."""
    response = predict(client, [example_row(**change)])
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["status"] == 422
    assert field in [d["field"] for d in error["details"]]


def test_missing_fields_and_bad_bodies_get_422(client):
    """Missing fields, empty or oversized row lists, wrong shapes and bad JSON are all 422."""
    row = example_row()
    del row["price"]
    assert predict(client, [row]).status_code == 422
    assert predict(client, []).status_code == 422
    assert predict(client, [example_row()] * (MAX_ROWS + 1)).status_code == 422
    for body in ({}, {"rows": "all"}, [example_row()], {"rows": [example_row()], "x": 1}):
        assert client.post("/predict", json=body, headers=AUTH).status_code == 422
    headers = {**AUTH, "Content-Type": "application/json"}
    bad_json = client.post("/predict", content=b'{"rows": [', headers=headers)
    assert bad_json.status_code == 422
    assert bad_json.json()["error"]["message"] == "request body is not valid JSON"
    nan = b'{"rows": [{"flavor": "vanilla", "temperature": NaN, "price": 2, "promotion": false}]}'
    assert client.post("/predict", content=nan, headers=headers).status_code == 422


def test_oversized_bodies_get_413_declared_or_streamed(client):
    """A body over MAX_BODY_BYTES is refused with 413, with or without Content-Length."""
    blob = b'{"rows": [' + b" " * MAX_BODY_BYTES + b"]}"
    headers = {**AUTH, "Content-Type": "application/json"}
    response = client.post("/predict", content=blob, headers=headers)
    assert response.status_code == 413
    assert response.json()["error"]["status"] == 413

    def chunks():
        for _ in range(40):
            yield b" " * 8192

    streamed = client.post("/predict", content=chunks(), headers=headers)
    assert streamed.status_code == 413


def test_authentication(client):
    """Missing, malformed and wrong tokens get 401 with a Bearer challenge."""
    for headers in (
        {},
        {"Authorization": "Basic abc"},
        {"Authorization": "Bearer "},
        {"Authorization": f"Bearer {DEMO_TOKEN}x"},
        {"Authorization": DEMO_TOKEN},
    ):
        response = predict(client, [example_row()], headers=headers)
        assert response.status_code == 401, headers
        assert response.headers["www-authenticate"] == "Bearer"
        assert "error" in response.json()
    assert client.get("/batch/x", headers={"Authorization": "Bearer no"}).status_code == 401
    custom = service_client(token="s3cret-for-test")
    ok = {"Authorization": "Bearer s3cret-for-test"}
    assert predict(custom, [example_row()], headers=ok).status_code == 200
    assert predict(custom, [example_row()]).status_code == 401


def test_unknown_routes_and_methods_are_json(client):
    """404 and 405 come back in the same JSON error shape."""
    assert client.get("/nothing").json() == {"error": {"status": 404, "message": "Not Found"}}
    response = client.get("/predict")
    assert response.status_code == 405
    assert response.json()["error"]["status"] == 405


def test_internal_errors_never_leak_a_trace():
    """A model that crashes gives a generic 500 with a request id, no trace, no message."""

    class Exploding:
        version = "boom-1"

        def predict(self, rows):
            raise RuntimeError("secret path /home/alice/model.bin")

    client = service_client(model=Exploding())
    response = predict(client, [example_row()])
    assert response.status_code == 500
    error = response.json()["error"]
    assert error["message"] == "internal server error"
    assert len(error["request_id"]) == 12
    assert "Traceback" not in response.text and "alice" not in response.text


def test_make_service_rejects_bad_arguments():
    """Unknown variants, empty tokens and bad body limits are refused up front."""
    with pytest.raises(ValueError, match="broken must be"):
        make_service("slow")
    with pytest.raises(ValueError, match="token"):
        make_service(token="")
    with pytest.raises(ValueError, match="max_body_bytes"):
        make_service(max_body_bytes=0)


# --------------------------------------------------------------------------- batch endpoint


def test_batch_endpoint_is_idempotent(client):
    """Re-sending rows scores only new ids; results list each id once, sorted."""
    first = client.post("/batch/day-1", json={"rows": batch_rows(range(3))}, headers=AUTH)
    assert first.json() == {"job_id": "day-1", "scored": 3, "skipped": 0, "total": 3}
    again = client.post("/batch/day-1", json={"rows": batch_rows(range(5))}, headers=AUTH)
    assert again.json() == {"job_id": "day-1", "scored": 2, "skipped": 3, "total": 5}
    results = client.get("/batch/day-1", headers=AUTH).json()
    assert [r["row_id"] for r in results["results"]] == ["r0", "r1", "r2", "r3", "r4"]
    expected = np.round(default_model().predict(batch_rows(range(5))), 4).tolist()
    assert [r["prediction"] for r in results["results"]] == pytest.approx(expected)
    other = client.post("/batch/day-2", json={"rows": batch_rows(range(2))}, headers=AUTH)
    assert other.json()["total"] == 2


def test_batch_endpoint_bad_input(client):
    """Unknown jobs 404; duplicate ids, bad job ids and too many rows 422."""
    assert client.get("/batch/nope", headers=AUTH).status_code == 404
    twice = batch_rows([1, 1])
    response = client.post("/batch/j", json={"rows": twice}, headers=AUTH)
    assert response.status_code == 422 and "repeated" in response.json()["error"]["message"]
    assert (
        client.post("/batch/bad%20id", json={"rows": batch_rows([1])}, headers=AUTH).status_code
        == 422
    )
    too_many = [dict(example_row(), row_id=f"r{i}") for i in range(MAX_BATCH_ROWS + 1)]
    response = client.post("/batch/j", json={"rows": too_many}, headers=AUTH)
    assert response.status_code in (413, 422)
    no_id = [example_row()]
    assert client.post("/batch/j", json={"rows": no_id}, headers=AUTH).status_code == 422


# --------------------------------------------------------------------------- broken variants


def test_every_broken_variant_differs_from_the_reference():
    """Each variant shows the defect its description names."""
    rows = [example_row(temperature=10.0), example_row(temperature=30.0)]

    def variant(name):
        return service_client(name)

    c = variant("no_validation")
    assert predict(c, [example_row(temperature=999.0)]).status_code == 200
    c = variant("wrong_output_schema")
    assert set(predict(c, rows).json()) != {"model_version", "predictions"}
    c = variant("leaks_trace")
    leak = predict(c, [example_row(flavor="mint")])
    assert leak.status_code == 500 and "Traceback" in leak.text
    c = variant("no_auth")
    assert predict(c, rows, headers={}).status_code == 200
    c = variant("any_token")
    assert predict(c, rows, headers={"Authorization": "Bearer guess"}).status_code == 200
    assert predict(c, rows, headers={}).status_code == 401
    c = variant("no_row_limit")
    assert predict(c, [example_row()] * (MAX_ROWS + 1)).status_code == 200
    c = variant("constant_predictions")
    values = predict(c, rows).json()["predictions"]
    assert values[0] == values[1]
    c = variant("no_body_limit")
    blob = b'{"rows": [' + b" " * MAX_BODY_BYTES + b"]}"
    headers = {**AUTH, "Content-Type": "application/json"}
    assert c.post("/predict", content=blob, headers=headers).status_code == 422
    c = variant("non_idempotent_batch")
    for _ in range(2):
        c.post("/batch/j", json={"rows": batch_rows(range(3))}, headers=AUTH)
    assert len(c.get("/batch/j", headers=AUTH).json()["results"]) == 6
    c = variant("batch_loses_rows")
    c.post("/batch/j", json={"rows": batch_rows(range(3))}, headers=AUTH)
    c.post("/batch/j", json={"rows": batch_rows(range(5))}, headers=AUTH)
    assert len(c.get("/batch/j", headers=AUTH).json()["results"]) == 3
    assert len(BROKEN_VARIANTS) == 10


def test_reference_service_passes_what_the_variants_fail():
    """The same probes on the reference service give the contract's answers."""
    c = service_client()
    assert predict(c, [example_row(temperature=999.0)]).status_code == 422
    assert predict(c, [example_row(flavor="mint")]).status_code == 422
    assert predict(c, [example_row()], headers={"Authorization": "Bearer guess"}).status_code == 401
    for _ in range(2):
        c.post("/batch/j", json={"rows": batch_rows(range(3))}, headers=AUTH)
    assert len(c.get("/batch/j", headers=AUTH).json()["results"]) == 3


# --------------------------------------------------------------------------- a real run


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_real_server_on_loopback(tmp_path):
    """`interviewlab serve` answers real HTTP on 127.0.0.1, then stops cleanly."""
    port = _free_port()
    env = dict(os.environ, INTERVIEWLAB_API_TOKEN="loopback-token")
    server = subprocess.Popen(
        [sys.executable, "-m", "interviewlab.cli", "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                health = httpx.get(f"{base}/health", timeout=1)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stderr.read().decode()
                assert time.monotonic() < deadline, "server did not start in 30 s"
                time.sleep(0.2)
        assert health.json() == {"status": "ok"}
        auth = {"Authorization": "Bearer loopback-token"}
        body = {"rows": [example_row(temperature=12.0), example_row(temperature=28.0)]}
        ok = httpx.post(f"{base}/predict", json=body, headers=auth, timeout=5)
        assert ok.status_code == 200
        low, high = ok.json()["predictions"]
        assert high > low
        assert httpx.post(f"{base}/predict", json=body, timeout=5).status_code == 401
        bad = httpx.post(f"{base}/predict", content=b"{", headers=auth, timeout=5)
        assert bad.status_code == 422 and json.loads(bad.text)["error"]["status"] == 422
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover - only if uvicorn hangs
            server.kill()
            server.wait()
        server.stdout.close()
        server.stderr.close()
