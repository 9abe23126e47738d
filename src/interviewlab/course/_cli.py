"""``interviewlab course …`` and ``interviewlab demo``."""

from __future__ import annotations

import argparse
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
    grade.add_argument("--no-progress", action="store_true", help="no progress bar")
    grade.set_defaults(func=_grade)
    course.set_defaults(func=lambda args: _help(course))

    demo = subparsers.add_parser(
        "demo", help="the main job: release, grade a simulated class, print the grade table"
    )
    demo.add_argument("--out", type=Path, default=None, help="output folder (default: .demo/)")
    demo.add_argument("--course", type=Path, default=None, help=argparse.SUPPRESS)
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

    try:
        report = grade_submissions(
            args.submissions,
            _course(args),
            work_dir=args.work,
            out_dir=args.out,
            progress=not args.no_progress,
        )
    except (FileNotFoundError, ValueError) as exc:
        return _fail(str(exc))
    print(report.table())
    print()
    print(report.summary())
    print(f"grades: {report.grades_csv}\nfeedback: {report.out_dir / 'feedback'}")
    return 1 if report.failed else 0


def _demo(args) -> int:
    from interviewlab.course import run_demo

    try:
        course = _course(args)
    except FileNotFoundError as exc:
        return _fail(str(exc))
    out = args.out or course.root / ".demo"
    print(f"interviewlab demo: releasing the course and grading a simulated class in {out}")
    result = run_demo(course, out, progress=not args.no_progress)
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
