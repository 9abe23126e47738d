"""Faulty and hostile submissions, built by code, each with the outcome it must get.

One class holds every case; it is graded once (in parallel, sandboxed) and each test checks
one learner's record. Outcomes: nobody earns points they should not have; what cannot be
prevented inside one kernel is flagged for review with its reason; the rest of the class is
always graded; every failure is in the summary with its reason.
"""

from __future__ import annotations

import socket
import threading

import nbformat
import pytest

from interviewlab.course import grade_submissions
from interviewlab.course._sandbox import available_protections
from tests.conftest import make_toy_course
from tests.grading.conftest import (
    CORRECT,
    TEST_LIMITS,
    WRONG,
    build,
    find_test_cell,
    write_submission,
)

NETWORK = "network cut off (network namespace)"
FILES = "private filesystem view (mount namespace)"
CAPS = "process and memory caps (cgroups)"


def _neuter(nb):
    find_test_cell(nb).source = "pass"


def _delete(nb):
    nb.cells.remove(find_test_cell(nb))


def _demote(nb):
    cell = find_test_cell(nb)
    cell.metadata.nbgrader.update(grade=False, locked=False, solution=False)
    cell.source = "pass"


def _rename(nb):
    cell = find_test_cell(nb)
    cell.metadata.nbgrader["grade_id"] = "my-own-tests"
    cell.source = "pass"


def _more_points(nb):
    find_test_cell(nb).metadata.nbgrader["points"] = 100


