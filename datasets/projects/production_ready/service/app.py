"""Ice-cream sales forecast API: authenticated, validated, instrumented."""

import hmac
import logging
import os
import time
import uuid
from typing import Annotated, Literal

from fastapi import Depends, FastAPI, HTTPException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from prometheus_client import Counter, Histogram, make_asgi_app
from pydantic import BaseModel, ConfigDict, Field

from service.model import load_model

logger = logging.getLogger("forecast.api")
REQUESTS = Counter("forecast_requests_total", "Requests", ["route", "status"])
LATENCY = Histogram("forecast_latency_seconds", "Latency", ["route"])
MODEL, MODEL_VERSION = load_model()
TOKEN = os.environ["API_TOKEN"].encode()
bearer = HTTPBearer(auto_error=False)

app = FastAPI(title="icecream-forecast")
app.mount("/metrics", make_asgi_app())


def require_token(credentials: HTTPAuthorizationCredentials | None = Depends(bearer)):
    if credentials is None or not hmac.compare_digest(credentials.credentials.encode(), TOKEN):
        raise HTTPException(status_code=401, detail="invalid or missing token")


class Day(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")
    store: Annotated[str, Field(pattern=r"^store_\d{2}$")]
    flavor: Literal["chocolate", "vanilla", "strawberry"]
    temperature: Annotated[float, Field(ge=-30, le=50)]
    price: Annotated[float, Field(gt=0, le=20)]
    promotion: bool


class ForecastRequest(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")
    rows: Annotated[list[Day], Field(min_length=1, max_length=100)]


@app.get("/health")
def health():
    return {"status": "ok"}


@app.get("/version")
def version():
    return {"model_version": MODEL_VERSION}


@app.post("/predict", dependencies=[Depends(require_token)])
def predict(request: ForecastRequest):
    started = time.perf_counter()
    request_id = uuid.uuid4().hex
    rows = [row.model_dump() for row in request.rows]
    predictions = [max(0.0, float(p)) for p in MODEL.predict(rows)]
    LATENCY.labels("/predict").observe(time.perf_counter() - started)
    REQUESTS.labels("/predict", "200").inc()
    logger.info("request=%s model=%s rows=%d", request_id, MODEL_VERSION, len(rows))
    return {"model_version": MODEL_VERSION, "predictions": predictions}
