"""Grading benchmark: time to autograde a simulated class, beside the floor.

The floor is the time to merely execute the same submitted notebooks with nbclient, one
after another, with nothing else (no vetting, no gradebook, no feedback). Both are measured
in the same run on the same submissions.

    .venv/bin/python bench/bench_grading.py [--learners N] [--assignments A ...]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from interviewlab.course import _cells, find_course
from interviewlab.course._demo import CLASS, simulate_class
from interviewlab.course._grade import grade_submissions
from interviewlab.course._release import release


def floor_seconds(submissions: Path, course) -> tuple[float, int]:
    """Execute every readable submitted notebook with nbclient, serially."""
    paths = []
    for path in sorted(submissions.rglob("*.ipynb")):
        try:
            paths.append((path, _cells.read(path)))
        except ValueError:
            continue  # the grader does not execute broken files either
    start = time.perf_counter()
    for path, nb in paths:
        assignment = path.parent.name
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copytree(course.source_dir / assignment, tmp, dirs_exist_ok=True)
            _cells.execute(nb, cwd=Path(tmp))
    return time.perf_counter() - start, len(paths)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=len(CLASS), help="class size")
    args = parser.parse_args(argv)
    course = find_course(Path(__file__).resolve().parent)
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as tmp:
        root = Path(tmp)
        release(
            course,
            release_dir=root / "course" / "notebooks",
            solutions_dir=root / "course" / "solutions",
        )
        subs = simulate_class(course, root / "course", root / "subs")
        # Unzip nothing: the floor needs plain files, so grade and floor see the same notebooks.
        for archive in subs.glob("*.zip"):
            shutil.unpack_archive(archive, subs)
            archive.unlink()
        learners = sorted(p.name for p in subs.iterdir())[: args.learners]
        for extra in sorted(p for p in subs.iterdir() if p.name not in learners):
            shutil.rmtree(extra)
        start = time.perf_counter()
        report = grade_submissions(subs, course, work_dir=root / "work", progress=False)
        graded = time.perf_counter() - start
        floor, executed = floor_seconds(subs, course)
    n = len(report.records)
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    assignments = len(course.assignments())
    print(f"class: {len(learners)} learners x {assignments} assignment(s) = {n} submissions")
    print(f"  interviewlab course grade (serial): {graded:7.1f} s  ({graded / n:.2f} s each)")
    print(f"  floor, nbclient execution only:    {floor:7.1f} s  ({executed} notebooks executed)")
    print(f"  ratio grade / floor:               {graded / floor:7.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
