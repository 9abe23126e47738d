"""``interviewlab course grade``: autograde a class into the gradebook, then report.

The engine is split in steps that can grow independently: vetting (``_submissions``),
grading one submission (:func:`grade_one`), and reporting (``grades.csv``, feedback). A
broken submission gets a message for its learner; the rest of the class is still graded.
"""

from __future__ import annotations

import contextlib
import csv
import shutil
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from interviewlab.course._layout import Course
from interviewlab.course._nbgrader import Nbgrader, NbgraderError
from interviewlab.course._submissions import Submission, collect_submissions

CSV_FIELDS = (
    "learner",
    "assignment",
    "status",
    "score",
    "max_score",
    "manual_max_score",
    "needs_manual_grade",
    "message",
)


@dataclass
class GradeRecord:
    """The outcome for one learner and one assignment."""

    learner: str
    assignment: str
    status: str  # "graded" or "failed"
    score: float | None = None
    max_score: float | None = None
    manual_max_score: float | None = None
    needs_manual_grade: bool = False
    message: str = ""
    feedback: list[Path] = field(default_factory=list)

    def row(self) -> dict:
        def number(value):
            return "" if value is None else f"{value:g}"

        return {
            "learner": self.learner,
            "assignment": self.assignment,
            "status": self.status,
            "score": number(self.score),
            "max_score": number(self.max_score),
            "manual_max_score": number(self.manual_max_score),
            "needs_manual_grade": str(self.needs_manual_grade).lower(),
            "message": self.message,
        }


@dataclass
class GradingReport:
    """Every record of a grading run and where its outputs are."""

    records: list[GradeRecord]
    out_dir: Path
    gradebook: str

    @property
    def failed(self) -> list[GradeRecord]:
        return [r for r in self.records if r.status != "graded"]

    @property
    def grades_csv(self) -> Path:
        return self.out_dir / "grades.csv"

    def table(self) -> str:
        rows = [("learner", "assignment", "score", "status / message")]
        for r in self.records:
            score = f"{r.score:g}/{r.max_score:g}" if r.score is not None else "-"
            note = r.status + (f": {r.message}" if r.message else "")
            rows.append((r.learner, r.assignment, score, note))
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        lines = [
            "  ".join([*(cell.ljust(w) for cell, w in zip(row[:3], widths, strict=True)), row[3]])
            for row in rows
        ]
        lines.insert(1, "  ".join("-" * w for w in [*widths, 16]))
        return "\n".join(lines)

    def summary(self) -> str:
        graded = len(self.records) - len(self.failed)
        learners = len({r.learner for r in self.records})
        text = (
            f"{len(self.records)} submissions from {learners} learners: "
            f"{graded} graded, {len(self.failed)} failed."
        )
        for r in self.failed:
            text += f"\n  - {r.learner}/{r.assignment}: {r.message}"
        return text


def grade_submissions(
    submissions: Path,
    course: Course,
    *,
    work_dir: Path | None = None,
    out_dir: Path | None = None,
    progress: bool = True,
) -> GradingReport:
    """Autograde every submission in ``submissions`` and write ``grades.csv`` and feedback.

    Parameters
    ----------
    submissions : Path
        ``<learner>/<assignment>/<notebook>.ipynb`` folders and ``<learner>.zip`` files.
    course : Course
    work_dir : Path, optional
        nbgrader's working folders and gradebook (default: the course's ``.grading/``).
    out_dir : Path, optional
        Where ``grades.csv`` and ``feedback/`` go (default: ``work_dir/reports``).
    progress : bool, default=True
        Show a progress bar on stderr.

    Returns
    -------
    GradingReport
    """
    work_dir = Path(work_dir or course.work_dir).resolve()
    out_dir = Path(out_dir or work_dir / "reports").resolve()
    work_dir.mkdir(parents=True, exist_ok=True)
    nbg = Nbgrader(course, work_dir=work_dir)
    with tempfile.TemporaryDirectory(prefix="interviewlab-unpack-") as tmp:
        found = collect_submissions(Path(submissions), course, unpack_dir=Path(tmp))
        records = []
        registered: set[str] = set()
        for sub in _progress(found, progress):
            if not sub.gradable:
                records.append(_failed(sub, "; ".join(sub.problems or ["nothing to grade"])))
                continue
            if sub.assignment not in registered:
                nbg.generate_assignment_db(sub.assignment)
                registered.add(sub.assignment)
            records.append(grade_one(nbg, sub, out_dir))
    report = GradingReport(records, out_dir, nbg.db_url)
    write_grades_csv(report.records, report.grades_csv)
    return report


def grade_one(nbg: Nbgrader, sub: Submission, out_dir: Path) -> GradeRecord:
    """Autograde one vetted submission and generate its feedback."""
    from nbgrader.api import Gradebook, MissingEntry

    coursedir = nbg.coursedir
    submitted = Path(
        coursedir.format_path(coursedir.submitted_directory, sub.learner, sub.assignment)
    )
    if submitted.exists():
        shutil.rmtree(submitted)
    submitted.mkdir(parents=True)
    for name, path in sub.notebooks.items():
        shutil.copyfile(path, submitted / name)
    try:
        nbg.autograde(sub.assignment, sub.learner)
        nbg.generate_feedback(sub.assignment, sub.learner)
    except NbgraderError as exc:
        _forget(nbg, sub)
        return _failed(sub, str(exc))
    with Gradebook(nbg.db_url) as gb:
        try:
            result = gb.find_submission(sub.assignment, sub.learner)
        except MissingEntry:
            return _failed(sub, "nbgrader recorded no grade")
        record = GradeRecord(
            sub.learner,
            sub.assignment,
            "graded",
            score=float(result.code_score),
            max_score=float(result.max_code_score),
            manual_max_score=float(result.max_written_score + result.max_task_score),
            needs_manual_grade=bool(result.needs_manual_grade),
            message="; ".join(sub.notes),
        )
    feedback_src = Path(
        coursedir.format_path(coursedir.feedback_directory, sub.learner, sub.assignment)
    )
    feedback_dst = out_dir / "feedback" / sub.learner / sub.assignment
    if feedback_dst.exists():
        shutil.rmtree(feedback_dst)
    if feedback_src.is_dir():
        shutil.copytree(feedback_src, feedback_dst)
        record.feedback = sorted(feedback_dst.glob("*.html"))
    return record


def _forget(nbg: Nbgrader, sub: Submission) -> None:
    """Remove whatever a failed autograde left in the gradebook for this submission."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(nbg.db_url) as gb, contextlib.suppress(MissingEntry):
        gb.remove_submission(sub.assignment, sub.learner)


def _failed(sub: Submission, message: str) -> GradeRecord:
    return GradeRecord(sub.learner, sub.assignment, "failed", message=message)


def write_grades_csv(records: Iterable[GradeRecord], path: Path) -> Path:
    """Write one row per learner and assignment, failures included, sorted."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_FIELDS, lineterminator="\n")
        writer.writeheader()
        for record in sorted(records, key=lambda r: (r.learner, r.assignment)):
            writer.writerow(record.row())
    return path


def _progress(items: list, enabled: bool):
    if not enabled:
        return items
    from tqdm import tqdm

    return tqdm(items, desc="grading", unit="submission", file=sys.stderr, dynamic_ncols=True)
