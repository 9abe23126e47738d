"""Sample projects: the three bundled repositories and a seeded generator of new ones.

``datasets/projects/`` holds three small repositories (a notebook dumped to scripts, a service
half ready for production, one ready) and, in ``datasets/projects/labels/``, the findings and
statuses each must produce. :func:`make_project` writes new projects with security problems
planted at known lines, for exercises graded on projects nobody has seen.

Every credential in these projects is FAKE: random characters in the shape of a real key, so
that secret scanners flag them, and marked ``# FAKE``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from interviewlab._validation import check_positive_int, check_random_state

#: Problem kinds of a security review (a subset of the audit's finding kinds).
SECURITY_KINDS = ("secret", "unsafe_load", "shell", "eval", "debug", "root_container")
#: The bundled sample projects, from worst to best.
SAMPLE_PROJECTS = ("notebook_dump", "half_ready", "production_ready")


@dataclass(frozen=True)
class SampleProject:
    """A bundled sample project and what auditing it must give.

    Attributes
    ----------
    name : str
    path : pathlib.Path
        The project's folder.
    description : str
    statuses : dict of str to str
        Expected status of every checklist item.
    findings : tuple of (item, kind, file, line)
        Every located problem the audit must report (``line`` is ``None`` for whole files).
    stoplight : str
    fix_first : str or None
    """

    name: str
    path: Path
    description: str
    statuses: dict[str, str]
    findings: tuple[tuple[str, str, str, int | None], ...]
    stoplight: str
    fix_first: str | None

    @property
    def security_findings(self) -> set[tuple[str, str, int]]:
        """``{(kind, file, line)}`` of the findings whose kind is in :data:`SECURITY_KINDS`."""
        return {(k, f, n) for _, k, f, n in self.findings if k in SECURITY_KINDS}


def sample_projects_dir() -> Path:
    """The ``datasets/projects`` folder of the source tree.

    Raises
    ------
    FileNotFoundError
        If interviewlab was installed without its source tree (the samples are not package
        data).
    """
    import interviewlab

    folder = Path(interviewlab.__file__).resolve().parents[2] / "datasets" / "projects"
    if not (folder / "labels").is_dir():
        raise FileNotFoundError(
            f"{folder / 'labels'} not found: the sample projects ship with the source tree; "
            "install interviewlab from the repository (pip install -e .)"
        )
    return folder


def load_sample_projects() -> dict[str, SampleProject]:
    """Read every bundled sample project's labels.

    Returns
    -------
    dict of str to SampleProject
        In :data:`SAMPLE_PROJECTS` order.

    Examples
    --------
    >>> projects = load_sample_projects()
    >>> list(projects)
    ['notebook_dump', 'half_ready', 'production_ready']
    >>> projects["production_ready"].stoplight, projects["production_ready"].findings
    ('green', ())
    >>> sorted(projects["half_ready"].security_findings)[:2]
    [('root_container', 'Dockerfile', 1), ('secret', 'Dockerfile', 9)]
    """
    import yaml

    folder = sample_projects_dir()
    projects = {}
    for name in SAMPLE_PROJECTS:
        data = yaml.safe_load((folder / "labels" / f"{name}.yaml").read_text(encoding="utf-8"))
        findings = tuple(
            sorted(
                ((f["item"], f["kind"], f["file"], f.get("line")) for f in data["findings"] or []),
                key=lambda f: (f[2], f[3] or 0, f[1]),
            )
        )
        projects[name] = SampleProject(
            name=name,
            path=folder / name,
            description=" ".join(data["description"].split()),
            statuses=dict(data["statuses"]),
            findings=findings,
            stoplight=data["stoplight"],
            fix_first=data["fix_first"],
        )
    return projects


# --------------------------------------------------------------------------- generator


@dataclass(frozen=True)
class SyntheticProject:
    """A generated project with planted security problems.

    Attributes
    ----------
    files : dict of str to str
        Relative path to text.
    planted : tuple of (kind, file, line)
        Every problem planted, sorted; kinds from :data:`SECURITY_KINDS`.
    description : str
    """

    files: Mapping[str, str]
    planted: tuple[tuple[str, str, int], ...]
    description: str

    def write(self, folder: str | os.PathLike) -> Path:
        """Write the files under ``folder`` (created if needed); return it as a Path."""
        root = Path(folder)
        for rel, text in self.files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return root


_ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"
_UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ234567"
_WORDS = ("sales", "store", "flavor", "price", "weather", "stock", "orders", "margin", "season")


def _random(rng: np.random.Generator, alphabet: str, n: int) -> str:
    return "".join(alphabet[i] for i in rng.integers(len(alphabet), size=n))


# Each snippet: (imports it needs, lines, index of the problem line or None for a decoy).
def _snippet(kind: str, rng: np.random.Generator, name: str):
    choice = int(rng.integers(3))
    if kind == "secret":
        forms = [
            f'AWS_ACCESS_KEY_ID = "AKIA{_random(rng, _UPPER, 16)}"  # FAKE',
            f'{name.upper()}_DB_PASSWORD = "{_random(rng, _ALNUM, 14)}"  # FAKE',
            f'GITHUB_TOKEN = "ghp_{_random(rng, _ALNUM, 36)}"  # FAKE',
        ]
        return (), [forms[choice]], 0
    if kind == "unsafe_load":
        forms = [
            (
                {"pickle"},
                "    with open(path, 'rb') as handle:\n        return pickle.load(handle)",
                2,
            ),
            (
                {"yaml"},
                "    with open(path) as handle:\n"
                "        return yaml.load(handle, Loader=yaml.Loader)",
                2,
            ),
            ({"joblib"}, "    return joblib.load(path)", 1),
        ][choice]
        imports, body, line = forms
        return imports, [f"def load_{name}(path):", *body.split("\n")], line
    if kind == "shell":
        forms = [
            ({"subprocess"}, '    subprocess.run(f"gzip {path}", shell=True, check=True)'),
            ({"os"}, '    os.system("rm -rf " + path)'),
            ({"os"}, '    return os.popen(f"du -sh {path}").read()'),
        ]
        imports, body = forms[choice]
        return imports, [f"def clean_{name}(path):", body], 1
    if kind == "eval":
        body = [
            "    return eval(expression)",
            "    exec(expression)",
            "    return eval(expression)",
        ]
        return (), [f"def compute_{name}(expression):", body[choice]], 1
    if kind == "debug":
        return (
            {"flask"},
            [
                f"def serve_{name}():",
                f"    app = Flask({name!r})",
                '    app.run(host="127.0.0.1", port=5000, debug=True)',
            ],
            2,
        )
    if kind == "decoy":
        forms = [
            (
                {"yaml"},
                [
                    f"def read_{name}(path):",
                    "    with open(path) as handle:",
                    "        return yaml.safe_load(handle)",
                ],
            ),
            (
                {"subprocess"},
                [f"def pack_{name}(path):", '    subprocess.run(["gzip", path], check=True)'],
            ),
            ({"os"}, [f"def {name}_token():", '    return os.environ["API_TOKEN"]']),
        ]
        imports, lines = forms[choice]
        return imports, lines, None
    raise ValueError(kind)


_IMPORTS = {
    "pickle": "import pickle",
    "yaml": "import yaml",
    "joblib": "import joblib",
    "subprocess": "import subprocess",
    "os": "import os",
    "flask": "from flask import Flask",
}


def _filler(rng: np.random.Generator, index: int) -> list[str]:
    word = _WORDS[int(rng.integers(len(_WORDS)))]
    factor = int(rng.integers(2, 9))
    return [
        f"def {word}_total_{index}(values):",
        f'    """Sum of the {word} values, scaled by {factor}."""',
        "    total = 0.0",
        "    for value in values:",
        f"        total += value * {factor}",
        "    return total",
    ]


def make_project(
    n_modules: int = 6,
    *,
    n_problems: int = 6,
    kinds: tuple[str, ...] = SECURITY_KINDS,
    random_state=None,
) -> SyntheticProject:
    """Generate a small Python project with security problems planted at known lines.

    The project has a README, pinned requirements, a Dockerfile and ``n_modules`` modules
    of plain functions. Problems are drawn from ``kinds`` (with repetition, at most one
    ``root_container``), each written in one of several realistic forms, and mixed with safe
    look-alikes (``yaml.safe_load``, ``subprocess.run([...])``, a token read from the
    environment) that a careful review must not flag.

    Parameters
    ----------
    n_modules : int, default=6
        Python modules under ``src/shop/``.
    n_problems : int, default=6
        Problems to plant.
    kinds : tuple of str, default=SECURITY_KINDS
        Kinds to draw from.
    random_state : None, int or numpy.random.Generator, default=None
        Seed for reproducible output.

    Returns
    -------
    SyntheticProject

    Examples
    --------
    >>> project = make_project(3, n_problems=3, random_state=2)
    >>> for problem in project.planted:
    ...     print(problem)
    ('root_container', 'Dockerfile', 1)
    ('secret', 'src/shop/module_01.py', 1)
    ('unsafe_load', 'src/shop/module_00.py', 30)
    >>> project.files["src/shop/module_00.py"].splitlines()[29].strip()
    'return pickle.load(handle)'
    """
    n_modules = check_positive_int("n_modules", n_modules)
    n_problems = check_positive_int("n_problems", n_problems, minimum=0)
    kinds = tuple(kinds)
    if not kinds:
        raise ValueError("kinds must name at least one kind")
    for kind in kinds:
        if kind not in SECURITY_KINDS:
            valid = ", ".join(repr(k) for k in SECURITY_KINDS)
            raise ValueError(f"kinds must be drawn from {valid}; got {kind!r}")
    rng = check_random_state(random_state)
    drawn = [kinds[int(i)] for i in rng.integers(len(kinds), size=n_problems)]
    root_container = "root_container" in drawn
    drawn = [k for k in drawn if k != "root_container"]
    per_module: list[list[str]] = [[] for _ in range(n_modules)]
    for kind in drawn:
        per_module[int(rng.integers(n_modules))].append(kind)
    for _ in range(max(1, n_modules // 2)):
        per_module[int(rng.integers(n_modules))].append("decoy")

    files: dict[str, str] = {}
    planted: list[tuple[str, str, int]] = []
    for m, module_kinds in enumerate(per_module):
        rel = f"src/shop/module_{m:02d}.py"
        blocks: list[tuple[list[str], int | None, str | None]] = []
        imports: set[str] = set()
        constants: list[tuple[str, str]] = []
        for j in range(int(rng.integers(2, 5))):
            blocks.append((_filler(rng, m * 10 + j), None, None))
        for k, kind in enumerate(module_kinds):
            needs, lines, problem = _snippet(kind, rng, f"{_WORDS[(m + k) % len(_WORDS)]}_{k}")
            imports |= set(needs)
            if kind == "secret":
                constants.append((lines[0], kind))
                continue
            position = int(rng.integers(len(blocks) + 1))
            blocks.insert(position, (lines, problem, None if kind == "decoy" else kind))
        text_lines: list[str] = []
        for constant, kind in constants:
            text_lines.append(constant)
            planted.append((kind, rel, len(text_lines)))
        if constants:
            text_lines.append("")
        for name in sorted(imports, key=lambda n: _IMPORTS[n]):
            text_lines.append(_IMPORTS[name])
        for lines, problem, kind in blocks:
            if text_lines:
                text_lines.extend(["", ""])
            start = len(text_lines)
            text_lines.extend(lines)
            if kind is not None and problem is not None:
                planted.append((kind, rel, start + problem + 1))
        files[rel] = "\n".join(text_lines) + "\n"
    files["src/shop/__init__.py"] = '"""A small shop analytics package (generated)."""\n'
    files["README.md"] = "# shop analytics\n\nGenerated for a security review. Secrets are FAKE.\n"
    files["requirements.txt"] = "flask==3.0.3\npyyaml==6.0.2\njoblib==1.4.2\n"
    docker = [
        "FROM python:3.11.9-slim",
        "WORKDIR /srv",
        "COPY . .",
        "RUN pip install --no-cache-dir -r requirements.txt",
    ]
    if root_container:
        planted.append(("root_container", "Dockerfile", 1))
    else:
        docker += ["RUN useradd --create-home shop", "USER shop"]
    docker.append('CMD ["python", "-m", "shop"]')
    files["Dockerfile"] = "\n".join(docker) + "\n"
    description = (
        f"A generated project of {n_modules} modules with {len(planted)} planted problems "
        f"({', '.join(sorted({k for k, _, _ in planted})) or 'none'})."
    )
    return SyntheticProject(dict(sorted(files.items())), tuple(sorted(planted)), description)
