"""Reading, executing and scoring nbgrader notebooks.

A graded *exercise* is a solution code cell (``solution: true``) followed by the autograded
test cells (``grade: true``, code) that come after it, up to the next solution cell.
"""

from __future__ import annotations

import ast
import copy
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

REGIONS = ("SOLUTION", "HIDDEN TESTS", "MARK SCHEME")


def meta(cell) -> dict:
    """The cell's nbgrader metadata ({} for a plain cell)."""
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def grade_id(cell) -> str | None:
    return meta(cell).get("grade_id")


def is_solution(cell) -> bool:
    return bool(meta(cell).get("solution"))


def is_task(cell) -> bool:
    return bool(meta(cell).get("task"))


def is_autograded_test(cell) -> bool:
    """A locked code cell that earns points when it runs without error."""
    m = meta(cell)
    return bool(m.get("grade")) and not m.get("solution") and cell.cell_type == "code"


def is_manual(cell) -> bool:
    """A cell a person grades: a written answer or a task."""
    m = meta(cell)
    return bool(m.get("task")) or (bool(m.get("grade")) and bool(m.get("solution")))


def points(cell) -> float:
    return float(meta(cell).get("points", 0) or 0)


def region_lines(source: str, region: str) -> list[str]:
    """The lines between ``### BEGIN <region>`` and ``### END <region>`` (markers excluded)."""
    lines, inside = [], False
    for line in source.splitlines():
        if re.search(rf"BEGIN {region}\b", line):
            inside = True
            continue
        if re.search(rf"END {region}\b", line):
            inside = False
            continue
        if inside:
            lines.append(line)
    return lines


def has_region(source: str, region: str) -> bool:
    return f"BEGIN {region}" in source


@dataclass
class Exercise:
    """A solution cell and the autograded test cells that grade it."""

    notebook: str
    solution_id: str
    solution_index: int
    test_ids: list[str] = field(default_factory=list)
    max_points: float = 0.0
    last_test_index: int = -1


def exercises(nb, notebook: str = "") -> list[Exercise]:
    """The graded exercises of ``nb``, in order."""
    found: list[Exercise] = []
    current: Exercise | None = None
    for index, cell in enumerate(nb.cells):
        if is_solution(cell) and cell.cell_type == "code":
            current = Exercise(notebook, grade_id(cell), index)
            found.append(current)
        elif is_autograded_test(cell) and current is not None:
            current.test_ids.append(grade_id(cell))
            current.max_points += points(cell)
            current.last_test_index = index
    return [e for e in found if e.test_ids]


def trailing_expression(source: str) -> str | None:
    """The source of a bare expression ending ``source`` (nbgrader reads its value as a grade).

    Returns None when the last statement is not an expression, is a ``print`` call, or the
    source does not parse (a syntax error is reported by execution instead).
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    if not tree.body or not isinstance(tree.body[-1], ast.Expr):
        return None
    value = tree.body[-1].value
    if isinstance(value, ast.Call) and getattr(value.func, "id", None) == "print":
        return None
    return ast.get_source_segment(source, tree.body[-1]) or "<expression>"


def read(path: Path):
    """Read a notebook as nbformat 4, raising ``ValueError`` that names the file."""
    try:
        return nbformat.read(str(path), as_version=4)
    except Exception as exc:  # nbformat raises several unrelated types for bad files
        raise ValueError(f"{path} is not a readable notebook: {exc}") from exc


def execute(nb, *, cwd: Path, timeout: int = 60):
    """Run a copy of ``nb`` top to bottom in a fresh kernel, keeping going past errors."""
    from nbclient import NotebookClient

    from interviewlab.course._kernels import IPCKernelManager

    nb = copy.deepcopy(nb)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        kernel_manager_class=IPCKernelManager,
        allow_errors=True,
        resources={"metadata": {"path": str(cwd)}},
    )
    client.execute()
    return nb


def cell_failed(cell) -> bool:
    return any(o.get("output_type") == "error" for o in cell.get("outputs", []))


def cell_stderr(cell) -> str:
    return "".join(
        o.get("text", "")
        for o in cell.get("outputs", [])
        if o.get("output_type") == "stream" and o.get("name") == "stderr"
    )


def test_scores(nb) -> dict[str, tuple[float, float]]:
    """Score every autograded test cell of an executed notebook as nbgrader does."""
    from nbgrader.utils import determine_grade

    scores = {}
    for cell in nb.cells:
        if is_autograded_test(cell):
            score, max_score = determine_grade(cell)
            scores[grade_id(cell)] = (float(score or 0.0), float(max_score))
    return scores
