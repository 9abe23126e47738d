"""``interviewlab course check``: the course proves its own exercises are graded correctly.

For every assignment it shows that

- ``structure``: graded cells are well formed (points set, no bare trailing expression,
  hidden tests only in autograded test cells, mark schemes only in task cells, delimiters
  spelled exactly, every exercise tested, grade ids unique);
- ``master``: the master runs clean with every test passing and nothing written to stderr;
- ``blank``: the learner version fails every autograded test;
- ``autograde``: the grading engine (nbgrader's gradebook, the sandbox) gives the solution
  full marks, unflagged, and the untouched learner version zero;
- ``leaks``: no solution code, hidden test or mark scheme text reaches ``notebooks/``;
- ``fresh``: ``notebooks/`` and ``solutions/`` are byte-identical to a fresh release;
- ``mutants``: every exercise ships at least two wrong answers, and each loses points
  (forked from one run of the cells before the exercise, with the solution as a control).
"""

from __future__ import annotations

import filecmp
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from interviewlab.course import _cells
from interviewlab.course._layout import Course

CHECKS = ("structure", "master", "blank", "autograde", "leaks", "fresh", "mutants")
MIN_MUTANTS = 2
MUTANT_TIMEOUT = 120  # seconds for one wrong answer's cells, in the fast (forked) runs
# Region delimiters nbgrader recognises; anything that merely looks like one is a mistake.
DELIMITERS = {f"### {edge} {region}" for edge in ("BEGIN", "END") for region in _cells.REGIONS}
_DELIMITER_LIKE = re.compile(r"\b(BEGIN|END)\s+(SOLUTION|HIDDEN|MARK)", re.IGNORECASE)


@dataclass
class CheckResult:
    """One check of one assignment: passed or not, and why."""

    name: str
    passed: bool
    details: list[str] = field(default_factory=list)


@dataclass
class AssignmentReport:
    """Every check of one assignment."""

    assignment: str
    cells: int = 0
    points: float = 0.0
    manual_points: float = 0.0
    exercises: int = 0
    mutants: int = 0
    checks: dict[str, CheckResult] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks.values())


@dataclass
class CourseReport:
    """The result of ``course check``."""

    assignments: list[AssignmentReport]

    @property
    def passed(self) -> bool:
        return bool(self.assignments) and all(a.passed for a in self.assignments)

    def table(self) -> str:
        header = ["assignment", "cells", "points", "manual", "mutants", *CHECKS]
        rows = [header]
        for a in self.assignments:
            marks = [
                ("pass" if a.checks[c].passed else "FAIL") if c in a.checks else "-" for c in CHECKS
            ]
            rows.append(
                [
                    a.assignment,
                    str(a.cells),
                    f"{a.points:g}",
                    f"{a.manual_points:g}",
                    str(a.mutants),
                    *marks,
                ]
            )
        widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
        lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)) for r in rows]
        lines.insert(1, "  ".join("-" * w for w in widths))
        problems = [
            f"{a.assignment} · {c.name}: {detail}"
            for a in self.assignments
            for c in a.checks.values()
            if not c.passed
            for detail in (c.details or ["failed"])
        ]
        if problems:
            lines += ["", "Problems:", *(f"  - {p}" for p in problems)]
        return "\n".join(lines)


