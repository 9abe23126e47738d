"""Benchmark: validating a big batch against a data contract, versus the bare floor.

The batch has 10 columns (4 text categoricals, 5 numbers, 1 date) and 1,000,000 rows (100,000
with ``--small``); about 1% of the rows carry an unseen flavour and a few hundred numbers are out of
range. The floor is the least any validation must do: ``Series.isin(domain)`` on each categorical
column and ``(x < low) | (x > high)`` on each numeric one, nothing else. ``validate_batch`` also
counts nulls, checks dtypes, counts the unseen values and keeps the positions of the bad rows.

Run: ``.venv/bin/python bench/bench_incidents.py [--small]``. Prints wall time (best of a few
runs), peak memory traced by tracemalloc (a separate run, since tracing slows things down) and
the ratio to the floor; the target is a ratio within 2.
"""

from __future__ import annotations

import argparse
import gc
import time
import tracemalloc

import numpy as np
import pandas as pd

from interviewlab.incidents import infer_schema, validate_batch

CATEGORIES = {
    "store": [f"store_{i:02d}" for i in range(1, 41)],
    "flavor": ["chocolate", "vanilla", "strawberry", "pistachio", "mint chip", "coffee"],
    "region": ["north", "south", "east", "west", "centre"],
    "channel": ["shop", "kiosk", "online"],
}
NUMERIC = ("temperature", "price", "promotion", "units_sold", "discount")


def make_frame(n_rows: int, rng: np.random.Generator, *, incident: bool) -> pd.DataFrame:
    """A synthetic 10-column batch; with ``incident`` some values are unseen or out of range."""
    data = {
        name: np.asarray(values, dtype=object)[rng.integers(0, len(values), n_rows)]
        for name, values in CATEGORIES.items()
    }
    data["temperature"] = rng.normal(18, 5, n_rows).round(1)
    data["price"] = rng.uniform(2.5, 3.6, n_rows).round(2)
    data["promotion"] = (rng.random(n_rows) < 0.1).astype(np.int64)
    data["units_sold"] = rng.poisson(80, n_rows).astype(np.int64)
    data["discount"] = rng.uniform(0, 0.3, n_rows).round(3)
    data["date"] = pd.Timestamp("2025-08-01") + pd.to_timedelta(rng.integers(0, 28, n_rows), "D")
    frame = pd.DataFrame(data)
    if incident:
        rows = rng.random(n_rows) < 0.01
        frame.loc[rows, "flavor"] = rng.choice(["rum raisin", "rocky road"], int(rows.sum()))
        hot = rng.choice(n_rows, 300, replace=False)
        frame.loc[hot, "temperature"] = 99.0
    return frame


def floor(batch: pd.DataFrame, domains: dict, ranges: dict) -> int:
    """The least a validation must do: isin per categorical, a range test per number."""
    bad = 0
    for name, domain in domains.items():
        bad += int((~batch[name].isin(domain)).sum())
    for name, (low, high) in ranges.items():
        values = batch[name].to_numpy()
        bad += int(((values < low) | (values > high)).sum())
    return bad


def best_time(func, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def peak_memory(func) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        func()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="100,000 rows instead of 1,000,000")
    parser.add_argument(
        "--repeat", type=int, default=3, help="timed runs per contender (best kept)"
    )
    args = parser.parse_args(argv)
    n_rows = 100_000 if args.small else 1_000_000
    rng = np.random.default_rng(0)

    schema = infer_schema(make_frame(50_000, rng, incident=False))
    batch = make_frame(n_rows, rng, incident=True)
    domains = {c.name: list(c.domain) for c in schema.columns if c.kind == "categorical"}
    ranges = {c.name: (c.low, c.high) for c in schema.columns if c.kind == "numeric"}

    report = validate_batch(batch, schema)
    n_floor = floor(batch, domains, ranges)
    n_found = sum(
        a.n_rows for a in report.anomalies if a.kind in ("unseen_category", "out_of_range")
    )
    assert n_found == n_floor, f"validate_batch found {n_found} bad values, the floor {n_floor}"

    t_validate = best_time(lambda: validate_batch(batch, schema), args.repeat)
    t_floor = best_time(lambda: floor(batch, domains, ranges), args.repeat)
    m_validate = peak_memory(lambda: validate_batch(batch, schema))
    m_floor = peak_memory(lambda: floor(batch, domains, ranges))

    as_category = batch.astype({name: "category" for name in CATEGORIES})
    t_category = best_time(lambda: validate_batch(as_category, schema), args.repeat)

    mib = 2**20
    print(
        f"batch: {n_rows:,} rows x {batch.shape[1]} columns "
        f"({batch.memory_usage(deep=True).sum() / mib:,.0f} MiB in memory)"
    )
    print(f"found: {report.summary().splitlines()[0]}")
    print(f"{'':24}{'wall time':>12}{'peak memory':>14}")
    print(f"{'validate_batch':24}{t_validate:>11.3f}s{m_validate / mib:>11.1f} MiB")
    print(f"{'floor (isin + ranges)':24}{t_floor:>11.3f}s{m_floor / mib:>11.1f} MiB")
    print(f"{'ratio':24}{t_validate / t_floor:>11.2f}x{m_validate / m_floor:>12.2f}x")
    print(
        f"(category dtype batch: validate_batch {t_category:.3f}s, "
        f"{t_category / t_floor:.2f}x the object-dtype floor)"
    )
    verdict = {True: "met", False: "NOT met"}
    print(
        f"target (within 2x of the floor): time {verdict[t_validate / t_floor <= 2]}, "
        f"memory {verdict[m_validate / m_floor <= 2]}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
