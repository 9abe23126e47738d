"""Reading notebooks for the audit, with errors that say what is wrong with the file."""

from __future__ import annotations

import json
import warnings
from collections.abc import Mapping
from pathlib import Path

SUPPORTED_MAJOR_VERSIONS = (3, 4)


class NotebookError(ValueError):
    """The input cannot be audited: not a notebook, truncated, unknown version, or no cells."""


def read_notebook(source: str | Path | Mapping):
    """Read a notebook from a path (or take an in-memory one) as an nbformat 4 node.

    Parameters
    ----------
    source : str, pathlib.Path or mapping
        Path to an ``.ipynb`` file, or a notebook already loaded (an ``nbformat``
        ``NotebookNode`` or a plain dict with the same structure).

    Returns
    -------
    nbformat.NotebookNode
        The notebook, converted to nbformat 4 if it was version 3.

    Raises
    ------
    NotebookError
        If the file is missing, is not JSON (for instance truncated), is not a notebook,
        has an nbformat version other than 3 or 4, or has no cells. The message names the
        file.
    TypeError
        If ``source`` is neither a path nor a mapping.

    Examples
    --------
    >>> read_notebook({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": []})
    Traceback (most recent call last):
    ...
    interviewlab.audit._reading.NotebookError: <notebook>: the notebook has no cells
    """
    if isinstance(source, (str, Path)):
        label = str(source)
        path = Path(source)
        if not path.is_file():
            raise NotebookError(f"{label}: no such file" + (" (a folder)" if path.is_dir() else ""))
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise NotebookError(f"{label}: cannot be read as UTF-8 text ({exc})") from exc
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            stripped = text.strip()
            truncated = stripped.startswith("{") and not stripped.endswith("}")
            hint = "truncated" if truncated else "not valid JSON"
            raise NotebookError(
                f"{label}: not a notebook, the file is {hint} "
                f"(line {exc.lineno}, column {exc.colno}: {exc.msg})"
            ) from exc
    elif isinstance(source, Mapping):
        label = "<notebook>"
        data = source
    else:
        raise TypeError(
            f"path_or_notebook must be a path or a notebook mapping, got {type(source).__name__}"
        )

    if not isinstance(data, Mapping) or "nbformat" not in data:
        raise NotebookError(f"{label}: not a notebook (no 'nbformat' version field)")
    major = data.get("nbformat")
    if isinstance(major, bool) or not isinstance(major, int):
        raise NotebookError(f"{label}: not a notebook (nbformat version is {major!r})")
    if major not in SUPPORTED_MAJOR_VERSIONS:
        supported = " or ".join(str(v) for v in SUPPORTED_MAJOR_VERSIONS)
        raise NotebookError(
            f"{label}: unknown nbformat version {major} (this audit reads version {supported})"
        )
    cells_field = data.get("cells") if major == 4 else data.get("worksheets")
    if cells_field is None:
        field = "cells" if major == 4 else "worksheets"
        raise NotebookError(f"{label}: not a notebook (no '{field}' list)")

    nb = _to_v4(data, label)
    if not nb.cells:
        raise NotebookError(f"{label}: the notebook has no cells")
    return nb


def _to_v4(data: Mapping, label: str):
    """Build, convert and validate the notebook without nbformat's logging to stderr."""
    import nbformat
    from nbformat import versions

    try:
        minor = data.get("nbformat_minor", 0)
        nb = versions[data["nbformat"]].to_notebook_json(dict(data), minor=minor)
        nb = nbformat.convert(nb, 4)
    except Exception as exc:  # nbformat raises several unrelated types for malformed files
        raise NotebookError(f"{label}: not a valid notebook ({_short(exc)})") from exc
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # e.g. MissingIDFieldWarning for cells without ids
        try:
            nbformat.validate(nb)
        except nbformat.ValidationError as exc:
            raise NotebookError(f"{label}: not a valid notebook ({_short(exc)})") from exc
    return nb


def _short(error) -> str:
    message = getattr(error, "message", None) or str(error)
    return message.splitlines()[0][:200]
