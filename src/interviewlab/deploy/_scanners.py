"""The two security scanners the audit relies on: detect-secrets and bandit.

Both are driven through their Python APIs, with their output turned into ``Hit`` records
(file, line, kind, rule, message) that never contain the secret itself.

- **detect-secrets** scans every text file with all its plugins and default filters, exactly
  as ``detect-secrets scan`` would; a Python file in which no detector matches anywhere is
  skipped first (see ``_cannot_hold_secrets``), which makes big trees several times faster.
  It does not read Dockerfile ``ENV``/``ARG`` values as secrets, so a small rule of ours adds
  those.
- **bandit** runs only the tests the checklist needs (unsafe deserialisation, shell
  injection, eval/exec, Flask debug mode, disabled TLS checks), and only on Python files that
  contain one of the words those tests look for: a file without ``pickle``, ``yaml``,
  ``shell``, ``eval`` ... cannot trigger them, and skipping it keeps large trees fast.
  ``joblib.load`` (a pickle in disguise) is not a bandit test; a rule of ours adds it.
"""

from __future__ import annotations

import contextlib
import logging
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

#: bandit test id → the problem kind the audit reports.
BANDIT_KINDS = {
    "B301": "unsafe_load",  # pickle, dill, shelve, jsonpickle, pandas.read_pickle
    "B302": "unsafe_load",  # marshal
    "B506": "unsafe_load",  # yaml.load without a safe loader
    "B614": "unsafe_load",  # torch.load without weights_only=True
    "B602": "shell",  # subprocess with shell=True
    "B604": "shell",  # any call with shell=True
    "B605": "shell",  # os.system, os.popen, ...
    "B102": "eval",  # exec
    "B307": "eval",  # eval
    "B201": "debug",  # Flask app.run(debug=True)
    "B501": "no_tls_verify",  # requests with verify=False
}
# Every bandit test above needs one of these words in the file to fire.
_BANDIT_TRIGGER = re.compile(
    r"pickle|dill|shelve|marshal|yaml|eval|exec|debug|verify|shell|system|popen|getoutput|torch"
)
_NOSEC = re.compile(r"#\s*nosec\b")
_JOBLIB_CALL = re.compile(r"\bjoblib\.load\s*\(")
_JOBLIB_IMPORT = re.compile(r"^\s*from\s+joblib\s+import\s+[^#\n]*\bload\b", re.MULTILINE)
_BARE_LOAD = re.compile(r"(?<![\w.])load\s*\(")
_DOCKER_SECRET = re.compile(
    r"^\s*(?:ENV|ARG)\s+(?P<name>\w*(?:SECRET|TOKEN|PASSWORD|PASSWD|API_?KEY|ACCESS_KEY|"
    r"PRIVATE_KEY|CREDENTIAL)\w*)\s*[= ]\s*(?P<value>[^\s$#]\S*)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Hit:
    """One problem a scanner found on one line (never the secret value)."""

    file: str
    line: int
    kind: str
    rule: str
    message: str


def is_dockerfile(name: str) -> bool:
    """Whether a file name looks like a Dockerfile or Containerfile."""
    base = Path(name).name.lower()
    return (
        base in {"dockerfile", "containerfile"}
        or base.startswith(("dockerfile.", "containerfile."))
        or base.endswith(".dockerfile")
    )


def scan_secrets(root: Path, texts: dict[str, str]) -> list[Hit]:
    """Hard-coded secrets in the text files ``texts`` (relative paths under ``root``).

    One hit per line: several detectors firing on the same line give one hit whose rule
    lists them all.
    """
    found: dict[tuple[str, int], set[str]] = {}
    with _quiet("detect-secrets"):
        from detect_secrets import SecretsCollection
        from detect_secrets.settings import default_settings

        collection = SecretsCollection(root=str(root))
    with default_settings(), _quiet("detect-secrets"):
        from detect_secrets.settings import get_plugins

        plugins = get_plugins()
        for rel, text in texts.items():
            if _cannot_hold_secrets(rel, text, plugins):
                continue
            collection.scan_file(rel)
    for filename, secret in collection:
        rel = Path(filename).as_posix()
        found.setdefault((rel, int(secret.line_number)), set()).add(secret.type)
    for rel, text in texts.items():
        if not is_dockerfile(rel):
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            match = _DOCKER_SECRET.match(line)
            if match and not _NOSEC.search(line):
                found.setdefault((rel, number), set()).add(f"Dockerfile {match['name']} value")
    return [
        Hit(rel, line, "secret", " + ".join(sorted(types)), "hard-coded secret")
        for (rel, line), types in sorted(found.items())
    ]


def _cannot_hold_secrets(rel: str, text: str, plugins) -> bool:
    """Whether no detector can fire anywhere in a Python file (so the per-line scan is moot).

    Each detector looks once at the whole file as if it were one line. Their patterns match
    within a line (none spans a newline or is anchored to the start of the text), so a
    detector that would fire on some line also fires on the whole text: an empty answer from
    all of them means the per-line scan, which only adds filters, would find nothing. Only
    Python files qualify: detect-secrets rewrites YAML and INI-like files before scanning
    (a Python file starting with ``[`` might parse as INI, so it is scanned in full).
    """
    if not rel.endswith(".py") or text.lstrip().startswith("["):
        return False
    try:
        return not any(
            plugin.analyze_line(filename=rel, line=text, line_number=0) for plugin in plugins
        )
    except Exception:  # a detector that cannot take the whole text: scan the file normally
        return False


def scan_code(root: Path, texts: dict[str, str]) -> tuple[list[Hit], list[tuple[str, str]]]:
    """Risky Python code: bandit's selected tests plus our ``joblib.load`` rule.

    Returns
    -------
    hits : list of Hit
    skipped : list of (file, reason)
        Files bandit could not parse.
    """
    candidates = [
        rel for rel, text in texts.items() if rel.endswith(".py") and _BANDIT_TRIGGER.search(text)
    ]
    hits: list[Hit] = []
    skipped: list[tuple[str, str]] = []
    if candidates:
        hits, skipped = _run_bandit(root, candidates)
    for rel, text in texts.items():
        if rel.endswith(".py") and "joblib" in text:
            hits.extend(_joblib_hits(rel, text))
    hits.sort(key=lambda h: (h.file, h.line, h.rule))
    return hits, skipped


def _run_bandit(root: Path, candidates: list[str]) -> tuple[list[Hit], list[tuple[str, str]]]:
    profile = {"include": set(BANDIT_KINDS), "exclude": set()}
    with _quiet("bandit"):
        from bandit.core import config, manager

        bandit = manager.BanditManager(config.BanditConfig(), "file", quiet=True, profile=profile)
        bandit.discover_files([str(root / rel) for rel in candidates], recursive=False)
        bandit.run_tests()
    hits = []
    for issue in bandit.get_issue_list():
        rel = Path(issue.fname).resolve().relative_to(root.resolve()).as_posix()
        kind = BANDIT_KINDS.get(issue.test_id)
        if kind is None:
            continue
        text = " ".join(str(issue.text).split())
        hits.append(Hit(rel, int(issue.lineno), kind, f"bandit {issue.test_id}", text))
    skipped = []
    for fname, reason in bandit.skipped:
        rel = Path(fname).resolve().relative_to(root.resolve()).as_posix()
        skipped.append((rel, f"bandit could not parse it ({reason})"))
    return hits, skipped


def _joblib_hits(rel: str, text: str) -> list[Hit]:
    bare = bool(_JOBLIB_IMPORT.search(text))
    hits = []
    for number, line in enumerate(text.splitlines(), start=1):
        code = line.split("#", 1)[0]
        if _NOSEC.search(line):
            continue
        if _JOBLIB_CALL.search(code) or (bare and _BARE_LOAD.search(code)):
            message = "joblib.load unpickles the file: it runs whatever code the file holds"
            hits.append(Hit(rel, number, "unsafe_load", "joblib.load", message))
    return hits


@contextlib.contextmanager
def _quiet(name: str):
    """Silence a library's logger and warnings while it runs (they would land on stderr)."""
    log = logging.getLogger(name)
    level, propagate = log.level, log.propagate
    log.setLevel(logging.CRITICAL + 1)
    log.propagate = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. stevedore deprecations when bandit loads
            yield
    finally:
        log.setLevel(level)
        log.propagate = propagate
