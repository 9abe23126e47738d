"""Load test: run `locust -f loadtest/locustfile.py --host https://forecast-staging.example.com`."""

import os

from locust import HttpUser, between, task

ROW = {"store": "store_01", "flavor": "vanilla", "temperature": 24.0, "price": 2.5, "promotion": False}


class Forecaster(HttpUser):
    wait_time = between(0.01, 0.05)

    @task
    def predict(self):
        headers = {"Authorization": f"Bearer {os.environ['API_TOKEN']}"}
        self.client.post("/predict", json={"rows": [ROW] * 10}, headers=headers)
