"""``interviewlab course …`` and ``interviewlab demo``."""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path


def register(subparsers) -> None:
    course = subparsers.add_parser(
        "course", help="release, check and grade the course (nbgrader underneath)"
    )
    course.add_argument(
        "--course",
        type=Path,
        default=None,
        help="the course checkout (default: the one holding the working folder)",
    )
    commands = course.add_subparsers(dest="course_command", metavar="STEP")

    release = commands.add_parser(
        "release", help="regenerate notebooks/ and solutions/ from the masters"
    )
    release.add_argument("assignments", nargs="*", help="only these assignments (default: all)")
    release.set_defaults(func=_release)

    check = commands.add_parser(
        "check", help="prove every assignment grades correctly (the course tests itself)"
    )
    check.add_argument(
        "--assignment", action="append", dest="assignments", help="only this one (repeatable)"
    )
    check.add_argument(
        "--only",
        action="append",
        dest="checks",
        metavar="CHECK",
        help="run only this check (repeatable): structure, master, blank, autograde, leaks, "
        "fresh, mutants",
    )
    check.add_argument("--workers", type=int, default=None, help="parallel notebook runs")
    check.add_argument("--quiet", action="store_true", help="print only the table")
    check.set_defaults(func=_check)

    rubrics = commands.add_parser(
        "rubrics",
        help="write written-answer prompts, rubrics and the mock interview into the masters "
        "from the question bank",
    )
    rubrics.set_defaults(func=_rubrics)

    grade = commands.add_parser(
        "grade",
        help="autograde a folder of submissions into the gradebook",
        description=(
            "SUBMISSIONS holds <learner>/<assignment>/<notebook>.ipynb folders and/or "
            "<learner>.zip files. Exit status: 0 when every submission was graded, 1 when "
            "some could not be (the summary says which and why), 2 on bad arguments."
        ),
    )
    grade.add_argument("submissions", type=Path, help="folder of submissions")
    grade.add_argument(
        "--work", type=Path, default=None, help="nbgrader working folder (default: .grading/)"
    )
    grade.add_argument(
        "--out", type=Path, default=None, help="grades.csv and feedback (default: WORK/reports)"
    )
    grade.add_argument(
        "--workers", type=int, default=None, help="submissions graded at once (default: cores)"
    )
    grade.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="grade on a Dask cluster (e.g. tcp://host:8786) instead of local processes",
    )
    grade.add_argument(
        "--db-url",
        default=None,
        help="gradebook URL (default: SQLite in the working folder), e.g. postgresql+psycopg2://…",
    )
    grade.add_argument(
        "--no-sandbox",
        action="store_true",
        help="run kernels without namespaces, separate user or cgroups (limits still apply)",
    )
    grade.add_argument(
        "--restart", action="store_true", help="grade everything again, ignoring the journal"
    )
    for name, default, unit in (
        ("memory", 2048, "MB"),
        ("cpu", 300, "s of CPU"),
        ("processes", 128, "processes"),
        ("timeout", 600, "s per notebook"),
        ("cell-timeout", 60, "s per cell"),
    ):
        grade.add_argument(
            f"--{name}", type=int, default=default, help=f"limit per submission ({unit})"
        )
    grade.add_argument("--no-progress", action="store_true", help="no progress bar")
    grade.set_defaults(func=_grade)
    course.set_defaults(func=lambda args: _help(course))

    demo = subparsers.add_parser(
        "demo", help="the main job: release, grade a simulated class, print the grade table"
    )
    demo.add_argument("--out", type=Path, default=None, help="output folder (default: .demo/)")
    demo.add_argument("--course", type=Path, default=None, help=argparse.SUPPRESS)
    demo.add_argument(
        "--assignment", action="append", dest="assignments", help="only this one (repeatable)"
    )
    demo.add_argument("--workers", type=int, default=None, help="submissions graded at once")
    demo.add_argument("--no-progress", action="store_true", help="no progress bar")
    demo.set_defaults(func=_demo)


def _help(parser) -> int:
    parser.print_help()
    return 2


def _course(args):
    from interviewlab.course import find_course

    return find_course(args.course)


def _fail(message: str) -> int:
    print(f"interviewlab: {message}", file=sys.stderr)
    return 2


