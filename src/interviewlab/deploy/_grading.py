"""Run a learner's service tests against the reference service and its broken variants.

A *service test* is a pytest-style function whose parameters are fixtures by name:

- ``client``: a FastAPI ``TestClient`` on a fresh service (no default headers; a server
  error comes back as a 500 response instead of an exception),
- ``token``: the bearer token the service accepts,
- ``headers``: ``{"Authorization": "Bearer <token>"}``.

A test passes if it returns without raising. A broken variant is *caught* when at least one
test that passes on the reference service fails on it (a test that fails everywhere catches
nothing).
"""

from __future__ import annotations

import inspect
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from interviewlab.deploy._service import BROKEN_VARIANTS, DEMO_TOKEN, make_service

#: Fixture names a service test may ask for.
FIXTURES = ("client", "token", "headers")


@dataclass(frozen=True)
class TestOutcome:
    """The result of one test on one service: passed, or failed with a short message."""

    __test__ = False  # not a pytest test class

    name: str
    passed: bool
    message: str = ""


@dataclass(frozen=True)
class ServiceTestRun:
    """All tests on one service.

    Attributes
    ----------
    variant : str or None
        ``None`` for the reference service, else the broken variant's name.
    outcomes : tuple of TestOutcome
    """

    variant: str | None
    outcomes: tuple[TestOutcome, ...]

    @property
    def passed(self) -> bool:
        """Whether every test passed."""
        return all(outcome.passed for outcome in self.outcomes)

    @property
    def failed(self) -> tuple[str, ...]:
        """Names of the tests that failed."""
        return tuple(o.name for o in self.outcomes if not o.passed)


@dataclass(frozen=True)
class ServiceTestGrade:
    """How a set of tests fares on the reference service and on broken variants.

    Attributes
    ----------
    reference : ServiceTestRun
        The tests on the reference service (they should all pass).
    runs : dict of str to ServiceTestRun
        The tests on each broken variant.
    caught : dict of str to bool
        Whether a test that passes on the reference fails on the variant.
    """

    reference: ServiceTestRun
    runs: dict[str, ServiceTestRun]
    caught: dict[str, bool]

    @property
    def n_caught(self) -> int:
        return sum(self.caught.values())

    @property
    def missed(self) -> tuple[str, ...]:
        """Variants no test caught."""
        return tuple(name for name, hit in self.caught.items() if not hit)


def service_client(broken: str | None = None, *, token: str = DEMO_TOKEN, model=None):
    """A ``TestClient`` on a fresh reference service (or broken variant, or another model).

    Server errors come back as 500 responses, not exceptions, as a real client sees them.

    Examples
    --------
    >>> client = service_client()
    >>> client.get("/version").status_code
    200
    """
    return _client(make_service(broken, token=token, model=model))


def _client(app):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # starlette's TestClient warns about httpx on import
        from fastapi.testclient import TestClient

    return TestClient(app, raise_server_exceptions=False)


def _check_tests(tests) -> list[Callable]:
    if callable(tests) or isinstance(tests, str | bytes):
        raise TypeError(f"tests must be a list of test functions, got {tests!r}")
    try:
        tests = list(tests)
    except TypeError:
        raise TypeError(f"tests must be a list of test functions, got {tests!r}") from None
    if not tests:
        raise ValueError("tests must hold at least one test function, got an empty list")
    for test in tests:
        if not callable(test):
            raise TypeError(f"tests must hold only functions, got {test!r}")
    return tests


def _run_one(test: Callable, app, token: str) -> TestOutcome:
    name = getattr(test, "__name__", repr(test))
    try:
        parameters = inspect.signature(test).parameters
    except (TypeError, ValueError):
        parameters = {}
    unknown = [
        p
        for p, spec in parameters.items()
        if p not in FIXTURES
        and spec.default is inspect.Parameter.empty
        and spec.kind not in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
    ]
    if unknown:
        valid = ", ".join(FIXTURES)
        return TestOutcome(name, False, f"unknown fixture(s) {', '.join(unknown)}; use {valid}")
    app.state.batch_jobs.clear()  # every test starts from an empty service
    client = _client(app)
    values = {"client": client, "token": token, "headers": {"Authorization": f"Bearer {token}"}}
    kwargs = {p: values[p] for p in parameters if p in values}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            test(**kwargs)
    except (Exception, SystemExit) as exc:
        message = f"{type(exc).__name__}: {exc}".strip()
        return TestOutcome(name, False, message if len(message) <= 300 else message[:297] + "...")
    finally:
        client.close()
    return TestOutcome(name, True)


def run_service_tests(
    tests: Iterable[Callable], broken: str | None = None, *, token: str = DEMO_TOKEN
) -> ServiceTestRun:
    """Run service tests against the reference service or one broken variant.

    Each test gets a fresh client on a service whose batch jobs are emptied first, so tests
    cannot disturb each other.

    Parameters
    ----------
    tests : list of callables
        Test functions taking fixtures by name (:data:`FIXTURES`).
    broken : str, optional
        A name from :data:`BROKEN_VARIANTS`; ``None`` for the reference service.
    token : str, default=DEMO_TOKEN

    Returns
    -------
    ServiceTestRun

    Examples
    --------
    >>> def test_health(client):
    ...     assert client.get("/health").json() == {"status": "ok"}
    >>> def test_needs_token(client):
    ...     assert client.post("/predict", json={"rows": []}).status_code == 401
    >>> run_service_tests([test_health, test_needs_token]).passed
    True
    >>> run_service_tests([test_health, test_needs_token], "no_auth").failed
    ('test_needs_token',)
    """
    tests = _check_tests(tests)
    if broken is not None and broken not in BROKEN_VARIANTS:
        valid = ", ".join(repr(n) for n in BROKEN_VARIANTS)
        raise ValueError(f"broken must be None or one of {valid}; got {broken!r}")
    app = make_service(broken, token=token)
    return ServiceTestRun(broken, tuple(_run_one(test, app, token) for test in tests))


def grade_service_tests(
    tests: Iterable[Callable],
    variants: Iterable[str] | None = None,
    *,
    token: str = DEMO_TOKEN,
) -> ServiceTestGrade:
    """Run tests on the reference service and on broken variants; say which were caught.

    Parameters
    ----------
    tests : list of callables
    variants : iterable of str, optional
        Broken variants to try; all of :data:`BROKEN_VARIANTS` by default.
    token : str, default=DEMO_TOKEN

    Returns
    -------
    ServiceTestGrade

    Examples
    --------
    >>> def test_needs_token(client):
    ...     assert client.post("/predict", json={"rows": []}).status_code == 401
    >>> grade = grade_service_tests([test_needs_token], ["no_auth", "leaks_trace"])
    >>> grade.reference.passed, grade.caught
    (True, {'no_auth': True, 'leaks_trace': False})
    """
    tests = _check_tests(tests)
    variants = list(BROKEN_VARIANTS) if variants is None else list(variants)
    for name in variants:
        if name not in BROKEN_VARIANTS:
            valid = ", ".join(repr(n) for n in BROKEN_VARIANTS)
            raise ValueError(f"variants must be drawn from {valid}; got {name!r}")
    reference = run_service_tests(tests, token=token)
    runs, caught = {}, {}
    for name in variants:
        run = run_service_tests(tests, name, token=token)
        runs[name] = run
        caught[name] = any(
            good.passed and not bad.passed
            for good, bad in zip(reference.outcomes, run.outcomes, strict=True)
        )
    return ServiceTestGrade(reference, runs, caught)
