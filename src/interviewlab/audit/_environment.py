"""The environment beside a notebook: is there a pinned one, and does it declare the imports?"""

from __future__ import annotations

import functools
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

LOCK_FILES = (
    "requirements.lock",
    "poetry.lock",
    "uv.lock",
    "Pipfile.lock",
    "pdm.lock",
    "conda-lock.yml",
    "conda-lock.yaml",
)
CONDA_FILES = ("environment.yml", "environment.yaml")

# Import names whose distribution has another name (the common cases; installed packages
# are also looked up with importlib.metadata).
IMPORT_TO_DISTRIBUTION = {
    "sklearn": "scikit-learn",
    "skimage": "scikit-image",
    "yaml": "pyyaml",
    "PIL": "pillow",
    "cv2": "opencv-python",
    "bs4": "beautifulsoup4",
    "dateutil": "python-dateutil",
    "dotenv": "python-dotenv",
    "jwt": "pyjwt",
    "attr": "attrs",
    "Crypto": "pycryptodome",
    "OpenSSL": "pyopenssl",
    "docx": "python-docx",
    "google": "google-cloud",
    "mpl_toolkits": "matplotlib",
    "pkg_resources": "setuptools",
    "IPython": "ipython",
}
# Provided by Jupyter itself, not something the project needs to declare.
NOTEBOOK_PROVIDED = frozenset({"IPython", "ipykernel", "ipywidgets"})

_REQUIREMENT_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def normalize(name: str) -> str:
    """PEP 503 normalised project name.

    Examples
    --------
    >>> normalize("Scikit_Learn")
    'scikit-learn'
    """
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass
class Environment:
    """What the environment files in a folder declare.

    Attributes
    ----------
    files : list of str
        Names of the environment files found.
    pinned : bool
        True if at least one file pins every package it lists (or is a lock file).
    unpinned : list of str
        Packages listed without an exact version, in files that are not fully pinned.
    declared : set of str
        Normalised names of every package declared anywhere.
    local_modules : set of str
        Python modules and packages in the folder itself (imports of those are local).
    """

    files: list[str] = field(default_factory=list)
    pinned: bool = False
    unpinned: list[str] = field(default_factory=list)
    declared: set[str] = field(default_factory=set)
    local_modules: set[str] = field(default_factory=set)


def read_environment(folder: Path) -> Environment:
    """Inspect the environment files in ``folder`` (not its parents: they must sit beside it).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = (Path(tmp) / "requirements.txt").write_text("pandas==2.2.3\\nscikit-learn>=1.5\\n")
    ...     env = read_environment(Path(tmp))
    >>> env.files, env.pinned, env.unpinned, sorted(env.declared)
    (['requirements.txt'], False, ['scikit-learn'], ['pandas', 'scikit-learn'])
    """
    env = Environment()
    if not folder.is_dir():
        return env
    for path in sorted(folder.iterdir()):
        name = path.name
        if path.suffix == ".py":
            env.local_modules.add(path.stem)
        elif path.is_dir() and (path / "__init__.py").is_file():
            env.local_modules.add(name)
        if not path.is_file():
            continue
        if name in LOCK_FILES:
            env.files.append(name)
            env.pinned = True
            env.declared |= _lock_names(path)
        elif re.fullmatch(r"requirements[\w.-]*\.txt", name):
            env.files.append(name)
            _requirements(path, env)
        elif name in CONDA_FILES:
            env.files.append(name)
            _conda(path, env)
        elif name == "pyproject.toml":
            env.files.append(name)
            _pyproject(path, env)
    return env


def _record(env: Environment, packages: list[tuple[str, bool]]) -> None:
    env.declared |= {normalize(name) for name, _ in packages}
    loose = [name for name, pinned in packages if not pinned]
    if packages and not loose:
        env.pinned = True
    env.unpinned.extend(name for name in loose if name not in env.unpinned)


def _requirements(path: Path, env: Environment) -> None:
    packages = []
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split(" #")[0].strip()
        if not line or line.startswith(("#", "-", "--")):
            continue
        match = _REQUIREMENT_NAME.match(line)
        if match:
            pinned = "==" in line or " @ " in line or "--hash" in line
            packages.append((match.group(1), pinned))
    _record(env, packages)


def _conda(path: Path, env: Environment) -> None:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError:
        return
    packages = []
    for item in data.get("dependencies", []) if isinstance(data, dict) else []:
        entries = item.get("pip", []) if isinstance(item, dict) else [item]
        for entry in entries:
            match = _REQUIREMENT_NAME.match(str(entry))
            if match and match.group(1) not in ("python", "pip"):
                packages.append((match.group(1), bool(re.search(r"[=]=?\s*\d", str(entry)))))
    _record(env, packages)


def _pyproject(path: Path, env: Environment) -> None:
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return
    packages = []
    for entry in data.get("project", {}).get("dependencies", []):
        match = _REQUIREMENT_NAME.match(entry)
        if match:
            packages.append((match.group(1), "==" in entry))
    _record(env, packages)


def _lock_names(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    names = set(re.findall(r'^\s*name\s*=\s*"([^"]+)"', text, flags=re.M))  # poetry, uv, pdm
    names |= {  # pip-compile style: name==version
        match.group(1)
        for line in text.splitlines()
        if "==" in line and (match := _REQUIREMENT_NAME.match(line))
    }
    names |= set(re.findall(r'^\s*"([A-Za-z0-9._-]+)":\s*\{', text, flags=re.M))  # Pipfile.lock
    return {normalize(name) for name in names}


def is_third_party(module: str, env: Environment) -> bool:
    """True if ``module`` (a top-level import name) is neither stdlib nor local."""
    return not (
        module in sys.stdlib_module_names
        or module in env.local_modules
        or module in NOTEBOOK_PROVIDED
        or module.startswith("_")
    )


def is_declared(module: str, env: Environment) -> bool:
    """True if the environment declares a distribution that provides ``module``.

    Examples
    --------
    >>> is_declared("sklearn", Environment(declared={"scikit-learn"}))
    True
    """
    candidates = {normalize(module), normalize(IMPORT_TO_DISTRIBUTION.get(module, module))}
    if candidates & env.declared:
        return True
    return bool({normalize(d) for d in _installed_distributions().get(module, [])} & env.declared)


@functools.lru_cache(maxsize=1)
def _installed_distributions() -> dict[str, list[str]]:
    from importlib.metadata import packages_distributions

    return packages_distributions()
