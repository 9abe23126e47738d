"""Cell helpers the course check relies on: regions, trailing expressions, exercises."""

from __future__ import annotations

import pytest

from interviewlab.course import _cells
from tests.conftest import toy_notebook


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("assert f(1) == 2", None),
        ("x = f(1)\nx", "x"),
        ("assert True\nf(3)", "f(3)"),
        ('print("done")', None),
        ("def f():\n    return 1", None),
        ("this is not python!", None),
        ("", None),
    ],
)
def test_trailing_expression(source, expected):
    """Only a final bare expression (other than print) is reported, with its source."""
    assert _cells.trailing_expression(source) == expected


def test_region_lines_excludes_markers():
    """Lines between BEGIN and END markers are returned without the markers."""
    source = "a = 1\n### BEGIN HIDDEN TESTS\nassert a\nassert b\n### END HIDDEN TESTS\nc = 2"
    assert _cells.region_lines(source, "HIDDEN TESTS") == ["assert a", "assert b"]
    assert _cells.region_lines(source, "SOLUTION") == []


def test_exercises_pair_solutions_with_following_tests():
    """An exercise is a solution cell and the test cells after it, with their points."""
    (exercise,) = _cells.exercises(toy_notebook(), "toy.ipynb")
    assert (exercise.solution_id, exercise.solution_index) == ("double", 2)
    assert exercise.test_ids == ["double-tests"] and exercise.max_points == 2.0


def test_cell_kinds():
    """Tests, solutions, tasks and plain cells are told apart by their metadata."""
    nb = toy_notebook()
    kinds = [
        (_cells.is_solution(c), _cells.is_autograded_test(c), _cells.is_manual(c)) for c in nb.cells
    ]
    assert kinds == [
        (False, False, False),
        (False, False, False),
        (True, False, False),
        (False, True, False),
        (False, False, True),
        (False, False, False),
    ]


def test_read_names_the_bad_file(tmp_path):
    """Reading a file that is not a notebook raises ValueError naming the path."""
    path = tmp_path / "bad.ipynb"
    path.write_text("{not json")
    with pytest.raises(ValueError, match=r"bad\.ipynb is not a readable notebook"):
        _cells.read(path)
