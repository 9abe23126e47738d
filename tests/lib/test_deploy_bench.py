"""The deployment benchmark runs end to end in its small size (speed is not asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_deploy.py"


@pytest.mark.slow
def test_bench_small_runs_and_reports():
    """`bench_deploy.py --small` prints throughput, p50/p99, the floor and the audit's time."""
    result = subprocess.run(
        [sys.executable, str(BENCH), "--small"], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for label in ("service", "floor", "bare"):
        assert f"  {label} " in out
    assert "p99" in out and "ratio service / floor" in out
    assert "audit_project" in out and "planted problems found exactly: True" in out
    assert "errors 0" in out