def check_course(
    course: Course,
    *,
    assignments: Sequence[str] | None = None,
    checks: Sequence[str] = CHECKS,
    workers: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> CourseReport:
    """Run every check on the course's assignments.

    Parameters
    ----------
    course : Course
    assignments : sequence of str, optional
        Which assignments (default: all).
    checks : sequence of str, optional
        Which checks (default: all of ``CHECKS``).
    workers : int, optional
        Processes that execute notebooks in parallel (default: the number of cores).
    progress : callable, optional
        Called with a short message as each step finishes.

    Returns
    -------
    CourseReport
    """
    from interviewlab.course._release import release

    say = progress or (lambda message: None)
    selected = set(checks)
    unknown = selected - set(CHECKS)
    if unknown:
        valid = ", ".join(CHECKS)
        raise ValueError(f"checks must be among {valid}; got {', '.join(sorted(unknown))}")
    names = list(course.assignments() if assignments is None else assignments)
    for name in names:
        course.notebooks(name)  # unknown assignment: a clear error, before any work
    workers = workers or os.cpu_count() or 1
    reports = {name: AssignmentReport(name) for name in names}

    with tempfile.TemporaryDirectory(prefix="interviewlab-check-") as tmp:
        scratch = Path(tmp)
        fresh_release, fresh_solutions = scratch / "release", scratch / "solutions"
        release(
            course,
            assignments=names,
            release_dir=fresh_release,
            solutions_dir=fresh_solutions,
        )
        say("released a fresh copy")
        jobs: list[tuple[str, str, Callable, tuple]] = []
        for name in names:
            report = reports[name]
            plan = _plan_assignment(course, name, report, fresh_release, fresh_solutions, scratch)
            jobs.extend(job for job in plan if job[1] in selected)
            report.checks = {k: v for k, v in report.checks.items() if k in selected}
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [(name, check, pool.submit(fn, *args)) for name, check, fn, args in jobs]
            outcomes: dict[tuple[str, str], list[tuple[bool, list[str]]]] = {}
            for name, check, future in futures:
                try:
                    passed, details = future.result()
                except Exception as exc:  # a crashed job fails its check, never the whole run
                    passed, details = False, [f"{type(exc).__name__}: {exc}"]
                outcomes.setdefault((name, check), []).append((passed, details))
                say(f"{name}: {check} {'ok' if passed else 'FAILED'}")
        for (name, check), results in outcomes.items():
            result = reports[name].checks.setdefault(check, CheckResult(check, True))
            for passed, details in results:
                result.passed &= passed
                result.details.extend(details)
    return CourseReport([reports[name] for name in names])


def _plan_assignment(course, name, report, fresh_release, fresh_solutions, scratch):
    """Run the cheap checks now; return the notebook executions to run in parallel."""
    jobs = []
    masters = course.notebooks(name)
    structure = CheckResult("structure", True)
    leaks = CheckResult("leaks", True)
    mutants = CheckResult("mutants", True)
    report.checks.update(structure=structure, leaks=leaks, mutants=mutants)
    if not masters:
        structure.passed = False
        structure.details.append("no master notebook in the assignment folder")

    known_exercises: set[str] = set()
    seen_ids: dict[str, str] = {}
    for master_path in masters:
        nb = _cells.read(master_path)
        label = master_path.name
        for cell in nb.cells:
            gid = _cells.grade_id(cell)
            if gid:
                if gid in seen_ids and seen_ids[gid] != label:
                    structure.passed = False
                    structure.details.append(f"grade id {gid!r} in {seen_ids[gid]} and {label}")
                seen_ids[gid] = label
            if _cells.is_autograded_test(cell):
                report.cells += 1
                report.points += _cells.points(cell)
            elif _cells.is_manual(cell):
                report.cells += 1
                report.manual_points += _cells.points(cell)
        structure.details += _structure_problems(nb, label)
        exercises = _cells.exercises(nb, label)
        report.exercises += len(exercises)
        known_exercises |= {e.solution_id for e in exercises}
        leaks.details += _leak_problems(nb, fresh_release / name, course.release_dir / name)
        cwd = course.source_dir / name
        jobs.append((name, "master", _run_master, (str(master_path), str(cwd))))
        jobs.append((name, "blank", _run_blank, (str(fresh_release / name / label), str(cwd))))
        for exercise in exercises:
            files = sorted((course.mutants_dir / name / exercise.solution_id).glob("*.py"))
            report.mutants += len(files)
            if len(files) < MIN_MUTANTS:
                mutants.details.append(
                    f"exercise {exercise.solution_id!r} has {len(files)} wrong answer(s) in "
                    f"{course.mutants_dir.relative_to(course.root) / name / exercise.solution_id}"
                    f"; at least {MIN_MUTANTS} are needed"
                )
            if files:
                jobs.append(
                    (
                        name,
                        "mutants",
                        _run_exercise_mutants,
                        (str(master_path), str(cwd), exercise, [str(f) for f in files]),
                    )
                )
    stale = (course.mutants_dir / name).glob("*/") if (course.mutants_dir / name).is_dir() else []
    for folder in stale:
        if folder.is_dir() and folder.name not in known_exercises:
            mutants.details.append(f"mutants for unknown exercise {folder.name!r}")
    structure.passed = structure.passed and not structure.details
    leaks.passed = not leaks.details
    mutants.passed = not mutants.details

    fresh = CheckResult("fresh", True)
    for generated, tracked in (
        (fresh_release / name, course.release_dir / name),
        (fresh_solutions / name, course.solutions_dir / name),
    ):
        fresh.details += _tree_differences(generated, tracked, course.root)
    fresh.passed = not fresh.details
    report.checks["fresh"] = fresh

    jobs.append(
        (
            name,
            "autograde",
            _run_autograde,
            (str(course.root), name, str(fresh_solutions / name), "full", str(scratch)),
        )
    )
    jobs.append(
        (
            name,
            "autograde",
            _run_autograde,
            (str(course.root), name, str(fresh_release / name), "zero", str(scratch)),
        )
    )
    return jobs


def _structure_problems(nb, label: str) -> list[str]:
    problems = []
    for index, cell in enumerate(nb.cells):
        where = f"{label} cell {index} ({_cells.grade_id(cell) or 'no grade id'})"
        meta = _cells.meta(cell)
        source = cell.source
        for line in source.splitlines():
            if _DELIMITER_LIKE.search(line) and line.strip() not in DELIMITERS:
                problems.append(f"{where}: misspelled region delimiter {line.strip()!r}")
        if meta.get("grade") and _cells.points(cell) <= 0:
            problems.append(f"{where}: graded cell without points")
        if meta.get("task") and _cells.points(cell) <= 0:
            problems.append(f"{where}: task without points")
        if _cells.has_region(source, "HIDDEN TESTS") and not _cells.is_autograded_test(cell):
            problems.append(f"{where}: hidden tests outside an autograded test cell")
        if _cells.has_region(source, "MARK SCHEME") and not _cells.is_task(cell):
            problems.append(f"{where}: mark scheme outside a task cell")
        if _cells.has_region(source, "SOLUTION") and not _cells.is_solution(cell):
            problems.append(f"{where}: solution region in a cell not marked as a solution")
        if _cells.is_autograded_test(cell):
            expression = _cells.trailing_expression(source)
            if expression:
                problems.append(
                    f"{where}: ends in the bare expression {expression!r}, "
                    "which nbgrader would read as partial credit"
                )
            if not meta.get("locked"):
                problems.append(f"{where}: test cell is not locked")
        if (
            _cells.is_solution(cell)
            and cell.cell_type == "code"
            and not _cells.has_region(source, "SOLUTION")
        ):
            problems.append(f"{where}: solution cell without a ### BEGIN SOLUTION region")
    for exercise_cell in (c for c in nb.cells if _cells.is_solution(c) and c.cell_type == "code"):
        gid = _cells.grade_id(exercise_cell)
        if gid not in {e.solution_id for e in _cells.exercises(nb, label)}:
            problems.append(f"{label}: exercise {gid!r} has no autograded test cell after it")
    return problems


def _secret_lines(nb) -> set[str]:
    """Lines that must never reach learners: solutions, hidden tests, mark schemes."""
    secret, public = set(), set()
    for cell in nb.cells:
        hidden = set()
        for region in _cells.REGIONS:
            hidden.update(line.strip() for line in _cells.region_lines(cell.source, region))
        if cell.cell_type == "markdown" and _cells.is_solution(cell):
            hidden.update(line.strip() for line in cell.source.splitlines())
        secret |= hidden
        public |= {line.strip() for line in cell.source.splitlines()} - hidden
    # Short or shared lines ("return result", "else:") say nothing about the answer.
    return {line for line in secret - public if len(line) >= 12 and not line.startswith("#")}


def _leak_problems(master, *folders: Path) -> list[str]:
    secret = _secret_lines(master)
    problems = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            try:
                text = path.read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError):
                continue
            if path.suffix == ".ipynb":
                try:
                    lines = {
                        line.strip()
                        for cell in _cells.read(path).cells
                        for line in cell.source.splitlines()
                    }
                except ValueError:
                    lines = {line.strip() for line in text.splitlines()}
            else:
                lines = {line.strip() for line in text.splitlines()}
            for marker in ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "BEGIN MARK SCHEME"):
                if marker in text:
                    problems.append(f"{path}: contains the marker {marker!r}")
            for line in sorted(lines & secret)[:5]:
                problems.append(f"{path}: leaks {line!r}")
    return problems


