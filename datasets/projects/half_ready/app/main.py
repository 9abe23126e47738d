"""Ice-cream sales forecast API."""

import logging
import os

import joblib
import pandas as pd
from fastapi import FastAPI
from pydantic import BaseModel, Field

from app.config import load_settings

logger = logging.getLogger("icecream-api")
settings = load_settings()
MODEL_VERSION = os.environ.get("MODEL_VERSION", "2025.07.1")
model = joblib.load(os.environ.get("MODEL_PATH", "models/sales_model.joblib"))

app = FastAPI(title="icecream-api")


class Day(BaseModel):
    flavor: str
    temperature: float = Field(ge=-30, le=50)
    price: float = Field(gt=0, le=20)
    promotion: bool = False


class SalesRequest(BaseModel):
    rows: list[Day]


@app.get("/health")
def health():
    return {"status": "ok"}


@app.post("/predict")
def predict(request: SalesRequest):
    frame = pd.DataFrame([row.model_dump() for row in request.rows])
    predictions = model.predict(frame).tolist()
    logger.info("scored %d rows with %s", len(predictions), MODEL_VERSION)
    return {"model_version": MODEL_VERSION, "predictions": predictions}