def _learner_cell(source):
    def edit(nb):
        index = nb.cells.index(find_test_cell(nb))
        nb.cells.insert(index, nbformat.v4.new_code_cell(source))

    return edit


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Grade the whole hostile class once; return the report and useful paths."""
    from interviewlab.course import release

    root = tmp_path_factory.mktemp("tamper")
    course = make_toy_course(root / "course")
    release(course)
    subs, work = root / "subs", root / "work"

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    port = server.getsockname()[1]
    threading.Thread(target=lambda: [server.accept() for _ in range(8)], daemon=True).start()

    master = course.source_dir / "toy" / "toy.ipynb"
    gradebook = work / "gradebook.db"
    other = subs / "control" / "toy" / "toy.ipynb"

    def reads(path):
        # Correct only if the learner managed to read the file.
        return _either(f"open({str(path)!r}).read()")

    cases = {
        "control": build(course),
        "wrong": build(course, WRONG),
        "hard-coded": build(course, "def double(x):\n    return 4\n"),
        "neutered-tests": build(course, WRONG, _neuter),
        "deleted-tests": build(course, WRONG, _delete),
        "demoted-tests": build(course, WRONG, _demote),
        "renamed-tests": build(course, WRONG, _rename),
        "more-points": build(course, CORRECT, _more_points),
        "sys-exit": build(course, WRONG + "import sys\nsys.exit(0)\n"),
        "exit": build(course, WRONG + "exit()\n"),
        "os-exit": build(course, CORRECT + "import os\nos._exit(0)\n"),
        "kill-kernel": build(
            course, WRONG + "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n"
        ),
        "infinite-loop": build(course, CORRECT + "while True:\n    pass\n"),
        "sigint-ignored": build(
            course,
            CORRECT + "import signal\n"
            "signal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass\n",
        ),
        "memory-bomb": build(
            course, CORRECT + "_hog = []\nwhile True:\n    _hog.append(bytearray(50_000_000))\n"
        ),
        "output-flood": build(
            course, CORRECT + "for _ in range(300_000):\n    print('spam ' * 20)\n"
        ),
        "showtraceback": build(
            course, WRONG + "get_ipython().showtraceback = lambda *a, **k: None\n"
        ),
        "custom-exc": build(
            course, WRONG + "get_ipython().set_custom_exc((Exception,), lambda *a, **k: None)\n"
        ),
        "input-transformer": build(
            course,
            WRONG + "get_ipython().input_transformers_post.append(lambda lines: ['pass\\n'])\n",
        ),
        "planted-result": build(
            course, "import sys\n\ndef double(x):\n    sys.displayhook(5)\n    return x + 2\n"
        ),
        "patched-helper": build(
            course,
            "import math\nmath.isclose = lambda *a, **k: True\n\n"
            "def double(x):\n    return 2 * x if float(x).is_integer() else 0.0\n",
        ),
        "shadow-module": build(
            course,
            "with open('statistics.py', 'w') as f:\n"
            "    f.write('def fmean(xs):\\n    return 4.0\\n')\n\n"
            "def double(x):\n    return {2: 4, -21: -42, 0.25: 0.5}.get(x, 0)\n",
        ),
        "detects-grading": build(
            course,
            "import os\nGRADED = 'NBGRADER_EXECUTION' in os.environ\n\n"
            "def double(x):\n    return 2 * x if GRADED else x + 2\n",
        ),
        "reads-master": build(course, reads(master)),
        "reads-gradebook": build(course, reads(gradebook)),
        "reads-classmate": build(course, reads(other)),
        "network": build(
            course,
            "import socket\n"
            + _either(f"socket.create_connection(('127.0.0.1', {port}), timeout=2).close()"),
        ),
        "extra-learner-cell": build(course, WRONG, _learner_cell("double = lambda x: 2 * x")),
    }
    if available_protections()[CAPS]:  # never fork-bomb a machine that cannot cap it
        cases["fork-bomb"] = build(course, CORRECT + "import os\nwhile True:\n    os.fork()\n")
    for learner, nb in cases.items():
        write_submission(subs, learner, nb)
    blank = (course.release_dir / "toy" / "toy.ipynb").read_bytes()
    write_submission(subs, "truncated", raw=blank[:500])
    write_submission(subs, "not-json", raw=b"print('hello')")
    write_submission(subs, "wrong-name", build(course), name="Toy Final.ipynb")
    (subs / "missing" / "toy").mkdir(parents=True)
    write_submission(subs, "shadow-file", build(course, WRONG))
    (subs / "shadow-file" / "toy" / "math.py").write_text("isclose = lambda *a, **k: True\n")

    report = grade_submissions(
        subs, course, work_dir=work, workers=2, limits=TEST_LIMITS, progress=False
    )
    server.close()
    return report


def _either(attempt: str) -> str:
    """Learner code that is correct only if ``attempt`` succeeds inside the sandbox."""

    def indent(code):
        return code.replace("\n", "\n    ")

    return f"try:\n    {attempt}\n    {indent(CORRECT)}\nexcept OSError:\n    {indent(WRONG)}\n"


def record(report, learner):
    (found,) = [r for r in report.records if r.learner == learner]
    return found


def full(r):
    return r.status == "graded" and r.score == r.max_score == 2


def zero(r):
    return r.status == "graded" and r.score == 0 and r.max_score == 2


def test_whole_class_is_graded(graded):
    """Every learner gets a record; only the unreadable files fail; the summary names them."""
    failed = {r.learner for r in graded.failed}
    assert failed == {"truncated", "not-json", "missing"}
    summary = graded.summary()
    for learner in failed:
        assert f"{learner}/toy:" in summary
    assert "not valid JSON" in record(graded, "truncated").message
    assert "missing notebook 'toy.ipynb'" in record(graded, "missing").message


@pytest.mark.parametrize(
    "learner", ["control", "more-points", "wrong-name", "output-flood", "memory-bomb"]
)
def test_honest_or_harmless_work_earns_full_marks(graded, learner):
    """Correct answers earn 2/2 even next to floods of output or a runaway allocation."""
    r = record(graded, learner)
    assert full(r), r


@pytest.mark.parametrize(
    "learner",
    [
        "wrong",
        "hard-coded",
        "neutered-tests",
        "deleted-tests",
        "demoted-tests",
        "renamed-tests",
        "sys-exit",
        "exit",
        "os-exit",
        "kill-kernel",
        "infinite-loop",
        "sigint-ignored",
        "showtraceback",
        "custom-exc",
        "input-transformer",
        "planted-result",
        "shadow-module",
        "detects-grading",
        "shadow-file",
    ],
)
def test_no_unearned_points(graded, learner):
    """Wrong answers earn nothing, however the notebook tries to hide the failure."""
    r = record(graded, learner)
    assert zero(r), r


@pytest.mark.parametrize(
    ("learner", "reason"),
    [
        ("showtraceback", "replaces IPython's error display"),
        ("custom-exc", "installs a custom exception handler"),
        ("input-transformer", "passed in the kernel but failed in a plain interpreter"),
        ("planted-result", "produced a value nbgrader would read as a grade"),
        ("patched-helper", "assigns to math.isclose"),
        ("shadow-module", "names the Python file 'statistics.py'"),
        ("demoted-tests", "had its grade, locked changed; restored"),
        ("renamed-tests", "carried an unknown grade id 'my-own-tests'"),
        ("detects-grading", "looks for signs that it is being graded"),
        ("sys-exit", "ends the program"),
        ("os-exit", "uses ._exit"),
    ],
)
def test_tricks_are_flagged_with_their_reason(graded, learner, reason):
    """What one kernel cannot prevent is flagged for a person, with the reason."""
    r = record(graded, learner)
    assert any(reason in flag for flag in r.flags), r.flags
    assert f"{learner}/toy" in graded.summary()


def test_patched_helper_needs_a_person(graded):
    """A patched assertion helper cannot be undone in-kernel: flagged, gradebook asks for review."""
    from nbgrader.api import Gradebook

    r = record(graded, "patched-helper")
    assert r.flags and r.needs_manual_grade
    with Gradebook(graded.gradebook) as gb:
        grades = gb.find_submission_notebook("toy", "toy", "patched-helper").grades
        assert any(g.needs_manual_grade and g.auto_score is not None for g in grades)


def test_kernel_failures_are_explained(graded):
    """Dead kernels, timeouts and truncated output are reported in the learner's message."""
    assert "a cell ran longer than 5 s" in record(graded, "infinite-loop").message
    assert "a cell ran longer than 5 s" in record(graded, "sigint-ignored").message
    assert "the kernel died" in record(graded, "os-exit").message
    assert "output beyond 200000 bytes was dropped" in record(graded, "output-flood").message