def _tree_differences(generated: Path, tracked: Path, root: Path) -> list[str]:
    where = tracked.relative_to(root) if tracked.is_relative_to(root) else tracked
    if not tracked.is_dir():
        return [f"{where} is missing: run `interviewlab course release`"]
    problems = []
    comparison = filecmp.dircmp(generated, tracked, ignore=[])
    stack = [(comparison, Path())]
    while stack:
        cmp, rel = stack.pop()
        for name in cmp.left_only:
            problems.append(f"{where / rel / name} is missing from the tracked copy")
        for name in cmp.right_only:
            problems.append(f"{where / rel / name} is not produced by a release")
        for name in cmp.common_files:
            if (generated / rel / name).read_bytes() != (tracked / rel / name).read_bytes():
                problems.append(f"{where / rel / name} differs from a fresh release")
        stack.extend((sub, rel / sub_name) for sub_name, sub in cmp.subdirs.items())
    if problems:
        problems.append("run `interviewlab course release` and commit the result")
    return problems


# --- jobs run in worker processes: each returns (passed, details) ---------------------------


def _execute_in_copy(nb, cwd: str):
    with tempfile.TemporaryDirectory(prefix="interviewlab-run-") as tmp:
        shutil.copytree(cwd, tmp, dirs_exist_ok=True)
        return _cells.execute(nb, cwd=Path(tmp))


