"""Benchmark: auditing notebooks of realistic size, against the floor of just reading them.

Writes 200 notebooks (``--small``: 20) to a temporary folder with a requirements file beside
them. Each is a generated messy churn notebook grown to a realistic size: about 60 cells,
exploration cells with tables and plots, some 200-400 kB on disk, most of it outputs.

- floor: ``nbformat.read`` of every notebook (JSON parsing and schema validation);
- audit: ``interviewlab.audit.audit_notebooks`` on the same files, all rules on, secret
  scanning with detect-secrets included.

Prints notebooks per second for both, the ratio (target: audit within 10x of the floor), the
share of the audit spent scanning for secrets, and the peak memory. Best of three runs
(``--small``: one).

Usage: ``python bench/bench_audit.py [--small]``
"""

from __future__ import annotations

import argparse
import base64
import resource
import tempfile
import time
import tracemalloc
from pathlib import Path

import nbformat
import numpy as np
from nbformat.v4 import new_code_cell, new_markdown_cell, new_output

from interviewlab.audit import _audit, audit_notebooks, make_messy_notebook

REQUIREMENTS = "numpy==2.1.3\npandas==2.2.3\nscikit-learn==1.5.2\nmatplotlib==3.9.2\n"


def realistic_notebook(seed: int):
    """A messy churn notebook grown with exploration cells, tables and plots."""
    messy = make_messy_notebook(n_problems=1 + seed % 8, random_state=seed)
    nb = messy.notebook
    rng = np.random.default_rng(seed)
    count = max((c.get("execution_count") or 0) for c in nb.cells) + 1
    setup = new_code_cell("df_view = pd.read_csv('data/churn_features.csv')", execution_count=count)
    extra = []
    for i in range(36):
        count += 1
        column = f"feature_{i}"
        source = (
            f"# look at {column}\n"
            f'summary_{i} = df_view["{column}"].describe()\n'
            f'by_contract_{i} = df_view.groupby("contract")["{column}"].agg(["mean", "std"])\n'
            f"ratio_{i} = by_contract_{i}['std'] / by_contract_{i}['mean']\n"
            f"print(f\"{column}: mean {{summary_{i}['mean']:.2f}}, cv {{ratio_{i}.max():.2f}}\")\n"
            f"by_contract_{i}"
        )
        rows = "".join(
            f"<tr><th>{k}</th><td>{v:.3f}</td><td>{w:.3f}</td></tr>"
            for k, v, w in zip(
                ("monthly", "yearly", "two-year"), rng.random(3), rng.random(3), strict=True
            )
        )
        outputs = [
            new_output("stream", name="stdout", text=f"{column}: mean 1.23, cv 0.45\n"),
            new_output(
                "execute_result",
                execution_count=count,
                data={
                    "text/plain": "           mean   std\n" * 4,
                    "text/html": f"<table><thead><tr><th></th><th>mean</th><th>std</th></tr>"
                    f"</thead><tbody>{rows * 8}</tbody></table>",
                },
            ),
        ]
        if i % 4 == 0:  # a plot: ~25 kB of PNG-like base64
            image = base64.b64encode(rng.bytes(18_000)).decode()
            outputs.append(
                new_output(
                    "display_data",
                    data={"image/png": image, "text/plain": "<Figure size 640x480 with 1 Axes>"},
                )
            )
        extra.append(new_markdown_cell(f"### {column}\n\nDistribution by contract type."))
        extra.append(new_code_cell(source, execution_count=count, outputs=outputs))
    nb.cells = [*nb.cells, setup, *extra]
    for number, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{number:03d}"
    return nb


def best_of(repeats: int, function):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="20 notebooks, one run")
    args = parser.parse_args()
    n = 20 if args.small else 200
    repeats = 1 if args.small else 3

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "requirements.txt").write_text(REQUIREMENTS)
        paths = []
        for seed in range(n):
            path = folder / f"churn_{seed:03d}.ipynb"
            nbformat.write(realistic_notebook(seed), str(path))
            paths.append(path)
        size = sum(p.stat().st_size for p in paths)
        cells = sum(len(nbformat.read(str(p), as_version=4).cells) for p in paths[:10]) / 10

        audit_notebooks(paths[:3])  # warm up: imports, detect-secrets plugins
        floor_time, _ = best_of(
            repeats, lambda: [nbformat.read(str(p), as_version=4) for p in paths]
        )

        secret_time = [0.0]
        scan = _audit.scan_secrets

        def timed_scan(lines):
            start = time.perf_counter()
            try:
                return scan(lines)
            finally:
                secret_time[0] += time.perf_counter() - start

        _audit.scan_secrets = timed_scan
        try:
            audit_time, reports = best_of(repeats, lambda: audit_notebooks(paths))
        finally:
            _audit.scan_secrets = scan
        secret_share = secret_time[0] / repeats / audit_time

        tracemalloc.start()
        audit_notebooks(paths[:20])
        _, traced_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

    findings = sum(len(r) for r in reports)
    ratio = audit_time / floor_time
    print(f"notebooks: {n}, {size / n / 1024:.0f} kB and {cells:.0f} cells each on average")
    print(f"floor (nbformat.read):  {floor_time:7.3f} s  {n / floor_time:8.1f} notebooks/s")
    print(
        f"audit (all rules):      {audit_time:7.3f} s  {n / audit_time:8.1f} notebooks/s"
        f"  ({findings} findings)"
    )
    print(
        f"ratio audit/floor:      {ratio:7.2f}x  (target <= 10x: "
        f"{'met' if ratio <= 10 else 'NOT met'})"
    )
    print(f"secret scanning:        {secret_share:7.1%} of the audit time")
    print(
        f"peak memory: {traced_peak / 2**20:.1f} MiB traced while auditing 20 notebooks; "
        f"process max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
    )


if __name__ == "__main__":
    main()