@pytest.mark.parametrize("learner", ["reads-master", "reads-gradebook", "reads-classmate"])
def test_learner_code_cannot_read_course_files(graded, learner):
    """The master, the gradebook and other learners' work are invisible to learner code."""
    if FILES not in graded.protections:
        pytest.skip("this machine cannot give kernels a private filesystem view")
    assert zero(record(graded, learner))


def test_learner_code_has_no_network(graded):
    """Learner code cannot reach a server the grader's own machine runs on loopback."""
    if NETWORK not in graded.protections:
        pytest.skip("this machine cannot cut kernels off the network")
    assert zero(record(graded, "network"))


def test_fork_bomb_is_contained(graded):
    """A fork bomb hits the process cap and is graded; the rest of the class is unaffected.

    Its forked copies of the kernel may answer later cells in its place, so its own score
    may be lost; never more than the answer earns.
    """
    if CAPS not in graded.protections:
        pytest.skip("this machine cannot cap a kernel's processes")
    r = record(graded, "fork-bomb")
    assert r.status == "graded" and r.score in (0.0, 2.0), r


def test_extra_learner_cell_is_harmless(graded):
    """A cell the learner adds runs like any other: here it fixes the answer, legitimately."""
    assert full(record(graded, "extra-learner-cell"))


def test_protections_are_reported(graded):
    """The report says which protections were active; IPC and rlimits always are."""
    assert "kernel on Unix sockets, not TCP" in graded.protections
    assert "resource limits (setrlimit)" in graded.protections
    assert "protections active:" in graded.summary()
