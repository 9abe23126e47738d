"""The audit benchmark runs end to end in its small size."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_audit.py"


@pytest.mark.slow
def test_bench_audit_small_prints_its_figures():
    """`bench_audit.py --small` prints the floor, the audit rate, the ratio and memory."""
    result = subprocess.run(
        [sys.executable, str(BENCH), "--small"],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    lines = result.stdout.splitlines()
    assert lines[0].startswith("notebooks: 20,")
    assert [line.split(":")[0] for line in lines[1:]] == [
        "floor (nbformat.read)",
        "audit (all rules)",
        "ratio audit/floor",
        "secret scanning",
        "peak memory",
    ]
