"""The reference prediction service (FastAPI) and its deliberately broken variants.

The contract
------------
``GET /health``
    200 ``{"status": "ok"}``. No token needed (load balancers call it).
``GET /version``
    200 ``{"api_version": str, "model_version": str, "package_version": str}``. No token.
``POST /predict`` (header ``Authorization: Bearer <token>``)
    Body ``{"rows": [{"flavor": str, "temperature": float, "price": float,
    "promotion": bool}, ...]}`` with 1 to :data:`MAX_ROWS` rows; ``flavor`` one of
    :data:`FLAVORS`, ``temperature`` in [-30, 50] °C, ``price`` in (0, 20] €, no other keys,
    no type coercion (``"21"`` is not a number, ``0`` is not a boolean).
    200 ``{"model_version": str, "predictions": [float, ...]}``, one prediction (units sold,
    never negative) per row, in the order of the rows.
``POST /batch/{job_id}`` (token)
    Body ``{"rows": [{"row_id": str, ...the four features}, ...]}`` with 1 to
    :data:`MAX_BATCH_ROWS` rows. Scores rows whose ``row_id`` the job has not seen and skips
    the others: 200 ``{"job_id", "scored": int, "skipped": int, "total": int}``.
``GET /batch/{job_id}`` (token)
    200 ``{"job_id", "model_version", "results": [{"row_id": str, "prediction": float}]}``,
    one entry per row id, sorted by row id; 404 for an unknown job.

Errors: 401 for a missing or wrong token (compared in constant time), 413 for a body over
:data:`MAX_BODY_BYTES`, 422 for a malformed, incomplete, wrongly typed or out-of-range
request, 404/405 for unknown routes and methods. Every error body is JSON,
``{"error": {"status": int, "message": str, ...}}``; an unexpected failure is a 500 with a
generic message and a request id, never a stack trace (the trace goes to the server's log).
"""

# No `from __future__ import annotations` here: FastAPI reads the endpoints' annotations, and
# the request models are built inside make_service, where string annotations cannot be resolved.
import hmac
import json
import logging
import traceback
import uuid
from typing import Annotated, Literal

from interviewlab.deploy._batch import score_new_rows
from interviewlab.deploy._model import FLAVORS, SalesModel, default_model

#: Token the course's in-process services accept. `interviewlab serve` generates its own.
DEMO_TOKEN = "course-demo-token"
#: Version of the HTTP contract described in this module.
API_VERSION = "1.0"
#: Largest number of rows one ``/predict`` call may carry.
MAX_ROWS = 100
#: Largest number of rows one ``/batch/{job_id}`` call may carry.
MAX_BATCH_ROWS = 1000
#: Largest request body, in bytes.
MAX_BODY_BYTES = 256 * 1024

#: Broken variants of the service, for exercises on testing a service: name → what is wrong.
BROKEN_VARIANTS: dict[str, str] = {
    "no_validation": "accepts any JSON: missing, mistyped and out-of-range fields get through",
    "wrong_output_schema": "answers with other keys and types than the contract promises",
    "leaks_trace": "an unknown flavour crashes it and the 500 body carries the stack trace",
    "no_auth": "scores requests without checking the bearer token",
    "non_idempotent_batch": "a batch sent twice is scored twice: rows are duplicated",
    "any_token": "accepts any bearer token, not only the right one",
    "no_row_limit": "accepts any number of rows in one /predict call",
    "constant_predictions": "ignores the features and predicts the same number for every row",
    "batch_loses_rows": "once a job exists it ignores new rows sent to it",
    "no_body_limit": "reads bodies of any size (no 413)",
}

logger = logging.getLogger("interviewlab.deploy.service")
logger.addHandler(logging.NullHandler())


def example_row(**changes) -> dict:
    """A valid ``/predict`` row; keyword arguments replace or add fields.

    Examples
    --------
    >>> example_row(temperature=30.0)
    {'flavor': 'vanilla', 'temperature': 30.0, 'price': 2.5, 'promotion': False}
    """
    row = {"flavor": "vanilla", "temperature": 22.0, "price": 2.5, "promotion": False}
    row.update(changes)
    return row


def _check_broken(broken) -> frozenset[str]:
    if broken is None:
        return frozenset()
    names = (broken,) if isinstance(broken, str) else tuple(broken)
    for name in names:
        if name not in BROKEN_VARIANTS:
            valid = ", ".join(repr(n) for n in BROKEN_VARIANTS)
            raise ValueError(f"broken must be None or one of {valid}; got {name!r}")
    return frozenset(names)


