"""``interviewlab demo``: release the course, grade a simulated class, show the results."""

from __future__ import annotations

import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

from interviewlab.course import _cells
from interviewlab.course._layout import Course

# (learner, what they hand in): the class covers every path through the grader.
CLASS = (
    ("ada", "solution"),
    ("ben", "solution"),
    ("chloe", "solution-zip"),
    ("dev", "blank"),
    ("emma", "blank"),
    ("femi", "one-wrong"),
    ("gus", "one-wrong"),
    ("hana", "two-wrong"),
    ("ivan", "two-wrong"),
    ("jo", "all-wrong"),
    ("kai", "truncated"),
    ("lea", "wrong-name"),
)


@dataclass
class DemoResult:
    out_dir: Path
    report: object  # GradingReport
    plot: Path


def simulate_class(
    course: Course,
    release_root: Path,
    target: Path,
    *,
    learners: int = len(CLASS),
    assignments: list[str] | None = None,
) -> Path:
    """Write a class's submissions for every assignment into ``target``.

    The class cycles through :data:`CLASS` (solutions, blanks, partly wrong answers, a
    truncated file, a zip, a misnamed notebook); past its length, names get a number.
    Wrong answers are the course's own mutants, chosen deterministically per learner.
    """
    target.mkdir(parents=True, exist_ok=True)
    names = assignments if assignments is not None else course.assignments()
    for index in range(learners):
        base, kind = CLASS[index % len(CLASS)]
        learner = base if index < len(CLASS) else f"{base}{index // len(CLASS) + 1}"
        for assignment in names:
            folder = target / learner / assignment
            folder.mkdir(parents=True, exist_ok=True)
            for master in course.notebooks(assignment):
                solution = _cells.read(release_root / "solutions" / assignment / master.name)
                blank_path = release_root / "notebooks" / assignment / master.name
                name = master.name
                if kind == "blank":
                    shutil.copyfile(blank_path, folder / name)
                    continue
                if kind == "truncated":
                    data = blank_path.read_bytes()
                    (folder / name).write_bytes(data[: len(data) // 3])
                    continue
                if kind == "wrong-name":
                    name = master.stem + " (1).ipynb"
                wrong = {"one-wrong": 1, "two-wrong": 2, "all-wrong": 99}.get(kind, 0)
                _apply_mutants(course, assignment, solution, wrong, offset=index)
                (folder / name).write_text(_dumps(solution), encoding="utf-8")
        if kind == "solution-zip":
            archive = target / f"{learner}.zip"
            with zipfile.ZipFile(archive, "w") as zf:
                for path in sorted((target / learner).rglob("*")):
                    zf.write(path, path.relative_to(target))
            shutil.rmtree(target / learner)
    return target


def _apply_mutants(course: Course, assignment: str, nb, how_many: int, *, offset: int) -> None:
    exercises = _cells.exercises(nb)
    if not how_many or not exercises:
        return
    by_id = {_cells.grade_id(c): c for c in nb.cells}
    for k in range(min(how_many, len(exercises))):
        exercise = exercises[(offset + k) % len(exercises)]
        mutants = sorted((course.mutants_dir / assignment / exercise.solution_id).glob("*.py"))
        if mutants:
            chosen = mutants[(offset + k) % len(mutants)]
            by_id[exercise.solution_id].source = chosen.read_text(encoding="utf-8")


def _dumps(nb) -> str:
    import nbformat

    return nbformat.writes(nb)


def run_demo(
    course: Course,
    out_dir: Path,
    *,
    assignments: list[str] | None = None,
    workers: int | None = None,
    progress: bool = True,
) -> DemoResult:
    """Release into ``out_dir``, simulate and grade a class, plot the grades."""
    from interviewlab.course._grade import grade_submissions
    from interviewlab.course._release import release
    from interviewlab.course._report import plot_grade_distribution

    out_dir = Path(out_dir).resolve()
    if out_dir.exists():
        shutil.rmtree(out_dir)
    release_root = out_dir / "course"
    release(
        course,
        assignments=assignments,
        release_dir=release_root / "notebooks",
        solutions_dir=release_root / "solutions",
    )
    submissions = simulate_class(
        course, release_root, out_dir / "submissions", assignments=assignments
    )
    report = grade_submissions(
        submissions,
        course,
        work_dir=out_dir / "work",
        out_dir=out_dir / "reports",
        workers=workers,
        progress=progress,
    )
    plot = plot_grade_distribution(report.records, out_dir / "reports" / "grades.png")
    return DemoResult(out_dir, report, plot)
