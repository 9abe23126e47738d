"""Worker side of grading: execute one submission's notebooks in a sandbox, nothing else.

A task is self-contained (the notebooks and support files travel inside it, the executed
notebooks come back in the result) so that it can run in a local process or on a Dask
worker on another machine. Workers never touch the gradebook.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat

from interviewlab.course import _cells
from interviewlab.course._sandbox import (
    Limits,
    SandboxSpec,
    available_protections,
    create_cgroup,
    launcher_command,
    remove_cgroup,
)

SANDBOX_UID_BASE = 200_000


@dataclass
class ExecutionTask:
    """Everything a worker needs to execute one submission."""

    learner: str
    assignment: str
    notebooks: dict[str, str]  # name -> sanitized notebook JSON
    support_files: dict[str, bytes] = field(default_factory=dict)  # relative path -> content
    limits: Limits = field(default_factory=Limits)
    hide: list[str] = field(default_factory=list)
    keep: list[str] = field(default_factory=list)  # public folders kernels may read
    sandbox: bool = True
    plain_rerun: bool = False
    scratch_root: str | None = None

    @property
    def key(self) -> str:
        return f"{self.learner}/{self.assignment}"


@dataclass
class NotebookRun:
    """One notebook's execution, as the grader needs it."""

    name: str
    executed: str  # notebook JSON
    problems: list[str] = field(default_factory=list)  # kernel died, timeouts, truncation
    anomalies: list[str] = field(default_factory=list)  # signs of tampering, neutralised
    plain_results: dict[str, bool] | None = None  # test grade id -> passed, without IPython


@dataclass
class ExecutionResult:
    learner: str
    assignment: str
    runs: list[NotebookRun]
    protections: list[str]
    seconds: float
    error: str | None = None


def execute_submission(task: ExecutionTask) -> ExecutionResult:
    """Execute every notebook of ``task`` in its own sandboxed scratch folder."""
    start = time.perf_counter()
    protections = available_protections()
    namespaces = task.sandbox and protections["network cut off (network namespace)"]
    separate_user = task.sandbox and protections["separate unprivileged user"]
    use_cgroups = task.sandbox and protections["process and memory caps (cgroups)"]
    active = [
        name
        for name, on in protections.items()
        if on
        and (
            task.sandbox
            or name in ("resource limits (setrlimit)", "kernel on Unix sockets, not TCP")
        )
    ]
    base = Path(tempfile.mkdtemp(prefix="ilg-", dir=task.scratch_root))
    runs: list[NotebookRun] = []
    try:
        for name, source in task.notebooks.items():
            scratch, sockets = base / "work", base / "k"
            for folder in (scratch, sockets):
                if folder.exists():
                    shutil.rmtree(folder)
                folder.mkdir(parents=True)
            for relative, data in task.support_files.items():
                target = scratch / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            uid = SANDBOX_UID_BASE + secrets.randbelow(100_000) if separate_user else None
            if uid is not None:
                for folder in (scratch, sockets):
                    _chown_tree(folder, uid)
                os.chmod(base, 0o711)
            cgroup = (
                create_cgroup(f"{os.getpid()}-{secrets.token_hex(4)}", task.limits)
                if use_cgroups
                else None
            )
            spec = SandboxSpec(
                scratch=str(scratch),
                sockets=str(sockets),
                hide=[*task.hide, tempfile.gettempdir(), "/var/tmp", os.path.expanduser("~")],
                keep_readonly=[*_interpreter_paths(), *task.keep],
                uid=uid,
                namespaces=namespaces,
                cgroup=cgroup,
                limits=asdict(task.limits),
            )
            spec_path = spec.write(base / f"spec-{secrets.token_hex(4)}.json")
            try:
                run = _execute_notebook(name, source, spec, spec_path, task.limits)
                if task.plain_rerun:
                    run.plain_results = _plain_run(run, spec, spec_path, task.limits)
            finally:
                remove_cgroup(cgroup)
            runs.append(run)
    except Exception as exc:  # reported to the grader, which fails this submission only
        return ExecutionResult(
            task.learner,
            task.assignment,
            runs,
            active,
            time.perf_counter() - start,
            error=f"{type(exc).__name__}: {exc}",
        )
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return ExecutionResult(task.learner, task.assignment, runs, active, time.perf_counter() - start)


def _interpreter_paths() -> list[str]:
    """What the kernel needs to read: the interpreter, its packages, this package."""
    import interviewlab

    paths = {sys.base_prefix, sys.prefix, str(Path(interviewlab.__file__).resolve().parents[1])}
    return sorted(paths)


def _chown_tree(folder: Path, uid: int) -> None:
    os.chown(folder, uid, uid)
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            os.chown(os.path.join(root, name), uid, uid)


def _kernel_manager(spec: SandboxSpec, spec_path: Path):
    from interviewlab.course._kernels import IPCKernelManager

    class SandboxKernelManager(IPCKernelManager):
        """Starts the kernel through the sandbox launcher, sockets in the sandbox's folder."""

        def format_kernel_cmd(self, extra_arguments=None):
            command = super().format_kernel_cmd(extra_arguments)
            if spec.uid is not None:
                os.chown(self.connection_file, spec.uid, spec.uid)
            return launcher_command(command, spec_path, namespaces=spec.namespaces)

    km = SandboxKernelManager(kernel_name="python3")
    km.connection_file = os.path.join(spec.sockets, "kernel.json")
    km.ip = os.path.join(spec.sockets, "k")
    # Interrupt by message: the kernel's process is the launcher's child in its own namespace.
    km.kernel_spec.interrupt_mode = "message"
    return km


