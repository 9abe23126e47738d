"""A sandbox for learner kernels: private filesystem view, no network, another user, limits.

The grader starts each learner kernel through this module's launcher::

    unshare --net --mount --pid --fork --kill-child --propagation private \\
        python -m interviewlab.course._sandbox SPEC.json -- python -m ipykernel_launcher -f …

Inside the new namespaces the launcher (still root there) hides the course, the gradebook,
the other submissions, ``/tmp`` and the instructor's home behind empty tmpfs mounts, binds
back only what the kernel needs (the interpreter, the installed packages, the submission's
scratch folder and the kernel's socket folder), mounts a private ``/proc``, sets resource
limits, drops to an unprivileged user and finally ``exec``\\ s the kernel. Kernels talk
over Unix sockets, so cutting the network off does not cut the grader off.

Which protections are possible depends on the machine: namespaces need root (or user
namespaces), a separate user needs root, cgroups need a writable cgroup hierarchy.
:func:`available_protections` says what this machine allows; every grading report says
which protections were active. Resource limits (``setrlimit``) always apply.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")
# Environment variables a learner's code must not see (they reveal the grader or leak paths).
SCRUBBED_ENV_PREFIXES = ("NBGRADER", "JPY_", "JUPYTER_", "INTERVIEWLAB_", "PYTEST", "CI")

_MS_RDONLY, _MS_NOSUID, _MS_NODEV, _MS_NOEXEC = 1, 2, 4, 8
_MS_REMOUNT, _MS_BIND, _MS_REC, _MS_PRIVATE = 32, 4096, 16384, 1 << 18


@dataclass(frozen=True)
class Limits:
    """Per-submission resource limits.

    Attributes
    ----------
    memory_mb : int
        Address space of the kernel (``RLIMIT_AS``) and, where cgroups allow, its memory.
    cpu_seconds : int
        CPU time of the kernel (``RLIMIT_CPU``); past it the kernel is killed.
    processes : int
        Processes and threads (cgroup ``pids.max``, and ``RLIMIT_NPROC`` for the sandbox user).
    wall_seconds : int
        Wall-clock time for the whole notebook.
    cell_seconds : int
        Wall-clock time for one cell.
    output_bytes : int
        Text and images kept from the notebook's outputs (errors are always kept).
    file_mb : int
        Largest file the kernel may write (``RLIMIT_FSIZE``).
    """

    memory_mb: int = 2048
    cpu_seconds: int = 300
    processes: int = 128
    wall_seconds: int = 600
    cell_seconds: int = 60
    output_bytes: int = 2_000_000
    file_mb: int = 64

    def __post_init__(self):
        for name, value in asdict(self).items():
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ValueError(f"{name} must be a positive integer, got {value!r}")


@dataclass
class SandboxSpec:
    """What one kernel's launcher must set up (serialised to JSON for the launcher)."""

    scratch: str
    sockets: str
    hide: list[str] = field(default_factory=list)
    keep_readonly: list[str] = field(default_factory=list)
    uid: int | None = None
    namespaces: bool = False
    cgroup: str | None = None
    limits: dict = field(default_factory=lambda: asdict(Limits()))

    def write(self, path: Path) -> Path:
        path.write_text(json.dumps(asdict(self)), encoding="utf-8")
        return path


@functools.cache
def available_protections() -> dict[str, bool]:
    """Which protections this machine allows, probed once per process."""
    namespaces = _namespaces_work()
    root = os.geteuid() == 0
    return {
        "network cut off (network namespace)": namespaces,
        "private filesystem view (mount namespace)": namespaces,
        "separate unprivileged user": namespaces and root,
        "private process table (pid namespace)": namespaces,
        "process and memory caps (cgroups)": root and _cgroup_writable(),
        "resource limits (setrlimit)": True,
        "kernel on Unix sockets, not TCP": True,
    }


def _namespaces_work() -> bool:
    if os.name != "posix" or os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    try:
        probe = subprocess.run([*_UNSHARE, "true"], capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return probe.returncode == 0


def _cgroup_writable() -> bool:
    return os.access(CGROUP_ROOT / "pids", os.W_OK) and os.access(CGROUP_ROOT / "memory", os.W_OK)


_UNSHARE = ["unshare", "--net", "--mount", "--pid", "--fork", "--kill-child"]
_UNSHARE_PRIVATE = [*_UNSHARE, "--propagation", "private"]


def launcher_command(kernel_cmd: list[str], spec_path: Path, *, namespaces: bool) -> list[str]:
    """The command that starts ``kernel_cmd`` inside the sandbox described by ``spec_path``."""
    launcher = [sys.executable, "-m", "interviewlab.course._sandbox", str(spec_path), "--"]
    prefix = _UNSHARE_PRIVATE if namespaces else []
    if shutil.which("setpriv"):
        # If the grading worker dies (even by SIGKILL), its kernels die with it.
        prefix = ["setpriv", "--pdeathsig", "KILL", *prefix]
    return [*prefix, *launcher, *kernel_cmd]


def create_cgroup(name: str, limits: Limits) -> str | None:
    """Create pids and memory cgroups named ``name``; return the name, or None if impossible."""
    try:
        for controller, settings in (
            ("pids", {"pids.max": str(limits.processes)}),
            ("memory", {"memory.limit_in_bytes": str(limits.memory_mb * 1024 * 1024)}),
        ):
            folder = CGROUP_ROOT / controller / "interviewlab" / name
            folder.mkdir(parents=True, exist_ok=True)
            for key, value in settings.items():
                (folder / key).write_text(value)
    except OSError:
        remove_cgroup(name)
        return None
    return name


def remove_cgroup(name: str | None, *, wait: float = 5.0) -> None:
    """Kill whatever is left in the cgroup, wait for it to empty, and remove it."""
    if not name:
        return
    deadline = time.monotonic() + wait
    for controller in ("pids", "memory"):
        folder = CGROUP_ROOT / controller / "interviewlab" / name
        while folder.is_dir():
            try:
                pids = (folder / "cgroup.procs").read_text().split()
                for pid in pids:
                    with contextlib.suppress(ProcessLookupError, PermissionError):
                        os.kill(int(pid), 9)
                if not pids:
                    folder.rmdir()
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                break  # processes stuck in the kernel: leave the empty shell for later
            time.sleep(0.05)


def sweep_cgroups() -> int:
    """Remove cgroups left behind by grading runs that were killed; return how many."""
    removed = 0
    folder = CGROUP_ROOT / "pids" / "interviewlab"
    if not folder.is_dir():
        return 0
    for group in folder.iterdir():
        owner = group.name.split("-")[0]
        if group.is_dir() and owner.isdigit() and not Path(f"/proc/{owner}").exists():
            remove_cgroup(group.name, wait=1.0)
            removed += 1
    return removed


# --- inside the sandbox ------------------------------------------------------------------


def _mount(source, target, fstype, flags, data) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mount.argtypes = (
        ctypes.c_char_p,
        ctypes.c_char_p,
        ctypes.c_char_p,
        ctypes.c_ulong,
        ctypes.c_char_p,
    )

    def enc(value):
        return None if value is None else str(value).encode()

    if libc.mount(enc(source), enc(target), enc(fstype), flags, enc(data)) != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"mount {source} on {target} failed: {os.strerror(errno)}")


