"""Finding and vetting learner submissions before any of their code runs.

Accepted layouts, side by side in one folder:

- ``<learner>/<assignment>/<notebook>.ipynb``
- ``<learner>.zip`` holding ``<assignment>/<notebook>.ipynb`` (optionally under ``<learner>/``)

Every problem becomes a message for that learner; nothing here raises on bad data.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import nbformat

from interviewlab.course._layout import Course

LEARNER_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$")
MAX_NOTEBOOK_BYTES = 20 * 1024 * 1024
MAX_ZIP_BYTES = 100 * 1024 * 1024


@dataclass
class Submission:
    """One learner's work on one assignment, ready to grade unless ``problems`` say otherwise.

    Attributes
    ----------
    learner, assignment : str
    notebooks : dict
        Expected notebook name -> path of the learner's file.
    problems : list of str
        Why it cannot be graded (empty when it can).
    notes : list of str
        Things worth telling the learner that do not stop grading.
    """

    learner: str
    assignment: str
    notebooks: dict[str, Path] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def gradable(self) -> bool:
        return not self.problems and bool(self.notebooks)


def collect_submissions(folder: Path, course: Course, *, unpack_dir: Path) -> list[Submission]:
    """Find every submission in ``folder`` and vet it.

    Parameters
    ----------
    folder : Path
        The class's submissions.
    course : Course
    unpack_dir : Path
        Where zip files are unpacked (a scratch folder).

    Returns
    -------
    list of Submission
        One per (learner, assignment), sorted; unusable ones carry their ``problems``.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"submissions folder {str(folder)!r} does not exist")
    expected = {a: {p.name for p in course.notebooks(a)} for a in course.assignments()}
    found: list[Submission] = []
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_file() and entry.suffix.lower() == ".zip":
            learner = entry.stem
            root = _unpack(entry, unpack_dir / learner, learner)
            if isinstance(root, str):
                found.append(Submission(learner, "?", problems=[root]))
                continue
        elif entry.is_dir():
            learner, root = entry.name, entry
        else:
            found.append(
                Submission(entry.name, "?", problems=[f"{entry.name}: not a folder or a .zip file"])
            )
            continue
        if not LEARNER_PATTERN.match(learner):
            found.append(
                Submission(learner, "?", problems=[f"learner id {learner!r} is not a plain name"])
            )
            continue
        found.extend(_learner_submissions(learner, root, expected))
    return sorted(found, key=lambda s: (s.learner, s.assignment))


def _learner_submissions(learner: str, root: Path, expected: dict[str, set[str]]):
    folders = [p for p in sorted(root.iterdir()) if p.is_dir() and not p.name.startswith(".")]
    if not folders:
        known = ", ".join(expected) or "none"
        yield Submission(
            learner, "?", problems=[f"no assignment folder in the submission (known: {known})"]
        )
        return
    for folder in folders:
        assignment = folder.name
        if assignment not in expected:
            known = ", ".join(expected) or "none"
            yield Submission(
                learner,
                assignment,
                problems=[f"unknown assignment {assignment!r} (known: {known})"],
            )
            continue
        yield _vet(learner, assignment, folder, expected[assignment])


def _vet(learner: str, assignment: str, folder: Path, names: set[str]) -> Submission:
    sub = Submission(learner, assignment)
    present = {p.name: p for p in folder.glob("*.ipynb") if p.is_file()}
    matched = {name: present[name] for name in names if name in present}
    strays = sorted(set(present) - names)
    missing = sorted(names - set(matched))
    if len(names) == 1 and not matched and len(strays) == 1:
        # One notebook expected, one handed in under another name: grade it, and say so.
        (name,) = names
        matched[name] = present[strays[0]]
        sub.notes.append(f"graded {strays[0]!r} as {name!r}")
        missing, strays = [], []
    for stray in strays:
        sub.notes.append(f"ignored unexpected notebook {stray!r}")
    for name in missing:
        sub.problems.append(f"missing notebook {name!r}")
    for name, path in sorted(matched.items()):
        problem = notebook_problem(path)
        if problem:
            sub.problems.append(f"{name}: {problem}")
        else:
            sub.notebooks[name] = path
    return sub


def notebook_problem(path: Path) -> str | None:
    """Why ``path`` cannot be graded as a notebook, or None if it can."""
    size = path.stat().st_size
    if size == 0:
        return "the file is empty"
    if size > MAX_NOTEBOOK_BYTES:
        return f"the file is {size / 1e6:.0f} MB, more than {MAX_NOTEBOOK_BYTES / 1e6:.0f} MB"
    try:
        raw = json.loads(path.read_bytes())
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return f"not valid JSON ({exc}); was the file truncated or edited by hand?"
    if not isinstance(raw, dict) or "cells" not in raw:
        return "valid JSON but not a notebook (no 'cells')"
    if raw.get("nbformat") != 4:
        return f"nbformat {raw.get('nbformat')!r} is not supported (expected 4)"
    try:
        nb = nbformat.reads(json.dumps(raw), as_version=4)
        nbformat.validate(nb)
    except Exception as exc:  # nbformat raises several unrelated types for bad notebooks
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return f"not a valid notebook ({first})"
    return None


def _unpack(archive: Path, target: Path, learner: str) -> Path | str:
    """Unpack a learner's zip safely; return the folder holding assignment folders, or a problem."""
    try:
        with zipfile.ZipFile(archive) as zf:
            members = [m for m in zf.infolist() if not m.is_dir()]
            total = sum(m.file_size for m in members)
            if total > MAX_ZIP_BYTES:
                return f"{archive.name}: unpacks to {total / 1e6:.0f} MB, more than allowed"
            if target.exists():
                shutil.rmtree(target)
            target.mkdir(parents=True)
            for member in members:
                parts = PurePosixPath(member.filename).parts
                if member.filename.startswith("/") or ".." in parts or not parts:
                    return f"{archive.name}: unsafe path {member.filename!r} in the archive"
                if parts[0] == "__MACOSX":
                    continue
                destination = target.joinpath(*parts)
                destination.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(member) as src, open(destination, "wb") as dst:
                    shutil.copyfileobj(src, dst)
    except (zipfile.BadZipFile, OSError) as exc:
        return f"{archive.name}: not a readable zip file ({exc})"
    inner = target / learner
    if inner.is_dir() and len([p for p in target.iterdir() if not p.name.startswith(".")]) == 1:
        return inner
    return target
