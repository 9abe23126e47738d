"""The grading engine: parallel, sandboxed, single-writer, resumable.

For each vetted submission the grader (this process, the only writer of the gradebook)

1. records the submission and restores its locked cells from the gradebook (nbgrader's
   sanitising preprocessors: deleted, edited or neutered test cells come back), then scans
   the learner's code for tricks (:mod:`._scan`);
2. hands a self-contained task to a worker (a local process, or a Dask worker elsewhere)
   that executes the notebooks in a sandbox (:mod:`._runner`, :mod:`._sandbox`) and returns
   them; suspicious submissions are also run once more without IPython;
3. saves the scores with nbgrader's ``SaveAutoGrades``, in one process, so SQLite (or
   PostgreSQL) only ever sees one writer;
4. has a worker render the feedback (hidden tests, their tracebacks and rubrics removed);
5. appends the outcome to a journal, so a run killed at any moment resumes where it was.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import warnings
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from pathlib import Path

import nbformat

from interviewlab.course import _cells, _scan
from interviewlab.course._nbgrader import Nbgrader
from interviewlab.course._runner import ExecutionResult, ExecutionTask, execute_submission
from interviewlab.course._sandbox import Limits, sweep_cgroups
from interviewlab.course._submissions import Submission

ENGINE_VERSION = "1"
# nbgrader's preprocessors warn about every edited cell; the engine reports what matters.
_QUIET = logging.getLogger("interviewlab.grading.nbgrader")
_QUIET.setLevel(logging.ERROR)
JOURNAL_NAME = "journal.jsonl"


class InlineExecutor(Executor):
    """Runs each task at once, in this process: for one-off grading inside another worker."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # handed to the caller through the future, as a pool would
            future.set_exception(exc)
        return future


