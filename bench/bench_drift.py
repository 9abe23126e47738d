"""Benchmark: monitoring a fleet of models for drift (topic 2).

Full size: 500 models x 30 days x 20 features x 2,000 rows a day (``--small``: 20 x 8 x 20 x
400). Prints, from one run:

* wall time of ``monitor_fleet`` split into generating batches, fitting, predicting, drift
  statistics, performance metrics and gated retrains, and the peak memory of the process;
* on a second pass over the same batches: the vectorized PSI of every column of every batch
  against the floor (numpy's ``searchsorted`` binning each column once against the same
  reference edges, nothing else) and the ratio between them (the target is <= 3x);
* PSI throughput of the vectorized form against a plain per-column loop of ``psi``.

Run: ``.venv/bin/python bench/bench_drift.py [--small]``
"""

from __future__ import annotations

import argparse
import resource
import sys
import time

import numpy as np

from interviewlab.drift import ReferenceProfile, make_fleet, monitor_fleet, psi
from interviewlab.drift._fleet import predict


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (ru_maxrss is KB on Linux)."""
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # bytes on macOS
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="a reduced size that runs in seconds")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.small:
        n_models, n_days, n_features, rows, loop_models = 20, 8, 20, 400, 5
    else:
        n_models, n_days, n_features, rows, loop_models = 500, 30, 20, 2000, 25

    print(
        f"fleet: {n_models} models x {n_days} days x {n_features} features x {rows} rows a day "
        f"({n_models * n_days * rows * n_features / 1e6:.0f} M feature values)"
    )
    start = time.perf_counter()
    fleet = make_fleet(
        n_models, n_days, n_features=n_features, rows_per_day=rows, random_state=args.seed
    )
    made = time.perf_counter() - start
    print(f"make_fleet (specs only, batches come on demand): {made:.2f} s")

    result = monitor_fleet(fleet)
    t = result.timings
    print("\nmonitor_fleet wall time, by phase")
    for name in ("generate", "fit", "predict", "drift_statistics", "performance", "retrain"):
        print(f"  {name:<17} {t[name]:8.2f} s  ({t[name] / t['total']:5.1%})")
    other = t["total"] - sum(v for k, v in t.items() if k != "total")
    print(f"  {'policy/report':<17} {other:8.2f} s")
    print(f"  {'total':<17} {t['total']:8.2f} s")
    print(f"peak memory after monitoring: {peak_rss_mb():.0f} MB (target < 2048 MB)")
    print(result.summary())

    # Second pass over the very same batches: vectorized PSI against the floor.
    floor = vectorized = 0.0
    loop_time, loop_columns = 0.0, 0
    vec_columns = 0
    for m in range(n_models):
        spec = fleet.specs[m]
        ref = fleet.reference(m)
        ref_out = ref.y_score if spec.task == "classification" else ref.y_pred
        reference = np.column_stack([ref.X, ref_out])
        profile = ReferenceProfile(reference)
        estimator = fleet.model(m)
        for day in range(n_days):
            X, _ = fleet.draw(m, day)
            y_pred, y_score = predict(estimator, spec.task, X)
            current = np.column_stack([X, y_score if y_score is not None else y_pred])
            columns = np.ascontiguousarray(current.T)
            t0 = time.perf_counter()
            for j in range(columns.shape[0]):
                np.searchsorted(profile.edges[j], columns[j], side="right")
            t1 = time.perf_counter()
            values = profile.psi(current)
            t2 = time.perf_counter()
            floor += t1 - t0
            vectorized += t2 - t1
            vec_columns += values.size
            if m < loop_models:
                t3 = time.perf_counter()
                for j in range(current.shape[1]):
                    psi(reference[:, j], current[:, j])
                loop_time += time.perf_counter() - t3
                loop_columns += current.shape[1]
    print("\ndrift statistics on the same batches (features + model output, every model-day)")
    print(f"  floor: searchsorted of each column against the reference edges  {floor:7.2f} s")
    print(f"  vectorized PSI, all columns of a batch in one pass              {vectorized:7.2f} s")
    print(f"  ratio vectorized / floor: {vectorized / floor:.2f}x (target <= 3x)")
    print("\nPSI throughput")
    print(f"  vectorized (ReferenceProfile.psi): {vec_columns / vectorized:12,.0f} columns/s")
    print(
        f"  per-column loop of psi():          {loop_columns / loop_time:12,.0f} columns/s "
        f"(on the first {loop_models} models)"
    )
    print(f"  speed-up: {(vec_columns / vectorized) / (loop_columns / loop_time):.1f}x")
    print(f"\npeak memory of the whole run: {peak_rss_mb():.0f} MB (target < 2048 MB)")
    print(f"wall time of the whole benchmark: {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