def _run_master(master_path: str, cwd: str):
    nb = _execute_in_copy(_cells.read(Path(master_path)), cwd)
    label = Path(master_path).name
    details = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        where = f"{label} cell {index} ({_cells.grade_id(cell) or 'no grade id'})"
        if _cells.cell_failed(cell):
            error = next(o for o in cell.outputs if o.get("output_type") == "error")
            details.append(f"{where} raised {error.get('ename')}: {error.get('evalue')}")
        stderr = _cells.cell_stderr(cell)
        if stderr:
            details.append(f"{where} wrote to stderr: {stderr.strip()[:200]!r}")
    for gid, (score, max_score) in _cells.test_scores(nb).items():
        if score < max_score:
            details.append(f"{label}: test {gid!r} scored {score:g}/{max_score:g} on the solution")
    return not details, details


def _run_blank(learner_path: str, cwd: str):
    nb = _execute_in_copy(_cells.read(Path(learner_path)), cwd)
    label = Path(learner_path).name
    details = [
        f"{label}: test {gid!r} gives {score:g}/{max_score:g} to an unanswered notebook"
        for gid, (score, max_score) in _cells.test_scores(nb).items()
        if score > 0
    ]
    return not details, details


def _run_mutant(master_path: str, cwd: str, exercise: _cells.Exercise, mutant_path: str):
    nb = _cells.read(Path(master_path))
    nb.cells[exercise.solution_index].source = Path(mutant_path).read_text(encoding="utf-8")
    # Cells after the exercise's last test cannot change its score: do not run them.
    del nb.cells[exercise.last_test_index + 1 :]
    scores = _cells.test_scores(_execute_in_copy(nb, cwd))
    earned = sum(scores[gid][0] for gid in exercise.test_ids)
    if earned < exercise.max_points:
        return True, []
    name = Path(mutant_path).name
    return False, [
        f"wrong answer {exercise.solution_id}/{name} still earns "
        f"{earned:g}/{exercise.max_points:g} points: the tests do not catch it"
    ]


