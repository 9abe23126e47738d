"""The course checks itself: on the real course, and on a toy course broken on purpose."""

from __future__ import annotations

import json

import nbformat
import pytest

from interviewlab.course import check_course, release
from tests.conftest import toy_notebook


def failed_checks(report) -> set[str]:
    return {name for a in report.assignments for name, c in a.checks.items() if not c.passed}


@pytest.mark.slow
def test_real_course_passes_every_check(real_course):
    """Every assignment of the shipped course passes all seven checks."""
    report = check_course(real_course)
    assert report.assignments, "the course has no assignments"
    assert report.passed, report.table()
    for assignment in report.assignments:
        assert assignment.points > 0 and assignment.exercises > 0
        assert assignment.mutants >= 2 * assignment.exercises


def test_toy_course_passes(toy_course):
    """A correct toy course passes, with its cells, points and mutants counted."""
    report = check_course(toy_course)
    assert report.passed, report.table()
    (toy,) = report.assignments
    assert (toy.cells, toy.points, toy.manual_points, toy.mutants) == (2, 2.0, 1.0, 2)
    assert "pass" in report.table() and "FAIL" not in report.table()


def test_leaked_hidden_test_is_caught(toy_course):
    """A hidden test copied into the learner version fails the leak check."""
    path = toy_course.release_dir / "toy" / "toy.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells[3].source += '\nassert double(-21) == -42, "hidden: negative numbers"'
    nbformat.write(nb, path)
    report = check_course(toy_course, checks=("leaks", "fresh"))
    assert failed_checks(report) == {"leaks", "fresh"}
    assert "hidden: negative numbers" in report.table()


def test_misspelled_hidden_delimiter_is_caught(toy_course):
    """A misspelled delimiter (nbgrader would release the hidden tests) fails the check."""
    tests = (
        "assert double(2) == 4\n### BEGIN HIDDEN TEST\nassert double(5) == 10\n### END HIDDEN TEST"
    )
    _write_master(toy_course, toy_notebook(tests=tests))
    release(toy_course)
    report = check_course(toy_course, checks=("structure",))
    assert failed_checks(report) == {"structure"}
    assert "misspelled region delimiter" in report.table()


def test_solution_below_full_marks_is_caught(toy_course):
    """A master whose solution fails a hidden test fails the master and autograde checks."""
    wrong = "def double(x):\n    ### BEGIN SOLUTION\n    return x + 2\n    ### END SOLUTION"
    _write_master(toy_course, toy_notebook(solution=wrong))
    release(toy_course)
    report = check_course(toy_course, checks=("master", "autograde"))
    assert failed_checks(report) == {"master", "autograde"}
    assert "scored 0/2 on the solution" in report.table()


def test_surviving_wrong_answer_is_caught(tmp_path):
    """A wrong answer that the tests do not catch fails the mutants check, naming it."""
    from tests.conftest import make_toy_course

    course = make_toy_course(
        tmp_path / "c",
        mutants={
            "triple.py": "def double(x):\n    return 3 * x\n",
            "plus_x.py": "def double(x):\n    return x + x\n",  # correct: survives
        },
    )
    release(course)
    report = check_course(course, checks=("mutants",))
    assert failed_checks(report) == {"mutants"}
    assert "plus_x.py still earns 2/2" in report.table()


def test_too_few_wrong_answers_is_caught(tmp_path):
    """An exercise with a single wrong answer fails the mutants check."""
    from tests.conftest import make_toy_course

    course = make_toy_course(
        tmp_path / "c", mutants={"triple.py": "def double(x):\n    return 3 * x\n"}
    )
    release(course)
    report = check_course(course, checks=("mutants",))
    assert failed_checks(report) == {"mutants"}
    assert "at least 2 are needed" in report.table()


def test_bare_trailing_expression_and_stderr_are_caught(toy_course):
    """A test cell ending in a value, or writing to stderr, fails structure and master checks."""
    tests = 'import sys\nassert double(2) == 4\nprint("note", file=sys.stderr)\ndouble(3)'
    _write_master(toy_course, toy_notebook(tests=tests))
    release(toy_course)
    report = check_course(toy_course, checks=("structure", "master"))
    assert failed_checks(report) == {"structure", "master"}
    assert "bare expression 'double(3)'" in report.table()
    assert "wrote to stderr" in report.table()


def test_stale_release_is_caught(toy_course):
    """Editing a master without releasing again fails the freshness check."""
    nb = toy_notebook()
    nb.cells[0].source = "# Toy assignment, edited"
    _write_master(toy_course, nb)
    report = check_course(toy_course, checks=("structure", "leaks", "fresh"))
    assert failed_checks(report) == {"fresh"}
    assert "differs from a fresh release" in report.table()


def test_blank_that_earns_points_is_caught(toy_course):
    """A test cell that passes without calling the learner's code fails the blank check."""
    tests = "assert 2 + 2 == 4\n### BEGIN HIDDEN TESTS\nassert double(2) == 4\n### END HIDDEN TESTS"
    _write_master(toy_course, toy_notebook(tests=tests))
    release(toy_course)
    report = check_course(toy_course, checks=("blank",))
    assert failed_checks(report) == {"blank"}
    assert "gives 2/2 to an unanswered notebook" in report.table()


def test_release_is_deterministic(toy_course):
    """Releasing twice writes the same bytes, with outputs and execution counts stripped."""
    path = toy_course.release_dir / "toy" / "toy.ipynb"
    first = path.read_bytes()
    release(toy_course)
    assert path.read_bytes() == first
    for cell in json.loads(first)["cells"]:
        assert cell.get("outputs", []) == [] and cell.get("execution_count") is None
    solution = (toy_course.solutions_dir / "toy" / "toy.ipynb").read_text()
    assert "return 2 * x" in solution and "hidden: negative" not in solution
    assert "MARK SCHEME" not in solution


def test_unknown_assignment_or_check_is_refused(toy_course):
    """An assignment or a check that does not exist is named, with the valid ones."""
    with pytest.raises(ValueError, match=r"assignment 'nope' does not exist \(known: toy\)"):
        check_course(toy_course, assignments=["nope"])
    with pytest.raises(ValueError, match=r"checks must be among structure, .*; got speed"):
        check_course(toy_course, checks=["speed"])


def _write_master(course, nb) -> None:
    nbformat.write(nb, course.source_dir / "toy" / "toy.ipynb")