def _request_models(max_rows: int | None):
    """Pydantic models of the requests (strict: no coercion, no extra keys)."""
    from pydantic import BaseModel, ConfigDict, Field

    strict = ConfigDict(strict=True, extra="forbid")

    class Features(BaseModel):
        model_config = strict
        flavor: Literal[FLAVORS]  # type: ignore[valid-type]
        temperature: Annotated[float, Field(ge=-30.0, le=50.0, allow_inf_nan=False)]
        price: Annotated[float, Field(gt=0.0, le=20.0, allow_inf_nan=False)]
        promotion: bool

    limit = Field(min_length=1) if max_rows is None else Field(min_length=1, max_length=max_rows)

    class PredictRequest(BaseModel):
        model_config = strict
        rows: Annotated[list[Features], limit]

    class BatchRow(Features):
        row_id: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]

    class BatchRequest(BaseModel):
        model_config = strict
        rows: Annotated[list[BatchRow], Field(min_length=1, max_length=MAX_BATCH_ROWS)]

    return PredictRequest, BatchRequest


def _error(status: int, message: str, **extra):
    from fastapi.responses import JSONResponse

    return JSONResponse({"error": {"status": status, "message": message, **extra}}, status)


class BodyLimit:
    """ASGI middleware: answer 413 to bodies over ``max_bytes`` before the app sees them.

    Checks the declared ``Content-Length`` first, then reads the body itself, counting bytes
    (a chunked upload declares no length), and hands the app the buffered body. Buffering is
    fine here: the limit is small.
    """

    def __init__(self, app, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                await _error(400, "Content-Length is not a number")(scope, receive, send)
                return
            if size > self.max_bytes:
                await self._reject(scope, receive, send)
                return
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._reject(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        delivered = False

        async def replay():
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _reject(self, scope, receive, send):
        message = f"request body larger than {self.max_bytes} bytes"
        await _error(413, message)(scope, receive, send)


def make_service(
    broken: str | None = None,
    *,
    token: str = DEMO_TOKEN,
    model: SalesModel | None = None,
    max_body_bytes: int = MAX_BODY_BYTES,
):
    """Build the reference prediction service, or one of its broken variants.

    Parameters
    ----------
    broken : str, optional
        ``None`` for the reference service, or a name from :data:`BROKEN_VARIANTS` for a
        service with that one defect (used to check that tests catch it).
    token : str, default=DEMO_TOKEN
        The bearer token ``/predict`` and ``/batch`` require.
    model : SalesModel, optional
        The model to serve; defaults to :func:`default_model`. Anything with ``predict(rows)``
        and a ``version`` works (tests pass a model that fails, to see a clean 500).
    max_body_bytes : int, default=MAX_BODY_BYTES

    Returns
    -------
    fastapi.FastAPI

    Examples
    --------
    >>> from fastapi.testclient import TestClient
    >>> client = TestClient(make_service())
    >>> client.get("/health").json()
    {'status': 'ok'}
    >>> auth = {"Authorization": f"Bearer {DEMO_TOKEN}"}
    >>> body = {"rows": [example_row(temperature=10.0), example_row(temperature=30.0)]}
    >>> client.post("/predict", json=body, headers=auth).json()["predictions"]
    [51.3247, 112.211]
    >>> client.post("/predict", json=body).status_code
    401
    """
    from fastapi import Depends, FastAPI, Path, Request
    from fastapi.exceptions import RequestValidationError
    from starlette.exceptions import HTTPException as StarletteHTTPException

    from interviewlab import __version__

    faults = _check_broken(broken)
    if not isinstance(token, str) or not token:
        raise ValueError("token must be a non-empty string")
    if isinstance(max_body_bytes, bool) or not isinstance(max_body_bytes, int):
        raise ValueError(f"max_body_bytes must be a positive integer, got {max_body_bytes!r}")
    if max_body_bytes < 1:
        raise ValueError(f"max_body_bytes must be a positive integer, got {max_body_bytes!r}")
    model = model if model is not None else default_model()
    PredictRequest, BatchRequest = _request_models(None if "no_row_limit" in faults else MAX_ROWS)
    expected = token.encode("utf-8")

    app = FastAPI(
        title="interviewlab ice-cream sales API",
        version=API_VERSION,
        description="Reference prediction service of interviewlab's topic 4.",
    )
    app.state.batch_jobs = {}
    app.state.broken = broken
    if "no_body_limit" not in faults:
        app.add_middleware(BodyLimit, max_bytes=max_body_bytes)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request, exc):
        details = []
        for problem in exc.errors():
            location = [str(part) for part in problem.get("loc", ()) if part != "body"]
            if problem.get("type") == "json_invalid":
                return _error(422, "request body is not valid JSON")
            details.append({"field": ".".join(location) or "body", "problem": problem["msg"]})
        return _error(422, "invalid request", details=details[:20])

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request, exc):
        response = _error(exc.status_code, str(exc.detail))
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(Exception)
    async def unexpected(request, exc):
        request_id = uuid.uuid4().hex[:12]
        logger.error("request %s failed", request_id, exc_info=exc)
        return _error(500, "internal server error", request_id=request_id)

    def authorize(request: Request) -> None:
        from fastapi import HTTPException

        if "no_auth" in faults:
            return
        scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
        challenge = {"WWW-Authenticate": "Bearer"}
        if scheme.lower() != "bearer" or not credentials.strip():
            raise HTTPException(401, "missing bearer token", headers=challenge)
        if "any_token" in faults:
            return
        if not hmac.compare_digest(credentials.strip().encode("utf-8"), expected):
            raise HTTPException(401, "invalid token", headers=challenge)

    def predict_rows(rows: list[dict]) -> list[float]:
        if "constant_predictions" in faults:
            return [60.0] * len(rows)
        return [round(float(v), 4) for v in model.predict(rows)]

    @app.get("/health")
    def health():
        return {"status": "ok"}

    @app.get("/version")
    def version():
        return {
            "api_version": API_VERSION,
            "model_version": model.version,
            "package_version": __version__,
        }

    if "no_validation" in faults:

        @app.post("/predict", dependencies=[Depends(authorize)])
        async def predict_unchecked(request: Request):
            body = json.loads(await request.body() or b"{}")
            rows = []
            for raw in body.get("rows", []) if isinstance(body, dict) else []:
                raw = raw if isinstance(raw, dict) else {}
                rows.append(
                    {
                        "flavor": raw.get("flavor", "vanilla")
                        if raw.get("flavor") in FLAVORS
                        else "vanilla",
                        "temperature": float(raw.get("temperature", 20.0)),
                        "price": float(raw.get("price", 2.5)),
                        "promotion": bool(raw.get("promotion", False)),
                    }
                )
            return {"model_version": model.version, "predictions": predict_rows(rows)}

    elif "leaks_trace" in faults:

        @app.post("/predict", dependencies=[Depends(authorize)])
        async def predict_leaky(request: Request):
            from fastapi.responses import JSONResponse

            try:
                body = json.loads(await request.body())
                rows = [dict(row) for row in body["rows"]]
                for row in rows:
                    float(row["temperature"]), float(row["price"])
                return {"model_version": model.version, "predictions": predict_rows(rows)}
            except Exception:
                return JSONResponse({"detail": traceback.format_exc()}, 500)

    else:

        @app.post("/predict", dependencies=[Depends(authorize)])
        def predict(request: PredictRequest):  # type: ignore[valid-type]
            rows = [
                row.model_dump(include={"flavor", "temperature", "price", "promotion"})
                for row in request.rows
            ]
            predictions = predict_rows(rows)
            if "wrong_output_schema" in faults:
                return {"model": model.version, "prediction": [str(p) for p in predictions]}
            return {"model_version": model.version, "predictions": predictions}

    job_path = Path(pattern=r"^[A-Za-z0-9_-]{1,64}$")

    @app.post("/batch/{job_id}", dependencies=[Depends(authorize)])
    def batch(request: BatchRequest, job_id: Annotated[str, job_path]):  # type: ignore[valid-type]
        from fastapi import HTTPException

        rows = [row.model_dump() for row in request.rows]
        jobs = app.state.batch_jobs
        if "non_idempotent_batch" in faults:
            results = jobs.setdefault(job_id, [])
            results.extend(
                (row["row_id"], value) for row, value in zip(rows, predict_rows(rows), strict=True)
            )
            return {"job_id": job_id, "scored": len(rows), "skipped": 0, "total": len(results)}
        if "batch_loses_rows" in faults and job_id in jobs:
            total = len(jobs[job_id])
            return {"job_id": job_id, "scored": 0, "skipped": len(rows), "total": total}
        try:
            merged, n_new, n_old = score_new_rows(jobs.get(job_id, {}), rows, _Scorer(predict_rows))
        except ValueError as exc:
            raise HTTPException(422, str(exc)) from None
        jobs[job_id] = merged
        return {"job_id": job_id, "scored": n_new, "skipped": n_old, "total": len(merged)}

    @app.get("/batch/{job_id}", dependencies=[Depends(authorize)])
    def batch_results(job_id: Annotated[str, job_path]):
        from fastapi import HTTPException

        if job_id not in app.state.batch_jobs:
            raise HTTPException(404, f"no batch job {job_id!r}")
        stored = app.state.batch_jobs[job_id]
        pairs = stored if isinstance(stored, list) else sorted(stored.items())
        return {
            "job_id": job_id,
            "model_version": model.version,
            "results": [{"row_id": row_id, "prediction": value} for row_id, value in pairs],
        }

    return app


class _Scorer:
    """Adapts the service's ``predict_rows`` to the ``model.predict`` that batch code expects."""

    def __init__(self, predict_rows):
        self._predict_rows = predict_rows

    def predict(self, rows):
        features = [
            {k: row[k] for k in ("flavor", "temperature", "price", "promotion")} for row in rows
        ]
        return self._predict_rows(features)