class Journal:
    """Append-only record of finished submissions; the last line for a key wins."""

    def __init__(self, path: Path):
        self.path = path
        self.entries: dict[str, dict] = {}
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                try:
                    entry = json.loads(line)
                    self.entries[entry["key"]] = entry
                except (ValueError, KeyError):
                    continue  # a line cut short by a kill: that submission is graded again

    def done(self, key: str, digest: str) -> dict | None:
        entry = self.entries.get(key)
        return entry["record"] if entry and entry.get("digest") == digest else None

    def append(self, key: str, digest: str, record: dict) -> None:
        entry = {"key": key, "digest": digest, "record": record}
        line = json.dumps(entry, sort_keys=True) + "\n"
        with open(self.path, "a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        self.entries[key] = entry


def submission_digest(sub: Submission, masters: list[Path]) -> str:
    """What a grade depends on: the submitted files, the masters, the engine."""
    h = hashlib.sha256(f"engine {ENGINE_VERSION}\n".encode())
    for path in masters:
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    for name in sorted(sub.notebooks):
        h.update(name.encode() + b"\0" + sub.notebooks[name].read_bytes())
    return h.hexdigest()


class Engine:
    """Grades vetted submissions; see the module docstring for the steps."""

    def __init__(
        self,
        nbg: Nbgrader,
        *,
        out_dir: Path,
        workers: int | None = None,
        limits: Limits | None = None,
        sandbox: bool = True,
        executor: Executor | None = None,
        hide: list[str] | None = None,
        resume: bool = True,
    ):
        self.nbg = nbg
        self.course = nbg.course
        self.out_dir = out_dir
        self.workers = workers or os.cpu_count() or 1
        self.limits = limits or Limits()
        self.sandbox = sandbox
        self.executor = executor
        self.hide = hide or []
        self.resume = resume
        self.journal = Journal(nbg.work_dir / JOURNAL_NAME)
        self.protections: set[str] = set()
        self._registered: set[str] = set()

    # -- the run ------------------------------------------------------------------------

    def grade(
        self, submissions: list[Submission], *, on_done: Callable[[dict], None]
    ) -> list[dict]:
        """Grade ``submissions``; call ``on_done(record)`` as each one finishes."""
        records: list[dict] = []
        todo: list[tuple[Submission, str]] = []
        for sub in submissions:
            digest = submission_digest(sub, self.course.notebooks(sub.assignment))
            record = self.journal.done(f"{sub.learner}/{sub.assignment}", digest)
            if record and self.resume:
                record = {**record, "resumed": True}
                records.append(record)
                on_done(record)
            else:
                todo.append((sub, digest))
        if not todo:
            return records
        sweep_cgroups()  # leftovers of an earlier run that was killed
        own_pool = self.executor is None
        pool = self.executor or ProcessPoolExecutor(max_workers=self.workers)
        try:
            records += self._run(pool, todo, on_done)
        finally:
            if own_pool:
                pool.shutdown(wait=True, cancel_futures=True)
        return records

    def _run(self, pool: Executor, todo, on_done) -> list[dict]:
        records = []
        pending = {}
        for sub, digest in todo:
            try:
                task, flags = self._prepare(sub)
            except Exception as exc:  # a submission nbgrader cannot even read: this one fails
                self._forget(sub)
                record = _failed(sub, f"could not prepare the submission: {_short(exc)}")
                records.append(record)
                on_done(record)
                continue
            future = pool.submit(execute_submission, task)
            pending[future] = ("execute", sub, digest, flags, None)
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                step, sub, digest, flags, state = pending.pop(future)
                if step == "execute":
                    outcome = self._after_execution(future, sub, flags)
                    if isinstance(outcome, dict):  # failed
                        records.append(outcome)
                        on_done(outcome)
                        continue
                    record, feedback_jobs = outcome
                    if not feedback_jobs:
                        self._finish(sub, digest, record, records, on_done)
                        continue
                    futures = [pool.submit(render_feedback, *job) for job in feedback_jobs]
                    group = {"record": record, "left": len(futures), "errors": []}
                    for f, job in zip(futures, feedback_jobs, strict=True):
                        pending[f] = ("feedback", sub, digest, flags, (group, job[2]))
                else:
                    group, target = state
                    try:
                        html = future.result()
                        target.parent.mkdir(parents=True, exist_ok=True)
                        target.write_text(html, encoding="utf-8")
                        group["record"]["feedback"].append(str(target))
                    except Exception as exc:  # grades stand; only the feedback is missing
                        group["errors"].append(f"feedback not written: {_short(exc)}")
                    group["left"] -= 1
                    if group["left"] == 0:
                        record = group["record"]
                        if group["errors"]:
                            record["message"] = "; ".join(
                                filter(None, [record["message"], *group["errors"]])
                            )
                        self._finish(sub, digest, record, records, on_done)
        return records

    def _finish(self, sub, digest, record, records, on_done) -> None:
        record["feedback"] = sorted(record["feedback"])
        self.journal.append(f"{sub.learner}/{sub.assignment}", digest, record)
        records.append(record)
        on_done(record)

    # -- step 1: in this process ---------------------------------------------------------

    def _register(self, assignment: str) -> None:
        if assignment not in self._registered:
            self.nbg.generate_assignment_db(assignment)
            self._registered.add(assignment)

    def _prepare(self, sub: Submission) -> tuple[ExecutionTask, list[str]]:
        from nbgrader.api import Gradebook
        from nbgrader.preprocessors import (
            CheckCellMetadata,
            ClearOutput,
            DeduplicateIds,
            OverwriteCells,
            OverwriteKernelspec,
        )

        self._register(sub.assignment)
        with Gradebook(self.nbg.db_url) as gb:
            gb.update_or_create_student(sub.learner)
        with Gradebook(self.nbg.db_url) as gb, warnings.catch_warnings():
            # nbgrader's add_submission trips a harmless SQLAlchemy 2 autoflush warning.
            warnings.simplefilter("ignore", category=Warning)
            gb.update_or_create_submission(sub.assignment, sub.learner)
        with Gradebook(self.nbg.db_url) as gb:
            for notebook in gb.find_assignment(sub.assignment).notebooks:
                if f"{notebook.name}.ipynb" not in sub.notebooks:  # missing: zero, as nbgrader
                    for grade in gb.find_submission_notebook(
                        notebook.name, sub.assignment, sub.learner
                    ).grades:
                        grade.auto_score = 0
                        grade.needs_manual_grade = False
                    gb.db.commit()
        config = self.nbg.config
        sanitizers = [
            ClearOutput(config=config, log=_QUIET),
            DeduplicateIds(config=config, log=_QUIET),
            OverwriteKernelspec(config=config, log=_QUIET),
            OverwriteCells(config=config, log=_QUIET),
            CheckCellMetadata(config=config, log=_QUIET),
        ]
        masters = {p.name: p for p in self.course.notebooks(sub.assignment)}
        notebooks, flags = {}, []
        for name, path in sorted(sub.notebooks.items()):
            nb = nbformat.read(str(path), as_version=4)
            flags += [f"{name}: {change}" for change in restore_metadata(nb, masters[name])]
            resources = self._resources(sub, name)
            for step in sanitizers:
                nb, resources = step.preprocess(nb, resources)
            findings = _scan.scan_notebook(nb, protected_names=_scan.protected_names_of(nb))
            flags += [f"{name} {finding}" for finding in findings]
            notebooks[name] = nbformat.writes(nb)
        support = {}
        source = self.course.source_dir / sub.assignment
        for path in sorted(source.rglob("*")):
            relative = path.relative_to(source)
            if path.is_file() and path.suffix != ".ipynb" and not _ignored(relative):
                support[str(relative)] = path.read_bytes()
        task = ExecutionTask(
            sub.learner,
            sub.assignment,
            notebooks,
            support,
            limits=self.limits,
            hide=self.hide,
            keep=[str(self.course.root / "datasets")],
            sandbox=self.sandbox,
            plain_rerun=bool(flags),
        )
        return task, flags

    def _resources(self, sub: Submission, name: str) -> dict:
        return {
            "unique_key": Path(name).stem,
            "nbgrader": {
                "student": sub.learner,
                "assignment": sub.assignment,
                "notebook": Path(name).stem,
                "db_url": self.nbg.db_url,
            },
        }

    # -- step 3: back in this process ----------------------------------------------------

    def _after_execution(self, future, sub: Submission, flags: list[str]):
        try:
            result: ExecutionResult = future.result()
        except Exception as exc:  # the worker itself died (e.g. a Dask worker was lost)
            self._forget(sub)
            return _failed(sub, f"the grading worker failed: {_short(exc)}")
        self.protections.update(result.protections)
        if result.error:
            self._forget(sub)
            return _failed(sub, f"execution failed: {result.error}")
        try:
            return self._save(sub, result, list(flags))
        except Exception as exc:  # leave no partial grades behind
            self._forget(sub)
            return _failed(sub, f"could not save the grades: {_short(exc)}")

    def _save(self, sub: Submission, result: ExecutionResult, flags: list[str]):
        from nbgrader.api import Gradebook
        from nbgrader.preprocessors import (
            AssignLatePenalties,
            CheckCellMetadata,
            GetGrades,
            LimitOutput,
            SaveAutoGrades,
        )

        config = self.nbg.config
        coursedir = self.nbg.coursedir
        # The learner's files as handed in, where nbgrader's formgrader looks for them.
        submitted = Path(
            coursedir.format_path(coursedir.submitted_directory, sub.learner, sub.assignment)
        )
        if submitted.exists():
            shutil.rmtree(submitted)
        submitted.mkdir(parents=True)
        for name, path in sorted(sub.notebooks.items()):
            shutil.copyfile(path, submitted / name)
        autograded = Path(
            coursedir.format_path(coursedir.autograded_directory, sub.learner, sub.assignment)
        )
        if autograded.exists():
            shutil.rmtree(autograded)
        autograded.mkdir(parents=True)
        problems, feedback_jobs = [], []
        for run in result.runs:
            nb = nbformat.reads(run.executed, as_version=4)
            problems += [f"{run.name}: {p}" for p in run.problems]
            flags += [f"{run.name}: {a}" for a in run.anomalies]
            if run.plain_results is not None:
                flags += _reconcile(nb, run)
            resources = self._resources(sub, run.name)
            for step in (
                LimitOutput(config=config, log=_QUIET),
                SaveAutoGrades(config=config, log=_QUIET),
                AssignLatePenalties(config=config, log=_QUIET),
                CheckCellMetadata(config=config, log=_QUIET),
            ):
                nb, resources = step.preprocess(nb, resources)
            nbformat.write(nb, str(autograded / run.name))
            nb, resources = GetGrades(config=config, log=_QUIET).preprocess(nb, resources)
            target = self.out_dir / "feedback" / sub.learner / sub.assignment
            feedback_jobs.append(
                (
                    nbformat.writes(nb),
                    resources["nbgrader"],
                    target / f"{Path(run.name).stem}.html",
                )
            )
        with Gradebook(self.nbg.db_url) as gb:
            submission = gb.find_submission(sub.assignment, sub.learner)
            if flags:  # a person confirms these scores in formgrader before they count
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        if grade.auto_score is not None:
                            grade.needs_manual_grade = True
                gb.db.commit()
            record = {
                "learner": sub.learner,
                "assignment": sub.assignment,
                "status": "graded",
                "score": float(submission.code_score),
                "max_score": float(submission.max_code_score),
                "manual_max_score": float(submission.max_written_score + submission.max_task_score),
                "needs_manual_grade": bool(submission.needs_manual_grade),
                "message": "; ".join([*sub.notes, *problems]),
                "flags": flags,
                "feedback": [],
                "seconds": round(result.seconds, 2),
            }
        return record, feedback_jobs

    def _forget(self, sub: Submission) -> None:
        """Remove whatever a failed submission left in the gradebook and the work folders."""
        from nbgrader.api import Gradebook, MissingEntry

        with Gradebook(self.nbg.db_url) as gb, contextlib.suppress(MissingEntry):
            gb.remove_submission(sub.assignment, sub.learner)
        coursedir = self.nbg.coursedir
        for folder in (coursedir.submitted_directory, coursedir.autograded_directory):
            shutil.rmtree(
                coursedir.format_path(folder, sub.learner, sub.assignment), ignore_errors=True
            )


_GRADING_KEYS = ("grade", "solution", "locked", "task", "points")


def restore_metadata(nb, master_path: Path) -> list[str]:
    """Put back the master's nbgrader flags on cells a learner re-labelled; say what changed.

    nbgrader restores locked cells only if they still look locked and graded; a test cell
    re-labelled as an ordinary cell, or given another grade id, would otherwise escape (and
    some such edits crash nbgrader's own restoring step). Unknown grade ids lose their
    nbgrader metadata, so the originals count as missing and are put back.
    """
    master = {
        _cells.grade_id(c): _cells.meta(c)
        for c in _cells.read(master_path).cells
        if _cells.grade_id(c)
    }
    changes, seen = [], set()
    for index, cell in enumerate(nb.cells):
        meta = cell.get("metadata", {}).get("nbgrader")
        if not meta:
            continue
        gid = meta.get("grade_id")
        if gid not in master or gid in seen:
            del cell.metadata["nbgrader"]
            why = "a copy of" if gid in seen else "an unknown"
            changes.append(f"cell {index} carried {why} grade id {gid!r}; treated as a plain cell")
            continue
        seen.add(gid)
        altered = [k for k in _GRADING_KEYS if meta.get(k, False) != master[gid].get(k, False)]
        if altered:
            for key in _GRADING_KEYS:
                if key in master[gid]:
                    meta[key] = master[gid][key]
                else:
                    meta.pop(key, None)
            changes.append(f"cell {gid!r} had its {', '.join(altered)} changed; restored")
    return changes


def _reconcile(nb, run) -> list[str]:
    """A test that passed in the kernel but failed without IPython earns nothing."""
    flags = []
    for cell in nb.cells:
        gid = _cells.grade_id(cell)
        if not _cells.is_autograded_test(cell) or _cells.cell_failed(cell):
            continue
        if not run.plain_results.get(gid, False):
            cell.outputs.append(
                nbformat.v4.new_output(
                    "error",
                    ename="DisagreementError",
                    evalue="this test fails when the notebook runs without IPython",
                    traceback=["DisagreementError: this test fails without IPython"],
                )
            )
            flags.append(
                f"{run.name}: test {gid!r} passed in the kernel but failed in a plain "
                "interpreter (scored zero)"
            )
    return flags


def render_feedback(notebook_json: str, grades: dict, target: Path) -> str:
    """Feedback HTML for one autograded notebook (runs in a worker; pure)."""
    import nbgrader
    from nbconvert.exporters import HTMLExporter
    from nbgrader.preprocessors import ClearHiddenTests, ClearMarkScheme
    from traitlets.config import Config

    from interviewlab.course._feedback import ScrubHiddenTracebacks

    nb = nbformat.reads(notebook_json, as_version=4)
    resources = {"nbgrader": dict(grades)}
    for step in (ScrubHiddenTracebacks(), ClearHiddenTests(), ClearMarkScheme()):
        nb, resources = step.preprocess(nb, resources)
    base = Path(nbgrader.__file__).parent / "server_extensions" / "formgrader"
    config = Config()
    config.HTMLExporter.template_name = "feedback"
    config.HTMLExporter.extra_template_basedirs = [str(base / "templates")]
    config.HTMLExporter.extra_template_paths = [
        str(base / "static" / "node_modules" / "bootstrap" / "dist" / "css")
    ]
    html, _ = HTMLExporter(config=config).from_notebook_node(nb, resources=resources)
    return html


def _failed(sub: Submission, message: str) -> dict:
    return {
        "learner": sub.learner,
        "assignment": sub.assignment,
        "status": "failed",
        "score": None,
        "max_score": None,
        "manual_max_score": None,
        "needs_manual_grade": False,
        "message": message,
        "flags": [],
        "feedback": [],
    }


def _ignored(relative: Path) -> bool:
    return any(
        part.startswith(".") or part in ("__pycache__", "feedback") for part in relative.parts
    )


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[-1] if text else ''}"[:300]
