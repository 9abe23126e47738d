"""Benchmark: the reference prediction service under load, and audit_project on a big tree.

1. **Service.** The reference API runs with uvicorn in its own process on 127.0.0.1; this
   process is the client: 10,000 authenticated ``POST /predict`` calls of one row each, 16 in
   flight at a time (httpx + asyncio), after a warm-up. Printed: throughput, p50 and p99
   latency. The **floor** is the same server (same validation, auth, middleware) whose model
   answers a constant; the **bare** line is a FastAPI route returning a constant with no
   validation at all, for scale. The ratio service / floor is what the model costs.
2. **Audit.** ``audit_project`` on a generated tree of 5,000 Python modules (plus a Dockerfile,
   README and requirements) with 50 planted problems. Printed: wall time, files per second,
   peak RSS of the process, and the floor: only reading the files (``read_project``).

Run: ``.venv/bin/python bench/bench_deploy.py [--small]`` (``--small``: 300 requests, 4 in
flight, 100 modules). Nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TOKEN = "bench-token"


# --------------------------------------------------------------------------- server side


class _Constant:
    """A stand-in model: same interface, no computation."""

    version = "constant-0"

    def predict(self, rows):
        return [50.0] * len(rows)


def serve(kind: str, port: int) -> None:
    """Run one server flavour in this process (called in the child)."""
    import uvicorn

    from interviewlab.deploy import make_service

    if kind == "service":
        app = make_service(token=TOKEN)
    elif kind == "floor":
        app = make_service(token=TOKEN, model=_Constant())
    else:
        from fastapi import FastAPI

        app = FastAPI()

        @app.post("/predict")
        def constant():
            return {"model_version": "bare", "predictions": [50.0]}

        @app.get("/health")
        def health():
            return {"status": "ok"}

    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


# --------------------------------------------------------------------------- client side


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(kind: str) -> tuple[subprocess.Popen, str]:
    import httpx

    port = free_port()
    process = subprocess.Popen(
        [sys.executable, __file__, "--serve", kind, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(f"{base}/health", timeout=1)
            return process, base
        except httpx.TransportError as exc:
            if process.poll() is not None or time.monotonic() > deadline:
                message = f"{kind} server did not start: {process.stderr.read()!r}"
                raise RuntimeError(message) from exc
            time.sleep(0.1)


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    process.stderr.close()


async def hammer(base: str, n_requests: int, concurrency: int) -> tuple[float, list[float], int]:
    """Send ``n_requests`` with ``concurrency`` in flight; return wall time, latencies, errors."""
    import httpx

    body = {"rows": [{"flavor": "vanilla", "temperature": 24.0, "price": 2.5, "promotion": False}]}
    headers = {"Authorization": f"Bearer {TOKEN}"}
    latencies: list[float] = []
    errors = 0
    remaining = n_requests
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:

        async def worker():
            nonlocal remaining, errors
            while remaining > 0:
                remaining -= 1
                started = time.perf_counter()
                response = await client.post("/predict", json=body, headers=headers)
                latencies.append(time.perf_counter() - started)
                if response.status_code != 200:
                    errors += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        wall = time.perf_counter() - started
    return wall, latencies, errors


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def bench_service(n_requests: int, concurrency: int) -> None:
    print(f"Service: {n_requests} POST /predict (1 row), {concurrency} in flight, loopback")
    results = {}
    for kind in ("service", "floor", "bare"):
        process, base = start(kind)
        try:
            asyncio.run(hammer(base, min(200, n_requests // 2), concurrency))  # warm-up
            wall, latencies, errors = asyncio.run(hammer(base, n_requests, concurrency))
        finally:
            stop(process)
        results[kind] = wall
        p50, p99 = 1000 * percentile(latencies, 50), 1000 * percentile(latencies, 99)
        mean = 1000 * statistics.fmean(latencies)
        print(
            f"  {kind:8s} {n_requests / wall:8.0f} req/s   p50 {p50:6.2f} ms   p99 {p99:6.2f} ms"
            f"   mean {mean:6.2f} ms   errors {errors}"
        )
    print(f"  ratio service / floor (wall time): {results['service'] / results['floor']:.2f}")
    print(f"  ratio floor / bare (wall time):    {results['floor'] / results['bare']:.2f}")


def bench_audit(n_modules: int) -> None:
    from interviewlab.deploy import SECURITY_KINDS, audit_project, make_project
    from interviewlab.deploy._files import read_project

    project = make_project(n_modules, n_problems=max(5, n_modules // 100), random_state=0)
    with tempfile.TemporaryDirectory() as folder:
        project.write(folder)
        n_files = sum(len(files) for _, _, files in os.walk(folder))
        size = sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file())
        started = time.perf_counter()
        read_project(folder)
        floor = time.perf_counter() - started
        started = time.perf_counter()
        audit = audit_project(folder)
        wall = time.perf_counter() - started
    found = {(f.kind, f.file, f.line) for f in audit.findings if f.kind in SECURITY_KINDS}
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Audit: {n_files} files, {size / 1e6:.1f} MB, {len(project.planted)} planted problems")
    print(f"  audit_project   {wall:7.2f} s   ({n_files / wall:,.0f} files/s)")
    print(f"  floor (read)    {floor:7.2f} s   ratio {wall / floor:.0f}x")
    print(f"  peak RSS of this process: {peak:.0f} MB")
    print(f"  planted problems found exactly: {found == set(project.planted)}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="a reduced run of a few seconds")
    parser.add_argument("--serve", choices=("service", "floor", "bare"), help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.serve, args.port)
        return 0
    n_requests, concurrency, n_modules = (300, 4, 100) if args.small else (10_000, 16, 5_000)
    print(
        f"interviewlab deploy benchmark ({'small' if args.small else 'full'}), "
        f"{os.cpu_count()} CPUs"
    )
    bench_service(n_requests, concurrency)
    bench_audit(n_modules)
    return 0


if __name__ == "__main__":
    sys.exit(main())