def _run_exercise_mutants(
    master_path: str, cwd: str, exercise: _cells.Exercise, mutant_paths: list[str]
):
    """Every wrong answer of one exercise must lose points.

    The answers are forked from one run of the cells before the exercise (see
    :mod:`interviewlab.course._forkrun`), with the real solution as a control. Where the
    control does not earn full marks there, every answer runs in its own kernel instead; an
    answer that seems to survive is confirmed in a kernel before it is reported.
    """
    nb = _cells.read(Path(master_path))
    tests = [cell for cell in nb.cells if _cells.is_autograded_test(cell)]
    points = {_cells.grade_id(cell): _cells.points(cell) for cell in tests}
    control = "(the solution)"
    answers = [{"name": control, "source": nb.cells[exercise.solution_index].source}]
    answers += [
        {"name": Path(p).name, "source": Path(p).read_text(encoding="utf-8")} for p in mutant_paths
    ]
    spec = {
        "solution_index": exercise.solution_index,
        "last_test_index": exercise.last_test_index,
        "timeout": MUTANT_TIMEOUT,
        "answers": answers,
    }
    results = _fork_run(master_path, cwd, spec)

    def earned(passed: dict | None) -> float:
        return sum(points[gid] for gid in exercise.test_ids if passed and passed.get(gid))

    if results is None or earned(results["answers"].get(control)) < exercise.max_points:
        outcomes = [_run_mutant(master_path, cwd, exercise, p) for p in mutant_paths]
        return all(ok for ok, _ in outcomes), [d for _, found in outcomes for d in found]
    details = []
    for path in mutant_paths:
        if earned(results["answers"].get(Path(path).name)) >= exercise.max_points:
            details += _run_mutant(master_path, cwd, exercise, path)[1]
    return not details, details


def _fork_run(master_path: str, cwd: str, spec: dict) -> dict | None:
    """Run :mod:`interviewlab.course._forkrun` in a copy of ``cwd``; None if it failed."""
    with (
        tempfile.TemporaryDirectory(prefix="interviewlab-run-") as tmp,
        tempfile.TemporaryDirectory(prefix="interviewlab-spec-") as io_dir,
    ):
        shutil.copytree(cwd, tmp, dirs_exist_ok=True)
        spec_path, results_path = Path(io_dir) / "spec.json", Path(io_dir) / "results.json"
        spec_path.write_text(json.dumps(spec), encoding="utf-8")
        command = [sys.executable, "-m", "interviewlab.course._forkrun", master_path]
        try:
            subprocess.run(
                [*command, str(spec_path), str(results_path)],
                cwd=tmp,
                capture_output=True,
                timeout=MUTANT_TIMEOUT * (len(spec["answers"]) + 1),
                check=True,
            )
            results = json.loads(results_path.read_text(encoding="utf-8"))
        except (subprocess.SubprocessError, OSError, ValueError):
            return None
    return None if results["prefix_error"] else results


def _run_autograde(root: str, assignment: str, version_dir: str, expect: str, scratch: str):
    """Grade one version of the assignment as a learner's submission, with the real engine
    (sandbox included), and compare its autograded score with what it must be."""
    from interviewlab.course._engine import InlineExecutor
    from interviewlab.course._grade import grade_submissions

    learner = f"check-{expect}"
    with tempfile.TemporaryDirectory(prefix="interviewlab-autograde-", dir=scratch) as tmp:
        submissions = Path(tmp) / "submissions"
        shutil.copytree(version_dir, submissions / learner / assignment)
        report = grade_submissions(
            submissions,
            Course(Path(root)),
            work_dir=Path(tmp) / "work",
            executor=InlineExecutor(),
            resume=False,
            progress=False,
        )
    (record,) = report.records
    what = "the solution" if expect == "full" else "the untouched learner version"
    if record.status != "graded":
        return False, [f"grading {what} failed: {record.message}"]
    ok = record.score == record.max_score if expect == "full" else record.score == 0
    details = [] if ok else [f"the grader gives {what} {record.score:g}/{record.max_score:g}"]
    if record.flags:
        ok = False
        details.append(f"the grader flags {what} for review: {'; '.join(record.flags[:3])}")
    return ok, details
