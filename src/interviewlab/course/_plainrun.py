"""Second opinion: run a notebook's code cells in a plain interpreter, without IPython.

A learner can patch IPython from inside a kernel (``showtraceback``, custom exception
handlers, input transformers) so that failing tests look as if they passed. None of those
hooks exist here: each cell is compiled and executed in one shared namespace, and whether
each autograded test cell raised is written down, one JSON line per test, as it happens.

    python -m interviewlab.course._plainrun NOTEBOOK.ipynb RESULTS.jsonl
"""

from __future__ import annotations

import json
import os
import sys


def _strip_magics(source: str) -> str:
    """Drop IPython-only lines (magics, shell escapes); keep the line numbers."""
    return "\n".join(
        "" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()
    )


def cell_source(cell: dict) -> str:
    """A cell's source as one string (notebook files may store it as a list of lines)."""
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def graded_test_id(cell: dict) -> str | None:
    """The grade id of an autograded test cell; None for any other cell."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return meta.get("grade_id") if meta.get("grade") and not meta.get("solution") else None


def main(argv: list[str] | None = None) -> int:
    notebook_path, results_path = (argv or sys.argv[1:])[:2]
    # Modules come from the installed environment only, never from files the learner wrote
    # next to the notebook (the kernel run imports those; this run shows the difference).
    sys.path[:] = [p for p in sys.path if p not in ("", os.getcwd())]
    with open(notebook_path, encoding="utf-8") as handle:
        cells = json.load(handle)["cells"]
    sink = open(results_path, "a", encoding="utf-8")  # noqa: SIM115 -- kept open for the whole run on purpose
    namespace: dict = {"__name__": "__main__"}
    try:  # notebooks may call display(); it prints a repr outside a kernel
        from IPython.display import display

        namespace["display"] = display
    except ImportError:
        pass
    for index, cell in enumerate(cells):
        if cell.get("cell_type") != "code":
            continue
        try:
            exec(compile(_strip_magics(cell_source(cell)), f"<cell {index}>", "exec"), namespace)
            passed = True
        except BaseException:  # SystemExit and KeyboardInterrupt count as failures too
            passed = False
        if graded_test_id(cell) is not None:
            sink.write(json.dumps({"grade_id": graded_test_id(cell), "passed": passed}) + "\n")
            sink.flush()
    sink.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
