"""Nothing lost: a grading run killed at any moment resumes to the same gradebook."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from interviewlab.course import grade_submissions, release
from tests.conftest import make_toy_course
from tests.grading.conftest import CORRECT, TEST_LIMITS, WRONG, build, write_submission


def gradebook_dump(db_url: str) -> dict:
    """Every grade in the gradebook, keyed by learner, assignment, notebook and cell."""
    from nbgrader.api import Gradebook

    dump = {}
    with Gradebook(db_url) as gb:
        for student in gb.students:
            for submission in gb.student_submissions(student.id):
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        key = (student.id, submission.name, notebook.name, grade.name)
                        assert key not in dump, f"grade {key} recorded twice"
                        dump[key] = (grade.auto_score, grade.needs_manual_grade)
    return dump


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    """A toy course, a class of ten, and the gradebook of one uninterrupted run."""
    root = tmp_path_factory.mktemp("resume")
    course = make_toy_course(root / "course")
    release(course)
    subs = root / "subs"
    for index in range(10):
        answer = CORRECT if index % 3 else WRONG
        write_submission(subs, f"learner{index:02d}", build(course, answer))
    report = grade_submissions(
        subs, course, work_dir=root / "reference", limits=TEST_LIMITS, progress=False
    )
    assert not report.failed
    return course, subs, gradebook_dump(report.gradebook), root


def _grade_command(course, subs, work):
    return [
        sys.executable,
        "-m",
        "interviewlab.cli",
        "course",
        "--course",
        str(course.root),
        "grade",
        str(subs),
        "--work",
        str(work),
        "--workers",
        "2",
        "--no-progress",
    ]


@pytest.mark.slow
@pytest.mark.parametrize("kill_after", [0, 1, 5])
def test_kill_and_resume_gives_the_same_gradebook(setup, tmp_path, kill_after):
    """SIGKILL after N journaled submissions, run again: the gradebook equals a clean run's."""
    course, subs, reference, _ = setup
    work = tmp_path / "work"
    journal = work / "journal.jsonl"
    process = subprocess.Popen(
        _grade_command(course, subs, work),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        done = len(journal.read_text().splitlines()) if journal.exists() else 0
        if done >= kill_after and (kill_after or (work / "gradebook.db").exists()):
            break
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    finished = len(journal.read_text().splitlines()) if journal.exists() else 0
    assert finished < 10, "the run finished before it could be killed: nothing was tested"

    again = subprocess.run(
        _grade_command(course, subs, work), capture_output=True, text=True, timeout=300
    )
    assert again.returncode == 0, again.stdout + again.stderr
    assert "10 submissions from 10 learners: 10 graded, 0 failed." in again.stdout
    if finished:
        assert f"{finished} taken from the journal of an earlier run" in again.stdout
    assert gradebook_dump(f"sqlite:///{work / 'gradebook.db'}") == reference


def test_failed_submission_leaves_no_partial_grades(setup, tmp_path, monkeypatch):
    """A submission whose grades fail half-way through saving leaves nothing behind."""
    from nbgrader.api import Gradebook, MissingEntry

    from interviewlab.course._engine import Engine

    course, _, _, _ = setup
    subs = tmp_path / "subs"
    write_submission(subs, "good", build(course))
    write_submission(subs, "broken", build(course))
    save = Engine._save

    def save_then_fail(self, sub, result, flags):
        outcome = save(self, sub, result, flags)  # the grades are in the gradebook now
        if sub.learner == "broken":
            raise OSError("disk full")
        return outcome

    monkeypatch.setattr(Engine, "_save", save_then_fail)
    report = grade_submissions(
        subs, course, work_dir=tmp_path / "work", limits=TEST_LIMITS, progress=False
    )
    statuses = {r.learner: (r.status, r.message) for r in report.records}
    assert statuses["good"] == ("graded", "")
    assert statuses["broken"] == ("failed", "could not save the grades: OSError: disk full")
    with Gradebook(report.gradebook) as gb:
        assert gb.find_submission("toy", "good").score == 2
        with pytest.raises(MissingEntry):
            gb.find_submission("toy", "broken")


def test_unchanged_class_is_not_graded_twice(setup):
    """Running again on unchanged files takes every record from the journal."""
    course, subs, reference, root = setup
    report = grade_submissions(
        subs, course, work_dir=root / "reference", limits=TEST_LIMITS, progress=False
    )
    assert all(r.resumed for r in report.records)
    assert gradebook_dump(report.gradebook) == reference
