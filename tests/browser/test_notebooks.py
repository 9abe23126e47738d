"""Every learner notebook and every solution, run cell by cell in JupyterLab in Chromium."""

from __future__ import annotations

import nbformat
import pytest

from tests.browser._lab import (
    REPO,
    SCREENSHOTS,
    learner_verdict,
    run_notebook,
    solution_verdict,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LEARNER = sorted(p.relative_to(REPO).as_posix() for p in REPO.glob("notebooks/*/*.ipynb"))
SOLUTIONS = sorted(p.relative_to(REPO).as_posix() for p in REPO.glob("solutions/*/*.ipynb"))


def _assignment(relpath: str) -> str:
    return relpath.split("/")[1]


def test_every_assignment_is_covered():
    """Both lists hold one notebook per assignment of the course (none silently missing)."""
    assignments = sorted(p.name for p in (REPO / "autograder" / "source").iterdir() if p.is_dir())
    assert [_assignment(p) for p in LEARNER] == assignments
    assert [_assignment(p) for p in SOLUTIONS] == assignments


@pytest.mark.parametrize("relpath", LEARNER, ids=_assignment)
def test_learner_notebook_in_jupyterlab(course_lab, page, relpath):
    """A learner notebook runs cell by cell; only unanswered exercises' test cells show
    NotImplementedError, and every widget renders and responds to a slider or a button."""
    nb = nbformat.read(REPO / relpath, as_version=4)
    shot = SCREENSHOTS / "notebooks" / f"{_assignment(relpath)}.png"
    run = run_notebook(page, course_lab, relpath, screenshot=shot)
    assert learner_verdict(run, nb) == []
    assert shot.stat().st_size > 10_000


@pytest.mark.parametrize("relpath", SOLUTIONS, ids=_assignment)
def test_solution_notebook_in_jupyterlab(course_lab, page, relpath):
    """A solution notebook runs clean cell by cell: no error, no stderr, widgets respond."""
    nb = nbformat.read(REPO / relpath, as_version=4)
    shot = SCREENSHOTS / "solutions" / f"{_assignment(relpath)}.png"
    run = run_notebook(page, course_lab, relpath, screenshot=shot)
    assert solution_verdict(run, nb) == []
    assert shot.stat().st_size > 10_000
