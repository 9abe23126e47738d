"""The course launches anywhere from the lock file: Binder (repo2docker reads `binder/`) and
JupyterHub (the image in `jupyterhub/Dockerfile`, the helm values in `jupyterhub/config.yaml`).

Nothing here builds an image or calls pip: the tests read the files, follow them the way
repo2docker, pip and docker would, and run the shell parts against stand-ins.
"""

from __future__ import annotations

import os
import re
import shlex
import stat
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.specifiers import SpecifierSet
from packaging.version import Version

REPO = Path(__file__).resolve().parents[2]
BINDER = REPO / "binder"
HUB = REPO / "jupyterhub"
LOCK = REPO / "requirements.lock"
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())


def requirement_lines(path: Path, seen: tuple[Path, ...] = ()) -> list[str]:
    """The requirements `pip install -r path` installs, following `-r` includes.

    pip resolves an include relative to the file that names it. Any other option or a local
    path would install something the lock does not pin, so it is refused here.
    """
    path = path.resolve()
    assert path not in seen, f"{path} includes itself"
    lines = []
    for raw in path.read_text().splitlines():
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        match = re.fullmatch(r"(?:-r|--requirement)[ =]?\s*(\S+)", line)
        if match:
            lines += requirement_lines(path.parent / match.group(1), (*seen, path))
        elif line.startswith("-") or line.startswith((".", "/")):
            raise AssertionError(f"{path.name}: {line!r} is not a pinned requirement")
        else:
            lines.append(line)
    return lines


def dockerfile_instructions() -> list[tuple[str, str]]:
    """`(INSTRUCTION, arguments)` of jupyterhub/Dockerfile, continuation lines joined."""
    text = re.sub(r"\\\n\s*", " ", (HUB / "Dockerfile").read_text())
    lines = [line.strip() for line in text.splitlines()]
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1])
        for line in lines
        if line and not line.startswith("#")
    ]


def runtime_python() -> Version:
    text = (BINDER / "runtime.txt").read_text().strip()
    match = re.fullmatch(r"python-(\d+\.\d+)", text)
    assert match, f"binder/runtime.txt must read python-X.Y, not {text!r}"
    return Version(match.group(1))