def _is_under(path: str, parent: str) -> bool:
    return path == parent or path.startswith(parent.rstrip("/") + "/")


def _private_view(spec: SandboxSpec) -> None:
    """Hide ``spec.hide`` behind empty tmpfs mounts and bind back what the kernel needs."""
    keep = [(p, True) for p in spec.keep_readonly] + [(spec.scratch, False), (spec.sockets, False)]
    keep = [(os.path.realpath(p), ro) for p, ro in keep if os.path.exists(p)]
    handles = {path: os.open(path, os.O_PATH) for path, _ in keep}
    hidden: list[str] = []
    for path in sorted({os.path.realpath(p) for p in spec.hide if os.path.isdir(p)}, key=len):
        if any(_is_under(path, h) for h in hidden):
            continue
        mode = "1777" if path in ("/tmp", "/var/tmp") else "755"
        _mount("tmpfs", path, "tmpfs", _MS_NOSUID | _MS_NODEV, f"mode={mode},size=64m")
        hidden.append(path)
    for path, readonly in sorted(keep, key=lambda item: len(item[0])):
        if not any(_is_under(path, h) for h in hidden):
            continue
        if os.path.isdir(f"/proc/self/fd/{handles[path]}"):
            os.makedirs(path, exist_ok=True)
        else:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            Path(path).touch()
        _mount(f"/proc/self/fd/{handles[path]}", path, None, _MS_BIND | _MS_REC, None)
        if readonly:
            _mount(None, path, None, _MS_REMOUNT | _MS_BIND | _MS_RDONLY, None)
    for handle in handles.values():
        os.close(handle)
    # A /proc of our own: the learner sees only the sandbox's processes.
    _mount("proc", "/proc", "proc", _MS_NOSUID | _MS_NODEV | _MS_NOEXEC, None)


def _apply_limits(limits: Limits, *, separate_user: bool) -> None:
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5))
    address_space = limits.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
    file_size = limits.file_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))
    if separate_user:  # RLIMIT_NPROC is per user and ignored for root
        resource.setrlimit(resource.RLIMIT_NPROC, (limits.processes, limits.processes))


def _clean_environment(spec: SandboxSpec) -> dict[str, str]:
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(SCRUBBED_ENV_PREFIXES)
    }
    tmp = os.path.join(spec.scratch, ".tmp")
    os.makedirs(tmp, exist_ok=True)
    if spec.uid is not None:
        os.chown(tmp, spec.uid, spec.uid)
    env.update(HOME=spec.scratch, TMPDIR=tmp, MPLBACKEND="Agg", MPLCONFIGDIR=tmp)
    return env


def main(argv: list[str] | None = None) -> None:
    """Launcher entry point: ``python -m interviewlab.course._sandbox SPEC -- CMD…``."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--" not in argv or argv.index("--") != 1 or len(argv) < 3:
        raise SystemExit("usage: python -m interviewlab.course._sandbox SPEC.json -- COMMAND…")
    spec = SandboxSpec(**json.loads(Path(argv[0]).read_text(encoding="utf-8")))
    command = argv[2:]
    limits = Limits(**spec.limits)
    if spec.cgroup:
        for controller in ("pids", "memory"):
            procs = CGROUP_ROOT / controller / "interviewlab" / spec.cgroup / "cgroup.procs"
            if procs.exists():
                procs.write_text(str(os.getpid()))
    if spec.namespaces:
        _private_view(spec)
    env = _clean_environment(spec)
    _apply_limits(limits, separate_user=spec.uid is not None)
    if spec.uid is not None:
        os.setgroups([])
        os.setgid(spec.uid)
        os.setuid(spec.uid)
        # Changing user clears the parent-death signal unshare set: ask for it again, so the
        # kernel dies with its launcher even when the grader is killed.
        _PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    os.chdir(spec.scratch)
    os.execvpe(command[0], command, env)


if __name__ == "__main__":
    main()