def _release(args) -> int:
    from interviewlab.course import release

    try:
        course = _course(args)
        done = release(course, assignments=args.assignments or None)
    except (FileNotFoundError, ValueError) as exc:
        return _fail(str(exc))
    root = course.root
    print(
        f"released {len(done)} assignment(s) into {course.release_dir.relative_to(root)}/ "
        f"and {course.solutions_dir.relative_to(root)}/: {', '.join(done)}"
    )
    return 0


def _rubrics(args) -> int:
    from interviewlab.course._rubrics import sync_masters

    try:
        changed = sync_masters(_course(args))
    except (FileNotFoundError, ValueError) as exc:
        return _fail(str(exc))
    if changed:
        print(f"updated {', '.join(changed)}; now run `interviewlab course release`")
    else:
        print("every master already agrees with the question bank")
    return 0


def _check(args) -> int:
    from interviewlab.course import check_course
    from interviewlab.course._check import CHECKS

    say = None if args.quiet else (lambda message: print(f"  {message}", file=sys.stderr))
    try:
        report = check_course(
            _course(args),
            assignments=args.assignments,
            checks=args.checks or CHECKS,
            workers=args.workers,
            progress=say,
        )
    except (FileNotFoundError, ValueError) as exc:
        return _fail(str(exc))
    print(report.table())
    print("\ncourse check: " + ("passed" if report.passed else "FAILED"))
    return 0 if report.passed else 1


def _grade(args) -> int:
    from interviewlab.course import grade_submissions
    from interviewlab.course._sandbox import Limits

    if args.workers is not None and args.workers < 1:
        return _fail(f"--workers must be at least 1, got {args.workers}")
    try:
        limits = Limits(
            memory_mb=args.memory,
            cpu_seconds=args.cpu,
            processes=args.processes,
            wall_seconds=args.timeout,
            cell_seconds=args.cell_timeout,
        )
    except ValueError as exc:
        return _fail(str(exc))
    try:
        with _executor(args.scheduler) as executor:
            report = grade_submissions(
                args.submissions,
                _course(args),
                work_dir=args.work,
                out_dir=args.out,
                workers=args.workers,
                limits=limits,
                sandbox=not args.no_sandbox,
                executor=executor,
                db_url=args.db_url,
                resume=not args.restart,
                progress=not args.no_progress,
            )
    except (FileNotFoundError, ValueError, OSError) as exc:
        return _fail(str(exc))
    print(report.table())
    print()
    print(report.summary())
    print(f"grades: {report.grades_csv}\nfeedback: {report.out_dir / 'feedback'}")
    return 1 if report.failed else 0


@contextlib.contextmanager
def _executor(address: str | None):
    """Local processes (None), or a Dask cluster's concurrent.futures executor."""
    if address is None:
        yield None
        return
    try:
        from distributed import Client
    except ImportError as exc:
        raise ValueError("--scheduler needs the 'distributed' package") from exc
    try:
        client = Client(address, timeout=30)
    except OSError as exc:
        raise ValueError(f"cannot reach the Dask scheduler at {address!r}: {exc}") from exc
    with client:
        yield client.get_executor()


def _demo(args) -> int:
    from interviewlab.course import run_demo

    try:
        course = _course(args)
    except FileNotFoundError as exc:
        return _fail(str(exc))
    out = args.out or course.root / ".demo"
    print(f"interviewlab demo: releasing the course and grading a simulated class in {out}")
    try:
        result = run_demo(
            course,
            out,
            assignments=args.assignments,
            workers=args.workers,
            progress=not args.no_progress,
        )
    except ValueError as exc:
        return _fail(str(exc))
    report = result.report
    print()
    print(report.table())
    print()
    print(report.summary())
    print(f"\ngrades:   {report.grades_csv}")
    print(f"plot:     {result.plot}")
    print(f"feedback: {report.out_dir / 'feedback'}")
    _draw_questions()
    return 0


def _draw_questions() -> None:
    """End the demo with three interview questions, once the question bank exists."""
    try:
        from interviewlab.questions import draw
    except ImportError:
        return
    print("\nThree interview questions to practise (interviewlab questions draw -n 3):")
    for question in draw(3, random_state=None):
        print(f"  [{question.topic} · {question.level}] {question.prompt}")