def _guarded_client_class():
    from nbclient import NotebookClient

    class GuardedClient(NotebookClient):
        """nbclient that caps stored output and remembers each cell's reply status."""

        output_budget = 0
        reply_status: dict
        truncated = False

        async def _check_raise_for_error(self, cell, cell_index, exec_reply):
            if exec_reply is not None:
                self.reply_status[cell_index] = exec_reply["content"].get("status")
                if exec_reply["content"].get("status") == "error":
                    self.reply_error[cell_index] = (
                        exec_reply["content"].get("ename", "Error"),
                        exec_reply["content"].get("evalue", ""),
                    )
            return await super()._check_raise_for_error(cell, cell_index, exec_reply)

        def output(self, outs, msg, display_id, cell_index):
            size = len(json.dumps(msg.get("content", {}), default=str))
            if msg["msg_type"] != "error":
                if self.output_budget - size < 0:
                    if not self.truncated:
                        self.truncated = True
                        outs.append(
                            nbformat.v4.new_output(
                                "stream",
                                name="stdout",
                                text="[the grader stopped keeping output here: too much of it]\n",
                            )
                        )
                    return None
                self.output_budget -= size
            return super().output(outs, msg, display_id, cell_index)

    return GuardedClient


def _execute_notebook(
    name: str, source: str, spec: SandboxSpec, spec_path: Path, limits: Limits
) -> NotebookRun:
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    nb = nbformat.reads(source, as_version=4)
    client = _guarded_client_class()(
        nb,
        km=_kernel_manager(spec, spec_path),
        timeout=limits.cell_seconds,
        interrupt_on_timeout=False,
        allow_errors=True,
        startup_timeout=60,
        resources={"metadata": {"path": spec.scratch}},
    )
    client.output_budget = limits.output_bytes
    client.reply_status, client.reply_error = {}, {}
    run = NotebookRun(name, "")
    watchdog = threading.Timer(limits.wall_seconds, _kill, args=(client,))
    watchdog.daemon = True
    watchdog.start()
    try:
        # The kernel's own console chatter is not the learner's output: discard it.
        client.execute(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except DeadKernelError:
        if watchdog.finished.is_set():
            run.problems.append(f"the notebook ran longer than {limits.wall_seconds} s")
        else:
            run.problems.append("the kernel died (exited, crashed or ran out of CPU time)")
    except CellTimeoutError:
        run.problems.append(f"a cell ran longer than {limits.cell_seconds} s")
    except Exception as exc:  # nbclient raises assorted errors when a kernel misbehaves
        run.problems.append(f"execution stopped: {type(exc).__name__}: {str(exc)[:200]}")
    finally:
        watchdog.cancel()
        _kill(client)  # normally gone already: nbclient shuts the kernel down itself
    if client.truncated:
        run.problems.append(f"output beyond {limits.output_bytes} bytes was dropped")
    _neutralise(nb, client, run)
    run.executed = nbformat.writes(nb)
    return run


def _kill(client) -> None:
    """Kill the sandbox's launcher; its namespace (kernel, children, fork bombs) goes with it.

    nbclient notices the dead kernel within a second and cleans up its own side.
    """
    provisioner = getattr(getattr(client, "km", None), "provisioner", None)
    process = getattr(provisioner, "process", None)
    if process is not None and process.poll() is None:
        with contextlib.suppress(OSError):
            process.kill()


def _error_output(ename: str, evalue: str):
    return nbformat.v4.new_output(
        "error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"]
    )


def _neutralise(nb, client, run: NotebookRun) -> None:
    """Make every autograded test cell's outputs tell the truth about what happened."""
    for index, cell in enumerate(nb.cells):
        if not _cells.is_autograded_test(cell):
            continue
        gid = _cells.grade_id(cell)
        status = client.reply_status.get(index)
        if status is None:
            cell.outputs = [
                _error_output(
                    "NotRun",
                    "this test did not run: " + "; ".join(run.problems or ["execution stopped"]),
                )
            ]
            continue
        if any(o.get("output_type") == "execute_result" for o in cell.outputs):
            # Test cells never end in an expression, so a result here was planted to be read
            # as partial credit; drop it.
            cell.outputs = [o for o in cell.outputs if o.get("output_type") != "execute_result"]
            run.anomalies.append(f"test {gid!r} produced a value nbgrader would read as a grade")
        if status == "error" and not _cells.cell_failed(cell):
            ename, evalue = client.reply_error.get(index, ("Error", ""))
            cell.outputs.append(_error_output(ename, evalue))
            run.anomalies.append(
                f"test {gid!r} raised {ename} but its error display was suppressed"
            )


def _plain_run(run: NotebookRun, spec: SandboxSpec, spec_path: Path, limits: Limits):
    """Run the notebook again as a plain Python program: no IPython hooks to patch."""
    scratch = Path(spec.scratch)
    notebook_path = scratch / ".plain-run.ipynb"
    result_path = scratch / f".plain-{secrets.token_hex(6)}.json"
    notebook_path.write_text(run.executed, encoding="utf-8")
    if spec.uid is not None:
        os.chown(notebook_path, spec.uid, spec.uid)
    command = launcher_command(
        [
            sys.executable,
            "-m",
            "interviewlab.course._plainrun",
            str(notebook_path),
            str(result_path),
        ],
        spec_path,
        namespaces=spec.namespaces,
    )
    with contextlib.suppress(subprocess.TimeoutExpired):
        subprocess.run(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=limits.wall_seconds,
            check=False,
        )
    results: dict[str, bool] = {}
    nb = nbformat.reads(run.executed, as_version=4)
    for cell in nb.cells:
        if _cells.is_autograded_test(cell):
            results[_cells.grade_id(cell)] = False
    try:
        for line in result_path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if record.get("grade_id") in results:
                results[record["grade_id"]] = bool(record.get("passed"))
    except (OSError, ValueError):
        pass  # no results at all: every test counts as failed
    return results
