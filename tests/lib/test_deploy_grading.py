"""The harness that runs learner-written service tests on the reference and broken services.

The learner-style tests below are named probe_* so that pytest does not collect them itself.
"""

from __future__ import annotations

import pytest

from interviewlab.deploy import (
    BROKEN_VARIANTS,
    MAX_BODY_BYTES,
    MAX_ROWS,
    example_row,
    grade_service_tests,
    run_service_tests,
)


def probe_health(client):
    assert client.get("/health").json() == {"status": "ok"}


def probe_schema(client, headers):
    rows = [example_row(temperature=t) for t in (10.0, 20.0, 30.0)]
    body = client.post("/predict", json={"rows": rows}, headers=headers).json()
    assert set(body) == {"model_version", "predictions"}
    assert len(body["predictions"]) == 3 and all(isinstance(p, float) for p in body["predictions"])
    assert body["predictions"][0] < body["predictions"][1] < body["predictions"][2]


def probe_auth(client, token):
    body = {"rows": [example_row()]}
    assert client.post("/predict", json=body).status_code == 401
    wrong = {"Authorization": f"Bearer {token}-wrong"}
    assert client.post("/predict", json=body, headers=wrong).status_code == 401


def probe_validation(client, headers):
    for change in ({"temperature": 999.0}, {"flavor": "mint"}, {"temperature": "20"}):
        response = client.post("/predict", json={"rows": [example_row(**change)]}, headers=headers)
        assert response.status_code == 422 and "Traceback" not in response.text


def probe_limits(client, headers):
    rows = [example_row()] * (MAX_ROWS + 1)
    assert client.post("/predict", json={"rows": rows}, headers=headers).status_code == 422
    blob = b'{"rows": [' + b" " * MAX_BODY_BYTES + b"]}"
    json_headers = {**headers, "Content-Type": "application/json"}
    assert client.post("/predict", content=blob, headers=json_headers).status_code == 413


def probe_batch(client, headers):
    rows = [dict(example_row(), row_id=f"r{i}") for i in range(4)]
    client.post("/batch/j", json={"rows": rows[:2]}, headers=headers)
    client.post("/batch/j", json={"rows": rows}, headers=headers)
    client.post("/batch/j", json={"rows": rows}, headers=headers)
    results = client.get("/batch/j", headers=headers).json()["results"]
    assert [r["row_id"] for r in results] == ["r0", "r1", "r2", "r3"]


GOOD = [probe_health, probe_schema, probe_auth, probe_validation, probe_limits, probe_batch]


def test_a_thorough_suite_passes_and_catches_every_variant():
    """Tests of the whole contract pass on the reference and catch all ten variants."""
    grade = grade_service_tests(GOOD)
    assert grade.reference.passed
    assert grade.caught == dict.fromkeys(BROKEN_VARIANTS, True)
    assert grade.n_caught == 10 and grade.missed == ()
    assert grade.runs["no_auth"].failed == ("probe_auth",)


def test_a_weak_suite_misses_variants():
    """Status-code-only tests catch the auth variant but miss schema and batch defects."""

    def test_ok(client, headers):
        assert (
            client.post("/predict", json={"rows": [example_row()]}, headers=headers).status_code
            == 200
        )

    grade = grade_service_tests([test_ok, probe_auth])
    assert grade.caught["no_auth"] and grade.caught["any_token"]
    assert set(grade.missed) >= {
        "wrong_output_schema",
        "non_idempotent_batch",
        "constant_predictions",
    }


def test_failing_tests_catch_nothing():
    """A test that fails on the reference service does not count as catching a variant."""

    def test_always_fails(client):
        raise AssertionError("nope")

    grade = grade_service_tests([test_always_fails], ["no_auth"])
    assert not grade.reference.passed
    assert grade.reference.outcomes[0].message == "AssertionError: nope"
    assert grade.caught == {"no_auth": False}


def test_each_test_gets_a_fresh_service():
    """Batch jobs from one test are gone in the next; errors become outcomes, not crashes."""

    def test_first(client, headers):
        rows = [dict(example_row(), row_id="a")]
        assert client.post("/batch/j", json={"rows": rows}, headers=headers).json()["total"] == 1

    def test_second(client, headers):
        assert client.get("/batch/j", headers=headers).status_code == 404

    def test_crashes(client):
        return 1 / 0

    def test_needs_a_db(client, database):
        pass

    run = run_service_tests([test_first, test_second, test_first, test_crashes, test_needs_a_db])
    assert [o.passed for o in run.outcomes] == [True, True, True, False, False]
    assert run.outcomes[3].message == "ZeroDivisionError: division by zero"
    assert "unknown fixture(s) database" in run.outcomes[4].message
    assert run.failed == ("test_crashes", "test_needs_a_db")


def test_bad_arguments():
    """Non-lists, empty lists, non-callables and unknown variants are refused by name."""
    with pytest.raises(TypeError, match="list of test functions"):
        run_service_tests(probe_health)
    with pytest.raises(ValueError, match="at least one"):
        run_service_tests([])
    with pytest.raises(TypeError, match="only functions"):
        run_service_tests([probe_health, "probe_auth"])
    with pytest.raises(ValueError, match="broken must be"):
        run_service_tests([probe_health], "slow")
    with pytest.raises(ValueError, match="variants must be"):
        grade_service_tests([probe_health], ["slow"])
