"""Grading benchmark: stock nbgrader, our engine, and the floor, side by side in one run.

A simulated class (the demo's mix of solutions, blanks, partly wrong answers and broken
files, cycled to the class size) over every assignment is graded three ways, each in a
fresh working folder, on the same submissions:

- stock: ``nbgrader autograde`` one submission after another (nbgrader's own converter);
- engine: ``interviewlab course grade`` with N workers (sandboxed kernels, gradebook,
  feedback HTML included);
- floor: the same submitted notebooks merely executed with nbclient over N processes.

    .venv/bin/python bench/bench_grading.py [--learners 40] [--workers 2] [--assignment A]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from interviewlab.course import _cells, find_course
from interviewlab.course._demo import simulate_class
from interviewlab.course._grade import grade_submissions
from interviewlab.course._nbgrader import Nbgrader, NbgraderError
from interviewlab.course._release import release
from interviewlab.course._submissions import collect_submissions


def _execute(args: tuple[str, str]) -> None:
    path, support = args
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(support, tmp, dirs_exist_ok=True)
        _cells.execute(_cells.read(Path(path)), cwd=Path(tmp))


def floor_seconds(gradable, course, workers: int) -> float:
    jobs = [
        (str(path), str(course.source_dir / sub.assignment))
        for sub in gradable
        for path in sub.notebooks.values()
    ]
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(_execute, jobs))
    return time.perf_counter() - start


def stock_seconds(gradable, course, work: Path) -> float:
    nbg = Nbgrader(course, work_dir=work)
    for assignment in sorted({s.assignment for s in gradable}):
        nbg.generate_assignment_db(assignment)
    start = time.perf_counter()
    for sub in gradable:
        folder = work / "submitted" / sub.learner / sub.assignment
        folder.mkdir(parents=True, exist_ok=True)
        for name, path in sub.notebooks.items():
            shutil.copyfile(path, folder / name)
        # A failure is timed all the same, as a real run would spend it.
        with contextlib.suppress(NbgraderError):
            nbg.autograde(sub.assignment, sub.learner)
    return time.perf_counter() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=40, help="class size (default 40)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--assignment", action="append", help="only these (default: all)")
    parser.add_argument(
        "--small", action="store_true", help="a quick pass: 8 learners, the warm-up only"
    )
    args = parser.parse_args(argv)
    if args.small:
        args.learners, args.assignment = 8, ["00_warmup"]
    course = find_course(Path(__file__).resolve().parent)
    assignments = args.assignment or course.assignments()
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as tmp:
        root = Path(tmp)
        release(
            course,
            assignments=assignments,
            release_dir=root / "course" / "notebooks",
            solutions_dir=root / "course" / "solutions",
        )
        subs = simulate_class(
            course, root / "course", root / "subs", learners=args.learners, assignments=assignments
        )
        found = collect_submissions(subs, course, unpack_dir=root / "unpacked")
        gradable = [s for s in found if s.gradable]
        notebooks = sum(len(s.notebooks) for s in gradable)

        floor = floor_seconds(gradable, course, args.workers)
        start = time.perf_counter()
        report = grade_submissions(
            subs, course, work_dir=root / "engine", workers=args.workers, progress=False
        )
        engine = time.perf_counter() - start
        stock = stock_seconds(gradable, course, root / "stock")

    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(
        f"class: {args.learners} learners x {len(assignments)} assignment(s): {len(found)} "
        f"submissions, {len(gradable)} gradable ({notebooks} notebooks)"
    )
    print(f"  stock nbgrader autograde, serial:        {stock:7.1f} s")
    print(f"  interviewlab engine, {args.workers} workers:          {engine:7.1f} s")
    print(f"  floor, nbclient only, {args.workers} processes:       {floor:7.1f} s")
    print(f"  speed-up over stock nbgrader:            {stock / engine:7.2f}x  (target >= 1.8x)")
    print(f"  engine / floor:                          {engine / floor:7.2f}x  (target <= 1.3x)")
    print("  protections active: " + ", ".join(report.protections))
    return 0


if __name__ == "__main__":
    sys.exit(main())
