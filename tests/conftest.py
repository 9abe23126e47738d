"""Shared fixtures: the real course, and a tiny toy course that tests may break at will."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from interviewlab.course import Course

REPO = Path(__file__).resolve().parents[1]


def pytest_addoption(parser):
    parser.addoption(
        "--skip-browser",
        action="store_true",
        help="skip the JupyterLab tests in Chromium (for a machine without it; never in CI)",
    )


def pytest_configure(config):
    if config.getoption("--skip-browser") and os.environ.get("INTERVIEWLAB_CI"):
        raise pytest.UsageError("--skip-browser is for local runs; CI runs the browser tests")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--skip-browser"):
        skip = pytest.mark.skip(reason="--skip-browser was given")
        for item in items:
            if "browser" in item.keywords:
                item.add_marker(skip)


def _nbgrader(grade_id, *, grade=False, solution=False, locked=False, task=False, points=None):
    meta = {
        "grade": grade,
        "solution": solution,
        "locked": locked,
        "schema_version": 3,
        "grade_id": grade_id,
    }
    if task:
        meta["task"] = True
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


TOY_SOLUTION = '''def double(x):
    """Return twice x."""
    ### BEGIN SOLUTION
    return 2 * x
    ### END SOLUTION'''

TOY_SETUP = "import math"

TOY_TESTS = """assert double(2) == 4, "double(2) should be 4"
### BEGIN HIDDEN TESTS
assert double(-21) == -42, "hidden: negative numbers"
assert math.isclose(double(0.25), 0.5), "hidden: fractions"
import statistics as _statistics

assert _statistics.fmean([double(1), double(3)]) == 4.0, "hidden: via the statistics module"
### END HIDDEN TESTS"""

TOY_TASK = """## Why double? (1 point)
Say when doubling beats tripling.
### BEGIN MARK SCHEME
One point for naming a concrete budget constraint in the answer.
### END MARK SCHEME"""


def toy_notebook(*, solution: str = TOY_SOLUTION, tests: str = TOY_TESTS) -> nbformat.NotebookNode:
    """A one-exercise master notebook that runs in a fraction of a second."""
    cells = [
        new_markdown_cell("# Toy assignment", metadata=_nbgrader("intro", locked=True)),
        new_code_cell(TOY_SETUP, metadata=_nbgrader("setup", locked=True)),
        new_code_cell(solution, metadata=_nbgrader("double", solution=True)),
        new_code_cell(tests, metadata=_nbgrader("double-tests", grade=True, locked=True, points=2)),
        new_markdown_cell(TOY_TASK, metadata=_nbgrader("why", task=True, locked=True, points=1)),
        new_markdown_cell("*Write your answer here.*"),
    ]
    for index, cell in enumerate(cells):
        cell["id"] = f"cell-{index}"
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return nb


def make_toy_course(root: Path, *, mutants: dict[str, str] | None = None) -> Course:
    """Create a course with the real nbgrader configuration and one toy assignment."""
    (root / "autograder" / "source" / "toy").mkdir(parents=True)
    shutil.copyfile(
        REPO / "autograder" / "nbgrader_config.py", root / "autograder" / "nbgrader_config.py"
    )
    nbformat.write(toy_notebook(), root / "autograder" / "source" / "toy" / "toy.ipynb")
    mutants = (
        mutants
        if mutants is not None
        else {
            "triple.py": "def double(x):\n    return 3 * x\n",
            "visible_only.py": "def double(x):\n    return 4 if x == 2 else x\n",
        }
    )
    folder = root / "autograder" / "mutants" / "toy" / "double"
    folder.mkdir(parents=True)
    for name, text in mutants.items():
        (folder / name).write_text(text)
    return Course(root)


@pytest.fixture
def toy_course(tmp_path) -> Course:
    """A released toy course in a temporary folder."""
    from interviewlab.course import release

    course = make_toy_course(tmp_path / "course")
    release(course)
    return course


@pytest.fixture(scope="session")
def real_course() -> Course:
    return Course(REPO)
