"""Where the course lives on disk, and the nbgrader configuration that describes it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

CONFIG_NAME = "nbgrader_config.py"
# An assignment name is a folder name and an nbgrader id: keep it plain.
ASSIGNMENT_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"


@dataclass(frozen=True)
class Course:
    """The folders of one course checkout.

    Attributes
    ----------
    root : Path
        The repository root (holds ``autograder/nbgrader_config.py``).
    """

    root: Path

    @property
    def config_file(self) -> Path:
        return self.root / "autograder" / CONFIG_NAME

    @property
    def source_dir(self) -> Path:
        return self.root / "autograder" / "source"

    @property
    def mutants_dir(self) -> Path:
        return self.root / "autograder" / "mutants"

    @property
    def release_dir(self) -> Path:
        return self.root / "notebooks"

    @property
    def solutions_dir(self) -> Path:
        return self.root / "solutions"

    @property
    def work_dir(self) -> Path:
        return self.root / ".grading"

    def assignments(self) -> list[str]:
        """The assignments, in order: the folders of ``autograder/source``."""
        if not self.source_dir.is_dir():
            return []
        return sorted(
            p.name
            for p in self.source_dir.iterdir()
            if p.is_dir() and not p.name.startswith((".", "_"))
        )

    def notebooks(self, assignment: str) -> list[Path]:
        """The master notebooks of ``assignment``."""
        folder = self.source_dir / assignment
        if not folder.is_dir():
            known = ", ".join(self.assignments()) or "none"
            raise ValueError(f"assignment {assignment!r} does not exist (known: {known})")
        return sorted(folder.glob("*.ipynb"))

    def load_config(
        self,
        *,
        work_dir: Path | None = None,
        release_dir: Path | None = None,
        solutions_dir: Path | None = None,
        db_url: str | None = None,
    ):
        """Read ``nbgrader_config.py`` and point its working folders where asked.

        Parameters
        ----------
        work_dir : Path, optional
            Folder for submitted, autograded and feedback copies and the gradebook.
        release_dir, solutions_dir : Path, optional
            Where learner versions and solutions are written (default: the tracked folders).
        db_url : str, optional
            The gradebook's SQLAlchemy URL (default: SQLite in the working folder), e.g.
            ``postgresql+psycopg2://user@host/db`` for a gradebook shared across machines.

        Returns
        -------
        traitlets.config.Config
        """
        from traitlets.config.loader import PyFileConfigLoader

        if not self.config_file.is_file():
            raise FileNotFoundError(f"no nbgrader configuration at {self.config_file}")
        config = PyFileConfigLoader(
            self.config_file.name, path=str(self.config_file.parent)
        ).load_config()
        config.CourseDirectory.root = str(self.root)
        config.CourseDirectory.source_directory = str(self.source_dir)
        if release_dir is not None:
            config.CourseDirectory.release_directory = str(Path(release_dir).resolve())
        if solutions_dir is not None:
            config.CourseDirectory.solution_directory = str(Path(solutions_dir).resolve())
        if work_dir is not None:
            work = Path(work_dir).resolve()
            config.CourseDirectory.submitted_directory = str(work / "submitted")
            config.CourseDirectory.autograded_directory = str(work / "autograded")
            config.CourseDirectory.feedback_directory = str(work / "feedback")
            config.CourseDirectory.db_url = "sqlite:///" + str(work / "gradebook.db")
        if db_url is not None:
            config.CourseDirectory.db_url = db_url
        return config


def find_course(start: str | os.PathLike | None = None) -> Course:
    """Find the course that holds ``start`` (default: the working folder, then this package).

    Raises
    ------
    FileNotFoundError
        If no folder above ``start`` holds ``autograder/nbgrader_config.py``.
    """
    candidates = [Path(start or os.getcwd()).resolve()]
    if start is None:
        candidates.append(Path(__file__).resolve())
    for candidate in candidates:
        for folder in (candidate, *candidate.parents):
            if (folder / "autograder" / CONFIG_NAME).is_file():
                return Course(folder)
    where = start if start is not None else os.getcwd()
    raise FileNotFoundError(
        f"no interviewlab course found at or above {str(where)!r} "
        f"(looked for autograder/{CONFIG_NAME})"
    )
