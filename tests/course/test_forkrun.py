"""The forked runs behind the mutants check score answers as a kernel does, and fall back to
kernels when they cannot be trusted."""

from __future__ import annotations

import nbformat
import pytest

from interviewlab.course import _cells, check_course, release
from interviewlab.course._check import _fork_run, _run_mutant
from tests.conftest import make_toy_course, toy_notebook

ANSWERS = {
    "solution": "def double(x):\n    return 2 * x\n",
    "triple": "def double(x):\n    return 3 * x\n",
    "visible-only": "def double(x):\n    return 4 if x == 2 else x\n",
    "stderr": "import sys\n\ndef double(x):\n    print('hm', file=sys.stderr)\n    return 2 * x\n",
    "raises": "def double(x):\n    raise ValueError(x)\n",
    "exits": "import os\nos._exit(3)\n",
    "sleeps": "import time\ntime.sleep(60)\n",
}


@pytest.fixture
def toy(tmp_path):
    master = make_toy_course(tmp_path / "course").notebooks("toy")[0]
    (exercise,) = _cells.exercises(_cells.read(master))
    return master, exercise


def test_forked_answers_score_as_in_a_kernel(toy, tmp_path):
    """Each answer passes or fails the toy's test cell exactly as it does in a fresh kernel:
    errors and stderr fail it, a child that exits or outlives its time limit reports nothing."""
    master, exercise = toy
    spec = {
        "solution_index": exercise.solution_index,
        "last_test_index": exercise.last_test_index,
        "timeout": 3,
        "answers": [{"name": name, "source": src} for name, src in ANSWERS.items()],
    }
    results = _fork_run(str(master), str(master.parent), spec)
    assert results is not None
    (test_id,) = exercise.test_ids
    got = {name: (None if r is None else r[test_id]) for name, r in results["answers"].items()}
    assert got == {
        "solution": True,
        "triple": False,
        "visible-only": False,
        "stderr": False,
        "raises": False,
        "exits": None,
        "sleeps": None,
    }
    for name in ("solution", "triple", "stderr"):  # the same verdicts from real kernels
        path = tmp_path / f"{name}.py"
        path.write_text(ANSWERS[name])
        loses_points, _ = _run_mutant(str(master), str(master.parent), exercise, str(path))
        assert loses_points is (not got[name])


def test_untrusted_fork_falls_back_to_kernels(tmp_path):
    """When the cells before the exercise fail outside a kernel (here they need the kernel
    object), the check runs every answer in a kernel: it still passes wrong answers that
    lose points and names one that survives."""
    course = make_toy_course(
        tmp_path / "course",
        mutants={"triple.py": ANSWERS["triple"], "plus_x.py": "def double(x):\n    return x + x\n"},
    )
    nb = toy_notebook()
    nb.cells[1].source = "import math\n\nassert get_ipython().kernel is not None"
    nbformat.write(nb, course.notebooks("toy")[0])
    master = course.notebooks("toy")[0]
    (exercise,) = _cells.exercises(_cells.read(master))
    spec = {
        "solution_index": exercise.solution_index,
        "last_test_index": exercise.last_test_index,
        "timeout": 10,
        "answers": [{"name": "triple", "source": ANSWERS["triple"]}],
    }
    assert _fork_run(str(master), str(master.parent), spec) is None
    release(course)
    report = check_course(course, checks=("mutants",))
    (toy,) = report.assignments
    assert not toy.checks["mutants"].passed
    assert toy.checks["mutants"].details == [
        "wrong answer double/plus_x.py still earns 2/2 points: the tests do not catch it"
    ]
