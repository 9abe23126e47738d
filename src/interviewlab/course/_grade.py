"""``interviewlab course grade``: autograde a class into the gradebook, then report.

Vetting (``_submissions``) finds what can be graded; the engine (``_engine``) grades it in
parallel, sandboxed, with one gradebook writer; this module ties them together and writes
``grades.csv``. A broken submission gets a message for its learner; the rest of the class
is still graded.
"""

from __future__ import annotations

import csv
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from interviewlab.course._layout import Course
from interviewlab.course._nbgrader import Nbgrader
from interviewlab.course._sandbox import Limits
from interviewlab.course._submissions import Submission, collect_submissions

CSV_FIELDS = (
    "learner",
    "assignment",
    "status",
    "score",
    "max_score",
    "manual_max_score",
    "needs_manual_grade",
    "review",
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
    flags: list[str] = field(default_factory=list)  # reasons to review it by hand
    feedback: list[Path] = field(default_factory=list)
    resumed: bool = False  # taken from the journal of an earlier run

    @classmethod
    def from_dict(cls, data: dict) -> GradeRecord:
        return cls(
            learner=data["learner"],
            assignment=data["assignment"],
            status=data["status"],
            score=data.get("score"),
            max_score=data.get("max_score"),
            manual_max_score=data.get("manual_max_score"),
            needs_manual_grade=bool(data.get("needs_manual_grade")),
            message=data.get("message", ""),
            flags=list(data.get("flags", [])),
            feedback=[Path(p) for p in data.get("feedback", [])],
            resumed=bool(data.get("resumed")),
        )

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
            "review": "; ".join(self.flags),
            "message": self.message,
        }


@dataclass
class GradingReport:
    """Every record of a grading run, where its outputs are, and how it was protected."""

    records: list[GradeRecord]
    out_dir: Path
    gradebook: str
    protections: list[str] = field(default_factory=list)

    @property
    def failed(self) -> list[GradeRecord]:
        return [r for r in self.records if r.status != "graded"]

    @property
    def flagged(self) -> list[GradeRecord]:
        return [r for r in self.records if r.flags]

    @property
    def grades_csv(self) -> Path:
        return self.out_dir / "grades.csv"

    def table(self) -> str:
        rows = [("learner", "assignment", "score", "status / message")]
        for r in self.records:
            score = f"{r.score:g}/{r.max_score:g}" if r.score is not None else "-"
            note = r.status + (" (flagged for review)" if r.flags else "")
            note += f": {r.message}" if r.message else ""
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
        if self.flagged:
            text += f"\n{len(self.flagged)} flagged for manual review:"
            for r in self.flagged:
                more = f" (+{len(r.flags) - 3} more)" if len(r.flags) > 3 else ""
                text += f"\n  - {r.learner}/{r.assignment}: {'; '.join(r.flags[:3])}{more}"
        resumed = sum(r.resumed for r in self.records)
        if resumed:
            text += f"\n{resumed} taken from the journal of an earlier run (files unchanged)."
        if self.protections:
            text += "\nprotections active: " + ", ".join(self.protections)
        return text


def grade_submissions(
    submissions: Path,
    course: Course,
    *,
    work_dir: Path | None = None,
    out_dir: Path | None = None,
    workers: int | None = None,
    limits: Limits | None = None,
    sandbox: bool = True,
    executor=None,
    db_url: str | None = None,
    resume: bool = True,
    progress: bool = True,
) -> GradingReport:
    """Autograde every submission in ``submissions`` and write ``grades.csv`` and feedback.

    Parameters
    ----------
    submissions : Path
        ``<learner>/<assignment>/<notebook>.ipynb`` folders and ``<learner>.zip`` files.
    course : Course
    work_dir : Path, optional
        nbgrader's working folders, the gradebook and the journal (default: ``.grading/``).
    out_dir : Path, optional
        Where ``grades.csv`` and ``feedback/`` go (default: ``work_dir/reports``).
    workers : int, optional
        Submissions executed at once (default: the number of cores).
    limits : Limits, optional
        Per-submission memory, CPU, process, time and output limits.
    sandbox : bool, default=True
        Run kernels in the sandbox where the machine allows it (the report says which
        protections were active).
    executor : concurrent.futures.Executor, optional
        Where tasks run, e.g. a Dask client's executor (default: local processes).
    db_url : str, optional
        The gradebook (default: SQLite in ``work_dir``); e.g. a PostgreSQL URL.
    resume : bool, default=True
        Skip submissions the journal records as graded from the same files.
    progress : bool, default=True
        Show a progress bar with an estimate of the time left, on stderr.

    Returns
    -------
    GradingReport
    """
    from interviewlab.course._engine import Engine

    work_dir = Path(work_dir or course.work_dir).resolve()
    out_dir = Path(out_dir or work_dir / "reports").resolve()
    work_dir.mkdir(parents=True, exist_ok=True)
    submissions = Path(submissions)
    nbg = Nbgrader(course, work_dir=work_dir, db_url=db_url)
    # Learner code must not see the course, the gradebook, the reports or the class's work.
    hide = [str(course.root), str(work_dir), str(out_dir)]
    if submissions.is_dir():
        hide.append(str(submissions.resolve()))
    with tempfile.TemporaryDirectory(prefix="interviewlab-unpack-") as tmp:
        found = collect_submissions(submissions, course, unpack_dir=Path(tmp))
        records = [
            GradeRecord(s.learner, s.assignment, "failed", message="; ".join(s.problems))
            for s in found
            if not s.gradable
        ]
        engine = Engine(
            nbg,
            out_dir=out_dir,
            workers=workers,
            limits=limits,
            sandbox=sandbox,
            executor=executor,
            hide=sorted(set(hide)),
            resume=resume,
        )
        with _progress(len(found), progress) as bar:
            bar.update(len(records))
            done = engine.grade(
                [s for s in found if s.gradable], on_done=lambda record: bar.update(1)
            )
    records += [GradeRecord.from_dict(r) for r in done]
    records.sort(key=lambda r: (r.learner, r.assignment))
    report = GradingReport(records, out_dir, nbg.db_url, sorted(engine.protections))
    write_grades_csv(report.records, report.grades_csv)
    return report


def write_grades_csv(records: Iterable[GradeRecord], path: Path) -> Path:
    """Write one row per learner and assignment, failures included, sorted."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_FIELDS, lineterminator="\n")
        writer.writeheader()
        for record in sorted(records, key=lambda r: (r.learner, r.assignment)):
            writer.writerow(record.row())
    return path


def _progress(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(
        total=total,
        desc="grading",
        unit="submission",
        file=sys.stderr,
        dynamic_ncols=True,
        disable=not enabled,
    )


__all__ = ["GradeRecord", "GradingReport", "Submission", "grade_submissions", "write_grades_csv"]
