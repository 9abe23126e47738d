"""Wrong answers, fast: run the cells before an exercise once, then fork once per answer.

``course check`` must show that every wrong answer loses points. Running each one in a fresh
kernel repeats everything before its exercise (imports, generated data) for every answer, and
that dominated the check. Here one interpreter runs those cells once under IPython; then, for
each answer, it forks: the child swaps the answer into the solution cell, runs the cells up to
the exercise's last test and reports which tests passed, scored as nbgrader scores them (an
error, or anything written to stderr, fails a test cell). The real solution goes first as a
control: the caller trusts these runs only when the control earns full marks. A child that
runs past the time limit is killed, and its tests count as failed.

    python -m interviewlab.course._forkrun NOTEBOOK.ipynb SPEC.json RESULTS.json

``SPEC.json`` holds ``solution_index``, ``last_test_index``, ``timeout`` (seconds per answer)
and ``answers`` (a list of ``{"name", "source"}``); ``RESULTS.json`` receives
``{"prefix_error": str or null, "answers": {name: {grade_id: passed} or null}}``, where null
means the child died or ran out of time.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import sys

from interviewlab.course._plainrun import cell_source, graded_test_id


def _run_cell(shell, source: str) -> tuple[bool, str]:
    """Run one cell; passed when it raised nothing and wrote nothing to stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        result = shell.run_cell(source, store_history=False)
    if not result.success:
        error = result.error_in_exec or result.error_before_exec
        return False, f"{type(error).__name__}: {error}"
    if err.getvalue():
        return False, f"wrote to stderr: {err.getvalue().strip()[:200]}"
    return True, ""


def _answer_in_child(shell, cells: list[dict], spec: dict, source: str, write_fd: int) -> None:
    """In the forked child: run the exercise with ``source`` as its answer, report, exit."""
    code = 1
    try:
        signal.alarm(int(spec["timeout"]))
        passed = {}
        for index in range(spec["solution_index"], spec["last_test_index"] + 1):
            cell = cells[index]
            if cell.get("cell_type") != "code":
                continue
            text = source if index == spec["solution_index"] else cell_source(cell)
            ok, _ = _run_cell(shell, text)
            if graded_test_id(cell) is not None:
                passed[graded_test_id(cell)] = ok
        with os.fdopen(write_fd, "w", encoding="utf-8") as pipe:
            json.dump(passed, pipe)
        code = 0
    finally:
        os._exit(code)


def run(notebook_path: str, spec: dict) -> dict:
    """Run the cells before the exercise, then each answer in a forked child."""
    from IPython.core.interactiveshell import InteractiveShell

    with open(notebook_path, encoding="utf-8") as handle:
        cells = json.load(handle)["cells"]
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False  # no history database, no thread to lose in a fork
    shell = InteractiveShell.instance(config=config)
    if "" not in sys.path:  # as in a kernel: modules beside the notebook import
        sys.path.insert(0, "")
    for index in range(spec["solution_index"]):
        cell = cells[index]
        if cell.get("cell_type") == "code":
            ok, why = _run_cell(shell, cell_source(cell))
            if not ok:
                return {"prefix_error": f"cell {index}: {why}", "answers": {}}
    answers = {}
    for answer in spec["answers"]:
        read_fd, write_fd = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # pragma: no cover -- the child exits inside
            os.close(read_fd)
            _answer_in_child(shell, cells, spec, answer["source"], write_fd)
        os.close(write_fd)
        with os.fdopen(read_fd, encoding="utf-8") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        ok = os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0 and data
        answers[answer["name"]] = json.loads(data) if ok else None
    return {"prefix_error": None, "answers": answers}


def main(argv: list[str] | None = None) -> int:
    notebook_path, spec_path, results_path = (argv or sys.argv[1:])[:3]
    with open(spec_path, encoding="utf-8") as handle:
        spec = json.load(handle)
    results = run(notebook_path, spec)
    with open(results_path, "w", encoding="utf-8") as handle:
        json.dump(results, handle)
    return 0


if __name__ == "__main__":
    sys.exit(main())