def quantity(text: str) -> float:
    """Bytes in a Kubernetes memory quantity such as `1G`, `512Mi` (the chart's format)."""
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([KMGT]i?)?", str(text))
    assert match, f"not a memory quantity: {text!r}"
    number, unit = float(match.group(1)), match.group(2) or ""
    scale = {"": 1, "K": 1e3, "M": 1e6, "G": 1e9, "T": 1e12}
    scale.update({"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40})
    return number * scale[unit]


@pytest.fixture(scope="module")
def hub_values() -> dict:
    return yaml.safe_load((HUB / "config.yaml").read_text())


# --- Binder ---------------------------------------------------------------------------------


def test_binder_python_is_the_oldest_python_the_project_supports():
    """runtime.txt pins the X.Y that requires-python starts at and ruff targets (the lock's)."""
    version = runtime_python()
    requires = PYPROJECT["project"]["requires-python"]
    assert version in SpecifierSet(requires), f"python-{version} is outside {requires}"
    floor = re.fullmatch(r">=\s*(\d+\.\d+)", requires)
    assert floor and Version(floor.group(1)) == version, (requires, version)
    assert PYPROJECT["tool"]["ruff"]["target-version"] == f"py{version.major}{version.minor}"


def test_binder_requirements_resolve_to_exactly_the_lock():
    """binder/requirements.txt installs the lock's lines, each once, and pins nothing itself."""
    installed = requirement_lines(BINDER / "requirements.txt")
    assert installed == requirement_lines(LOCK)
    assert len(set(installed)) == len(installed)
    own = [
        line
        for line in (BINDER / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.lstrip().startswith(("#", "-r", "--requirement"))
    ]
    assert own == [], f"pins belong in requirements.lock, not binder/requirements.txt: {own}"


def test_lock_pins_every_requirement_exactly():
    """Every line binder installs is `name==version`, so Binder builds the environment we test."""
    for line in requirement_lines(LOCK):
        assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*==[A-Za-z0-9.+!-]+", line), line


def test_binder_folder_selects_the_pip_buildpack():
    """No file in binder/ makes repo2docker pick a buildpack that would skip requirements.txt."""
    others = {
        "Dockerfile",
        "default.nix",
        "Project.toml",
        "JuliaProject.toml",
        "REQUIRE",
        "install.R",
        "DESCRIPTION",
        "environment.yml",
        "Pipfile",
        "Pipfile.lock",
    }
    present = {p.name for p in BINDER.iterdir()}
    assert {"runtime.txt", "requirements.txt", "postBuild"} <= present
    assert not present & others, sorted(present & others)
    assert not (REPO / ".binder").exists(), "repo2docker refuses both binder/ and .binder/"


def test_postbuild_is_an_executable_strict_bash_script():
    """postBuild is executable, runs under bash and stops at the first failing command."""
    path = BINDER / "postBuild"
    assert path.stat().st_mode & stat.S_IXUSR, "chmod +x binder/postBuild"
    lines = path.read_text().splitlines()
    assert lines[0] in ("#!/bin/bash", "#!/usr/bin/env bash")
    commands = [line for line in lines[1:] if line.strip() and not line.startswith("#")]
    assert commands[0] == "set -euo pipefail"
    subprocess.run(["bash", "-n", str(path)], check=True)


def test_postbuild_installs_only_the_project_editable_from_the_repository_root(tmp_path):
    """Run from anywhere, postBuild pip-installs `-e .` with --no-deps at the repo root, once."""
    log = tmp_path / "calls"
    stub = tmp_path / "bin" / "python"
    stub.parent.mkdir()
    stub.write_text(
        "#!/bin/sh\n"
        "args=$(printf '%s ' \"$@\" | tr '\\n' ' ')\n"
        f'printf \'%s|%s\\n\' "$(pwd)" "$args" >> {shlex.quote(str(log))}\n'
    )
    stub.chmod(0o755)
    env = {**os.environ, "PATH": f"{stub.parent}{os.pathsep}{os.environ['PATH']}"}
    subprocess.run([str(BINDER / "postBuild")], cwd=tmp_path, env=env, check=True)
    calls = [line.split("|", 1) for line in log.read_text().splitlines()]
    assert all(Path(cwd) == REPO for cwd, _ in calls), calls
    installs = [args.split() for _, args in calls if args.startswith("-m pip")]
    assert len(installs) == 1, installs
    assert installs[0][:3] == ["-m", "pip", "install"]
    assert "--no-deps" in installs[0] and installs[0][-2:] == ["-e", "."], installs[0]


# --- JupyterHub -----------------------------------------------------------------------------


def test_hub_image_base_is_pinned_by_a_date_tag():
    """The Dockerfile's base is a docker-stacks image pinned by date, never `latest` or python-X."""
    bases = [args for op, args in dockerfile_instructions() if op == "FROM"]
    assert len(bases) == 1
    image, _, tag = bases[0].partition(":")
    assert image.startswith("quay.io/jupyter/"), image
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", tag), f"pin {image} by a date tag, not {tag!r}"


def test_hub_image_checks_the_binder_python():
    """The image build asserts the same Python X.Y as binder/runtime.txt."""
    version = runtime_python()
    checks = [
        args
        for op, args in dockerfile_instructions()
        if op == "RUN" and "sys.version_info[:2] ==" in args
    ]
    assert checks, "the Dockerfile should assert its Python version"
    assert f"== ({version.major}, {version.minor})" in checks[0]


def test_hub_image_installs_the_lock_then_the_project_without_dependencies():
    """pip installs `-r requirements.lock` first, then the project editable with --no-deps."""
    installs = [
        args for op, args in dockerfile_instructions() if op == "RUN" and "pip install" in args
    ]
    assert len(installs) == 2, installs
    assert re.search(r"pip install .*-r requirements\.lock", installs[0]), installs[0]
    assert re.search(r"pip install .*--no-deps -e \.(\s|$)", installs[1]), installs[1]
    assert "-r " not in installs[1]


def test_hub_image_copies_everything_the_package_and_notebooks_need():
    """COPY brings the lock, the build metadata, src/, datasets/ and notebooks/, not the masters."""
    sources = set()
    for op, args in dockerfile_instructions():
        if op == "COPY":
            words = [w for w in args.split() if not w.startswith("--")]
            sources.update(w.rstrip("/") for w in words[:-1])
    needed = {
        "requirements.lock",
        "pyproject.toml",
        PYPROJECT["project"]["readme"],  # setuptools reads it to build the metadata
        *PYPROJECT["tool"]["setuptools"]["packages"]["find"]["where"],
        "datasets",
        "notebooks",
    }
    assert needed <= sources, f"missing from the image: {sorted(needed - sources)}"
    assert "autograder" not in sources, "hidden tests and rubrics must stay off learner servers"
    for source in sources:
        assert (REPO / source).exists(), source


def test_hub_build_context_lets_through_exactly_what_is_copied():
    """Dockerfile.dockerignore excludes everything but the folders and files COPY names."""
    ignore = (HUB / "Dockerfile.dockerignore").read_text().splitlines()
    rules = [line.strip() for line in ignore if line.strip() and not line.startswith("#")]
    assert rules[0] == "*"
    allowed = {rule[1:] for rule in rules if rule.startswith("!")}
    copied = {
        w.rstrip("/")
        for op, args in dockerfile_instructions()
        if op == "COPY"
        for w in [w for w in args.split() if not w.startswith("--")][:-1]
    }
    assert allowed == copied


def test_notebooks_find_their_samples_in_datasets_beside_src():
    """The samples notebooks load sit in datasets/ next to src/: why the image keeps the tree."""
    from interviewlab.audit import sample_notebooks_dir
    from interviewlab.deploy import sample_projects_dir

    assert sample_notebooks_dir() == REPO / "datasets" / "notebooks"
    assert sample_projects_dir() == REPO / "datasets" / "projects"


def test_hub_opens_a_notebook_that_exists(hub_values):
    """defaultUrl opens JupyterLab on a notebook of notebooks/, the warm-up."""
    url = hub_values["singleuser"]["defaultUrl"]
    assert url.startswith("/lab/tree/"), url
    notebook = url.removeprefix("/lab/tree/")
    assert notebook == "notebooks/00_warmup/warmup.ipynb"
    assert (REPO / notebook).is_file()


def test_hub_runs_the_image_of_this_course_version(hub_values):
    """config.yaml pulls the interviewlab image tagged with pyproject's version, not latest."""
    image = hub_values["singleuser"]["image"]
    assert image["name"].endswith("/interviewlab"), image
    assert image["tag"] == PYPROJECT["project"]["version"], image


def test_hub_resources_fit_a_notebook_run(hub_values):
    """Memory guaranteed covers one notebook run (~1 GiB); the CPU limit allows its 2 cores."""
    user = hub_values["singleuser"]
    guarantee, limit = (quantity(user["memory"][key]) for key in ("guarantee", "limit"))
    assert 0.9 * 2**30 <= guarantee <= limit <= 4 * 2**30, user["memory"]
    assert 0 < float(user["cpu"]["guarantee"]) <= float(user["cpu"]["limit"])
    assert float(user["cpu"]["limit"]) >= 2, "notebooks are timed on 2 cores"


def test_hub_start_hook_copies_the_course_into_home_once(hub_values, tmp_path):
    """postStart copies notebooks/ from the image's course folder and keeps a learner's edits."""
    command = hub_values["singleuser"]["lifecycleHooks"]["postStart"]["exec"]["command"]
    script = command[-1]
    course_dir = next(
        args.split("=", 1)[1]
        for op, args in dockerfile_instructions()
        if op == "ENV" and args.startswith("COURSE_DIR=")
    )
    assert course_dir in script, "the hook must copy from the Dockerfile's COURSE_DIR"
    home = tmp_path / "home"
    home.mkdir()
    local = [*command[:-1], script.replace(course_dir, str(REPO))]
    env = {**os.environ, "HOME": str(home)}
    subprocess.run(local, cwd=home, env=env, check=True)
    warmup = home / "notebooks" / "00_warmup" / "warmup.ipynb"
    assert warmup.read_bytes() == (REPO / "notebooks/00_warmup/warmup.ipynb").read_bytes()
    files = sorted(home.rglob("*"))
    warmup.write_text("the learner's work")
    subprocess.run(local, cwd=home, env=env, check=True)
    assert warmup.read_text() == "the learner's work"
    assert sorted(home.rglob("*")) == files, "a restart must not copy the course again"


def test_requirement_parser_rejects_what_pip_would_install_beyond_the_lock(tmp_path):
    """The include follower used above fails on a stray option or a local path."""
    for extra in ("-e .", "--extra-index-url https://example.org", "./src"):
        (tmp_path / "r.txt").write_text(f"-r {LOCK}\n{extra}\n")
        with pytest.raises(AssertionError):
            requirement_lines(tmp_path / "r.txt")
