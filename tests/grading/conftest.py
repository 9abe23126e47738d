"""Helpers to build learner submissions by code, from the toy course's released files."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

import nbformat

from interviewlab.course import _cells
from interviewlab.course._sandbox import Limits

# Tight limits keep the hostile cases quick; real runs use the defaults.
TEST_LIMITS = Limits(
    memory_mb=1024,
    cpu_seconds=20,
    processes=64,
    wall_seconds=40,
    cell_seconds=5,
    output_bytes=200_000,
)

CORRECT = "def double(x):\n    return 2 * x\n"
WRONG = "def double(x):\n    return x + 2\n"  # right for x == 2 only: passes the visible test


def build(course, answer: str = CORRECT, edit: Callable | None = None):
    """The toy solution notebook with ``answer`` in the solution cell, then ``edit(nb)``."""
    nb = _cells.read(course.solutions_dir / "toy" / "toy.ipynb")
    nb = copy.deepcopy(nb)
    cell_by_id = {_cells.grade_id(c): c for c in nb.cells}
    cell_by_id["double"].source = answer
    if edit is not None:
        edit(nb)
    return nb


def write_submission(
    root: Path, learner: str, nb=None, *, raw: bytes | None = None, name: str = "toy.ipynb"
) -> Path:
    folder = root / learner / "toy"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if raw is not None:
        path.write_bytes(raw)
    else:
        nbformat.write(nb, path)
    return path


def find_test_cell(nb):
    return next(c for c in nb.cells if _cells.grade_id(c) == "double-tests")
