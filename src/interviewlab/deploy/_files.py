"""Reading a project folder for the audit: text files in, everything else reported as skipped.

Nothing here raises on a bad file: binary, unreadable, oversized and linked files are listed
in ``skipped`` with the reason, and the walk stops reading (but keeps counting) once the file
or byte budget is spent. Only the root itself can fail (missing, or not a folder).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

#: Folders never read: version control, environments, caches, build output.
IGNORED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        ".env.d",
        "env",
        "node_modules",
        "__pycache__",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".tox",
        ".nox",
        ".ipynb_checkpoints",
        "build",
        "dist",
        "site-packages",
        ".eggs",
        ".idea",
        ".vscode",
    }
)
#: Extensions of files that are binary by nature (not opened, only listed).
BINARY_SUFFIXES = frozenset(
    {
        ".pkl",
        ".pickle",
        ".joblib",
        ".skops",
        ".onnx",
        ".pt",
        ".pth",
        ".h5",
        ".keras",
        ".safetensors",
        ".npy",
        ".npz",
        ".parquet",
        ".feather",
        ".arrow",
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".pdf",
        ".zip",
        ".gz",
        ".tar",
        ".whl",
        ".so",
        ".dll",
        ".exe",
        ".pyc",
        ".db",
        ".sqlite",
        ".bin",
        ".cbm",
        ".ubj",
    }
)
#: Default budgets.
MAX_FILES = 20_000
MAX_FILE_BYTES = 1_000_000
MAX_TOTAL_BYTES = 200_000_000


@dataclass(frozen=True)
class Skip:
    """A file or folder the audit did not read, and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class ProjectFiles:
    """The readable text of a project.

    Attributes
    ----------
    root : pathlib.Path
    texts : dict of str to str
        Relative POSIX path to the file's text, for every text file read.
    binaries : tuple of str
        Relative paths of binary files (listed, not read).
    skipped : tuple of Skip
    """

    root: Path
    texts: dict[str, str]
    binaries: tuple[str, ...]
    skipped: tuple[Skip, ...]


def check_project_root(path: str | os.PathLike) -> Path:
    """Return ``path`` as a resolved folder or raise a clear error."""
    if isinstance(path, bool) or not isinstance(path, str | os.PathLike):
        raise TypeError(f"path must be a str or path-like, got {path!r}")
    root = Path(path)
    if not root.exists():
        raise FileNotFoundError(f"path {str(path)!r} does not exist")
    if not root.is_dir():
        raise NotADirectoryError(f"path {str(path)!r} is a file, not a project folder")
    if not os.access(root, os.R_OK | os.X_OK):
        raise PermissionError(f"path {str(path)!r} cannot be read (permission denied)")
    return root


def read_project(
    path: str | os.PathLike,
    *,
    max_files: int = MAX_FILES,
    max_file_bytes: int = MAX_FILE_BYTES,
    max_total_bytes: int = MAX_TOTAL_BYTES,
) -> ProjectFiles:
    """Walk ``path`` and read its text files within the budgets.

    Parameters
    ----------
    path : str or path-like
        The project folder.
    max_files : int
        Files read at most; beyond it the rest are counted and reported as one skip.
    max_file_bytes : int
        Larger files are skipped.
    max_total_bytes : int
        Bytes read at most, over all files.

    Returns
    -------
    ProjectFiles
    """
    root = check_project_root(path)
    texts: dict[str, str] = {}
    binaries: list[str] = []
    skipped: list[Skip] = []
    over_budget = 0
    budget = max_total_bytes

    def walk_error(error: OSError) -> None:
        where = Path(error.filename).relative_to(root).as_posix() if error.filename else "?"
        skipped.append(Skip(where, f"unreadable folder: {error.strerror or error}"))

    for folder, dirs, files in os.walk(root, onerror=walk_error):
        rel_folder = Path(folder).relative_to(root)
        kept = []
        for name in sorted(dirs):
            rel = (rel_folder / name).as_posix()
            if name in IGNORED_DIRS or name.endswith(".egg-info"):
                skipped.append(Skip(rel, "ignored folder"))
            elif os.path.islink(os.path.join(folder, name)):
                skipped.append(Skip(rel, "symbolic link (not followed)"))
            else:
                kept.append(name)
        dirs[:] = kept
        for name in sorted(files):
            full = os.path.join(folder, name)
            rel = (rel_folder / name).as_posix()
            if len(texts) + len(binaries) >= max_files:
                over_budget += 1
                continue
            if os.path.islink(full):
                skipped.append(Skip(rel, "symbolic link (not followed)"))
                continue
            if Path(name).suffix.lower() in BINARY_SUFFIXES:
                binaries.append(rel)
                skipped.append(Skip(rel, "binary file (not read)"))
                continue
            try:
                size = os.path.getsize(full)
                if size > max_file_bytes:
                    skipped.append(Skip(rel, f"larger than {max_file_bytes} bytes ({size})"))
                    continue
                if size > budget:
                    skipped.append(Skip(rel, f"total size budget of {max_total_bytes} bytes spent"))
                    continue
                with open(full, "rb") as handle:
                    data = handle.read(max_file_bytes + 1)
            except OSError as exc:
                skipped.append(Skip(rel, f"unreadable: {exc.strerror or exc}"))
                continue
            budget -= len(data)
            if b"\x00" in data[:8192]:
                binaries.append(rel)
                skipped.append(Skip(rel, "binary file (not read)"))
                continue
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                binaries.append(rel)
                skipped.append(Skip(rel, "not UTF-8 text (not read)"))
                continue
            texts[rel] = text.removeprefix("\ufeff")
    if over_budget:
        skipped.append(
            Skip(".", f"file limit of {max_files} reached: {over_budget} more files not read")
        )
    return ProjectFiles(root, texts, tuple(binaries), tuple(skipped))
