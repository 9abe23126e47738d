"""A thin, quiet layer over nbgrader's converters: generate releases and solutions, autograde."""

from __future__ import annotations

import contextlib
import functools
import io
import logging
from pathlib import Path

from interviewlab.course._layout import Course


class NbgraderError(RuntimeError):
    """An nbgrader step failed; the message carries nbgrader's own log."""


class Nbgrader:
    """nbgrader's API for one course, with its working folders where we want them."""

    def __init__(
        self,
        course: Course,
        *,
        work_dir: Path,
        release_dir: Path | None = None,
        solutions_dir: Path | None = None,
        db_url: str | None = None,
    ):
        from nbgrader.apps.api import NbGraderAPI
        from nbgrader.coursedir import CourseDirectory

        _remember_alembic_head()
        _share_gradebook_engines()
        self.course = course
        self.work_dir = Path(work_dir)
        self.work_dir.mkdir(parents=True, exist_ok=True)
        # Generated copies land in the scratch folder unless a caller names a target, so that
        # nothing a grading run writes reaches the tracked notebooks/ and solutions/.
        self.config = course.load_config(
            work_dir=self.work_dir,
            release_dir=release_dir or self.work_dir / "release",
            solutions_dir=solutions_dir or self.work_dir / "solutions",
            db_url=db_url,
        )
        self.coursedir = CourseDirectory(config=self.config)
        self.api = NbGraderAPI(coursedir=self.coursedir, config=self.config)
        # nbgrader logs every step at INFO; a grading run reports its own summary instead.
        self.api.log.setLevel(logging.WARNING)

    @property
    def db_url(self) -> str:
        return self.coursedir.db_url

    def _run(self, step: str, what: str, call):
        sink = io.StringIO()
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            result = call()
        if not result.get("success"):
            detail = (result.get("error") or result.get("log") or sink.getvalue()).strip()
            raise NbgraderError(f"nbgrader {step} failed for {what}: {_last_lines(detail)}")
        return result

    def generate_assignment(self, assignment: str) -> None:
        self._run(
            "generate_assignment",
            assignment,
            lambda: self.api.generate_assignment(assignment, force=True, create=True),
        )

    def generate_assignment_db(self, assignment: str) -> None:
        """Record the assignment's cells in the gradebook (the release goes to scratch)."""
        self.generate_assignment(assignment)

    def generate_solution(self, assignment: str) -> None:
        from nbgrader.converters import GenerateSolution
        from nbgrader.utils import capture_log, temp_attrs

        def call():
            with temp_attrs(self.coursedir, assignment_id=assignment):
                app = GenerateSolution(coursedir=self.coursedir, parent=self.api)
                app.force = True
                return capture_log(app)

        self._run("generate_solution", assignment, call)

    def autograde(self, assignment: str, learner: str) -> None:
        self._run(
            "autograde",
            f"{learner}/{assignment}",
            lambda: self.api.autograde(assignment, learner, force=True, create=True),
        )


def _share_gradebook_engines() -> None:
    """Open each gradebook database once per process, in WAL mode.

    nbgrader opens a new SQLAlchemy engine for every ``Gradebook(...)``, and every step of
    grading opens one; its saving step commits once per cell. Sharing one engine per URL
    and, for SQLite, write-ahead logging with ``synchronous=NORMAL`` make those commits
    cheap. Committed grades survive the grading process being killed (the operating system
    holds them); only a power cut could lose the last few, which a re-run grades again.
    """
    import nbgrader.api
    import sqlalchemy

    if getattr(nbgrader.api.create_engine, "interviewlab_shared", False):
        return
    engines: dict[str, object] = {}
    create = nbgrader.api.create_engine

    def shared_engine(url, **kwargs):
        key = str(url)
        if key not in engines:
            engine = create(url, **kwargs)
            if engine.dialect.name == "sqlite":

                @sqlalchemy.event.listens_for(engine, "connect")
                def _pragmas(connection, _record):
                    cursor = connection.cursor()
                    cursor.execute("PRAGMA journal_mode=WAL")
                    cursor.execute("PRAGMA synchronous=NORMAL")
                    cursor.execute("PRAGMA busy_timeout=30000")
                    cursor.close()

            engines[key] = engine
        return engines[key]

    shared_engine.interviewlab_shared = True
    nbgrader.api.create_engine = shared_engine


def _remember_alembic_head() -> None:
    """nbgrader asks ``alembic heads`` (a subprocess, ~1 s) for every new gradebook; the
    answer depends only on the installed nbgrader, so ask once per process."""
    import nbgrader.api

    if not hasattr(nbgrader.api.get_alembic_version, "cache_info"):
        nbgrader.api.get_alembic_version = functools.cache(nbgrader.api.get_alembic_version)


def _last_lines(text: str, n: int = 6) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    return "\n".join(lines[-n:])
