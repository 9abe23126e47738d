"""The course commands, run as a user runs them: exit statuses, messages, files written."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from interviewlab.cli import main


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "interviewlab.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=600,
    )


def test_help_lists_the_commands():
    """`interviewlab --help` lists course and demo; no command prints help and exits 2."""
    result = run_cli("--help")
    assert result.returncode == 0
    assert "course" in result.stdout and "demo" in result.stdout
    assert run_cli().returncode == 2


def test_release_is_deterministic_from_the_cli(toy_course):
    """`course release` run twice leaves identical files and says what it released."""
    before = (toy_course.release_dir / "toy" / "toy.ipynb").read_bytes()
    result = run_cli("course", "--course", str(toy_course.root), "release")
    assert result.returncode == 0, result.stderr
    assert "released 1 assignment(s)" in result.stdout and "toy" in result.stdout
    assert (toy_course.release_dir / "toy" / "toy.ipynb").read_bytes() == before


def test_release_unknown_assignment_exits_2(toy_course):
    """Releasing an unknown assignment names it and exits 2, changing nothing."""
    before = (toy_course.release_dir / "toy" / "toy.ipynb").read_bytes()
    result = run_cli("course", "--course", str(toy_course.root), "release", "nope")
    assert result.returncode == 2
    assert "assignment 'nope' does not exist" in result.stderr
    assert (toy_course.release_dir / "toy" / "toy.ipynb").read_bytes() == before


def test_no_course_found_exits_2(tmp_path):
    """Outside a course checkout the CLI says what it looked for and exits 2."""
    result = run_cli("course", "--course", str(tmp_path), "release")
    assert result.returncode == 2
    assert "no interviewlab course found" in result.stderr


def test_check_passes_and_prints_the_table(toy_course):
    """`course check` prints a pass/fail table per assignment and exits 0 when all pass."""
    result = run_cli("course", "--course", str(toy_course.root), "check", "--quiet")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "structure" in result.stdout and "mutants" in result.stdout
    assert "course check: passed" in result.stdout


def test_check_fails_with_exit_1(toy_course):
    """A stale learner version makes `course check` exit 1 and name the file."""
    (toy_course.release_dir / "toy" / "extra.txt").write_text("stray")
    result = run_cli(
        "course", "--course", str(toy_course.root), "check", "--only", "fresh", "--quiet"
    )
    assert result.returncode == 1
    assert "extra.txt is not produced by a release" in result.stdout
    assert "course check: FAILED" in result.stdout


def _class_folder(course, root: Path) -> Path:
    """Three learners: a full solution, a blank notebook, and a truncated file."""
    solution = (course.solutions_dir / "toy" / "toy.ipynb").read_bytes()
    blank = (course.release_dir / "toy" / "toy.ipynb").read_bytes()
    for learner, data in (("ana", solution), ("bo", blank), ("cy", blank[:200])):
        folder = root / learner / "toy"
        folder.mkdir(parents=True)
        (folder / "toy.ipynb").write_bytes(data)
    return root


def test_grade_a_class_with_one_broken_file(toy_course, tmp_path):
    """`course grade` grades everyone it can, reports the broken file, and exits 1."""
    submissions = _class_folder(toy_course, tmp_path / "subs")
    out = tmp_path / "out"
    result = run_cli(
        "course",
        "--course",
        str(toy_course.root),
        "grade",
        str(submissions),
        "--work",
        str(tmp_path / "work"),
        "--out",
        str(out),
        "--no-progress",
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "3 submissions from 3 learners: 2 graded, 1 failed." in result.stdout
    assert "cy/toy: toy.ipynb: not valid JSON" in result.stdout
    rows = {r["learner"]: r for r in csv.DictReader((out / "grades.csv").read_text().splitlines())}
    assert (rows["ana"]["score"], rows["ana"]["max_score"], rows["ana"]["status"]) == (
        "2",
        "2",
        "graded",
    )
    assert (rows["bo"]["score"], rows["bo"]["status"]) == ("0", "graded")
    assert rows["cy"]["status"] == "failed" and rows["cy"]["score"] == ""
    feedback = (out / "feedback" / "bo" / "toy" / "toy.html").read_text()
    assert "hidden: negative numbers" not in feedback and "MARK SCHEME" not in feedback
    written = [p for p in (toy_course.root / ".grading").rglob("*") if p.is_file()]
    assert written == [], "nothing written to the course's own working folder"


def test_grade_missing_folder_exits_2(toy_course, tmp_path):
    """Grading a folder that does not exist names it and exits 2."""
    code = main(["course", "--course", str(toy_course.root), "grade", str(tmp_path / "none")])
    assert code == 2


@pytest.mark.slow
def test_demo_prints_the_grade_table(real_course, tmp_path):
    """`interviewlab demo` grades the simulated class and writes csv, plot and feedback.

    One assignment keeps it quick; `make demo` grades them all.
    """
    out = tmp_path / "demo"
    result = run_cli(
        "demo",
        "--out",
        str(out),
        "--assignment",
        "00_warmup",
        "--no-progress",
        cwd=real_course.root,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "learner" in result.stdout and "ada" in result.stdout
    assert "kai" in result.stdout and "not valid JSON" in result.stdout
    rows = list(csv.DictReader((out / "reports" / "grades.csv").read_text().splitlines()))
    assert {r["learner"] for r in rows} >= {"ada", "dev", "kai", "lea"}
    full = [r for r in rows if r["learner"] == "ada"]
    assert full and all(r["score"] == r["max_score"] for r in full)
    blank = [r for r in rows if r["learner"] == "dev"]
    assert blank and all(r["score"] == "0" for r in blank)
    assert (out / "reports" / "grades.png").read_bytes()[:4] == b"\x89PNG"
    assert list((out / "reports" / "feedback").rglob("*.html"))
