"""``audit_project``: check a project folder against the deployment checklist.

Each automated check looks for evidence in the files and answers *met*, *missing* or
*cannot tell*, citing files and lines. Evidence comes in two flavours:

- a **finding** (``kind`` set): a located problem to fix, e.g. a hard-coded secret
  (``secret``), a pickle load (``unsafe_load``), ``shell=True`` (``shell``), a root container
  (``root_container``), an unpinned requirement (``unpinned_dependency``);
- a **note** (``kind`` is ``None``): what was found or not found, e.g. "pytest runs in
  .github/workflows/ci.yml:21".

Most checks are heuristics: a mention of a canary in the CI file shows intent, not that the
canary works. That is why the items a file cannot settle (personal data, encryption) answer
*cannot tell* rather than guess, and why a line marked TODO or FIXME never counts as evidence.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from interviewlab.deploy._checklist import SECTIONS, Checklist, ChecklistItem, load_checklist
from interviewlab.deploy._files import (
    MAX_FILE_BYTES,
    MAX_FILES,
    MAX_TOTAL_BYTES,
    ProjectFiles,
    Skip,
    read_project,
)
from interviewlab.deploy._readiness import Readiness, readiness_score
from interviewlab.deploy._scanners import Hit, is_dockerfile, scan_code, scan_secrets

#: Kinds of located problems the audit reports, with the checklist item each belongs to.
FINDING_KINDS = {
    "secret": "secrets_management",
    "unsafe_load": "safe_deserialization",
    "pickle_artifact": "safe_deserialization",
    "shell": "risky_code",
    "eval": "risky_code",
    "debug": "risky_code",
    "no_tls_verify": "encryption",
    "root_container": "least_privilege",
    "unpinned_base": "container_image",
    "unpinned_dependency": "pinned_dependencies",
    "no_auth": "authentication",
    "no_validation": "input_validation",
}
_PICKLE_SUFFIXES = (".pkl", ".pickle", ".joblib")
_MODEL_SUFFIXES = (
    *_PICKLE_SUFFIXES,
    ".skops",
    ".onnx",
    ".pt",
    ".pth",
    ".h5",
    ".keras",
    ".safetensors",
    ".cbm",
    ".ubj",
)
_TODO = re.compile(r"\b(TODO|FIXME|XXX)\b")


@dataclass(frozen=True)
class Evidence:
    """What the audit saw for one checklist item.

    Attributes
    ----------
    item : str
        Checklist item id.
    message : str
    file : str or None
        Path relative to the project root (POSIX), if the evidence has a place.
    line : int or None
        1-based line number, if the evidence is on a line.
    kind : str or None
        For a finding (a problem to fix), its kind (a key of :data:`FINDING_KINDS`);
        ``None`` for a note.
    rule : str or None
        The scanner rule behind a finding, e.g. ``"bandit B301"`` or ``"AWS Access Key"``.
    """

    item: str
    message: str
    file: str | None = None
    line: int | None = None
    kind: str | None = None
    rule: str | None = None

    @property
    def where(self) -> str:
        """``file:line``, ``file`` or ``""``."""
        if self.file is None:
            return ""
        return f"{self.file}:{self.line}" if self.line is not None else self.file

    def to_dict(self) -> dict:
        return {
            "item": self.item,
            "file": self.file,
            "line": self.line,
            "kind": self.kind,
            "rule": self.rule,
            "message": self.message,
        }


@dataclass(frozen=True)
class ItemResult:
    """The audit's answer for one checklist item."""

    item: ChecklistItem
    status: str
    evidence: tuple[Evidence, ...]

    @property
    def id(self) -> str:
        return self.item.id


@dataclass(frozen=True)
class ProjectAudit:
    """The result of :func:`audit_project`.

    Attributes
    ----------
    root : str
        The folder audited, as given.
    results : tuple of ItemResult
        One per checklist item, in checklist order.
    readiness : Readiness
        Section scores, overall score, stoplight and what to fix first.
    skipped : tuple of Skip
        Files and folders not read, with the reason.
    n_files : int
        Text files read.
    """

    root: str
    results: tuple[ItemResult, ...]
    readiness: Readiness
    skipped: tuple[Skip, ...]
    n_files: int = field(default=0)

    @property
    def statuses(self) -> dict[str, str]:
        """``{item_id: status}`` in checklist order."""
        return {result.id: result.status for result in self.results}

    @property
    def findings(self) -> tuple[Evidence, ...]:
        """Every located problem, sorted by file, line and kind."""
        found = [e for r in self.results for e in r.evidence if e.kind is not None]
        return tuple(sorted(found, key=lambda e: (e.file or "", e.line or 0, e.kind or "")))

    @property
    def stoplight(self) -> str:
        return self.readiness.stoplight

    @property
    def score(self) -> float:
        return self.readiness.score

    def result(self, item_id: str) -> ItemResult:
        for result in self.results:
            if result.id == item_id:
                return result
        raise KeyError(f"no checklist item {item_id!r}")

    def to_dict(self) -> dict:
        """A JSON-ready dict (what ``interviewlab checklist audit --format json`` prints)."""
        r = self.readiness
        return {
            "root": self.root,
            "readiness": {
                "score": r.score,
                "weakest": r.weakest,
                "stoplight": r.stoplight,
                "sections": dict(r.sections),
                "fix_first": r.fix_first,
                "fix_order": list(r.fix_order),
            },
            "items": [
                {
                    "id": res.id,
                    "section": res.item.section,
                    "severity": res.item.severity,
                    "title": res.item.title,
                    "status": res.status,
                    "evidence": [e.to_dict() for e in res.evidence],
                }
                for res in self.results
            ],
            "findings": [e.to_dict() for e in self.findings],
            "skipped": [{"path": s.path, "reason": s.reason} for s in self.skipped],
            "n_files": self.n_files,
        }

    def render_text(self) -> str:
        """A report for people: readiness first, then each section's items with evidence."""
        r = self.readiness
        marks = {"met": "[met]    ", "missing": "[MISSING]", "cannot tell": "[?]      "}
        lines = [
            f"Project audit of {self.root}: {self.n_files} text files read, "
            f"{len(self.skipped)} skipped",
            f"Readiness {r.score:.2f} (weakest section: {r.weakest}), "
            f"stoplight {r.stoplight.upper()}"
            + (f", fix first: {r.fix_first}" if r.fix_first else ""),
            "",
        ]
        for section in SECTIONS:
            lines.append(f"{section.upper()}  {r.sections[section]:.2f}")
            for res in self.results:
                if res.item.section != section:
                    continue
                lines.append(
                    f"  {marks[res.status]} {res.id} ({res.item.severity}): {res.item.title}"
                )
                shown = res.evidence[:8]
                for e in shown:
                    where = f"{e.where}: " if e.where else ""
                    lines.append(f"      {where}{e.message}")
                if len(res.evidence) > len(shown):
                    lines.append(f"      ... and {len(res.evidence) - len(shown)} more")
                if res.status == "missing":
                    lines.append(f"      fix: {res.item.fix}")
            lines.append("")
        if self.skipped:
            lines.append("Skipped")
            for skip in self.skipped[:30]:
                lines.append(f"  {skip.path}: {skip.reason}")
            if len(self.skipped) > 30:
                lines.append(f"  ... and {len(self.skipped) - 30} more")
        return "\n".join(lines).rstrip() + "\n"


# --------------------------------------------------------------------------- context


class _Project:
    """The files of a project sorted into the groups the checks read."""

    def __init__(self, files: ProjectFiles):
        self.files = files
        self.texts = files.texts
        self.py = {p: t for p, t in self.texts.items() if p.endswith(".py")}
        self.tests = {p: t for p, t in self.py.items() if _is_test_file(p)}
        self.code = {p: t for p, t in self.py.items() if p not in self.tests}
        self.ci = {p: t for p, t in self.texts.items() if _is_ci_file(p)}
        self.dockerfiles = {p: t for p, t in self.texts.items() if is_dockerfile(p)}
        self.docs = {p: t for p, t in self.texts.items() if _suffix(p) in {".md", ".rst"}}
        config_suffixes = {
            ".yml",
            ".yaml",
            ".toml",
            ".cfg",
            ".ini",
            ".json",
            ".tf",
            ".env",
            ".sh",
            ".conf",
            ".hcl",
            ".bicep",
            ".js",
        }
        self.config = {
            p: t
            for p, t in self.texts.items()
            if _suffix(p) in config_suffixes or PurePosixPath(p).name in {"Makefile", "Procfile"}
        }
        self.config.update(self.dockerfiles)
        self.config.update(self.ci)
        self.iac = {p: t for p, t in self.config.items() if _is_iac(p, t)}
        self.service = {p: t for p, t in self.code.items() if _SERVICE.search(t)}
        self.code_hits: list[Hit] = []
        self.secret_hits: list[Hit] = []

    def app_line(self) -> tuple[str, int] | None:
        """Where the web app is created (first match), for findings about the service."""
        for path in sorted(self.service):
            for number, line in enumerate(self.service[path].splitlines(), start=1):
                if _APP_CREATED.search(line):
                    return path, number
        if self.service:
            return sorted(self.service)[0], 1
        return None


_SERVICE = re.compile(
    r"\b(FastAPI|Flask|APIRouter|Blueprint|Starlette|Sanic|Quart)\s*\(|@app\.(route|get|post)\b"
)
_APP_CREATED = re.compile(r"=\s*(FastAPI|Flask|Starlette|Sanic|Quart)\s*\(")


def _suffix(path: str) -> str:
    return PurePosixPath(path).suffix.lower()


def _is_test_file(path: str) -> bool:
    parts = PurePosixPath(path).parts
    name = parts[-1]
    return (
        any(part in {"tests", "test"} for part in parts[:-1])
        or name.startswith("test_")
        or name.endswith("_test.py")
        or name == "conftest.py"
    )


def _is_ci_file(path: str) -> bool:
    p = PurePosixPath(path)
    name = p.name
    if len(p.parts) >= 3 and p.parts[0] == ".github" and p.parts[1] == "workflows":
        return _suffix(path) in {".yml", ".yaml"}
    return path in {
        ".gitlab-ci.yml",
        "Jenkinsfile",
        ".circleci/config.yml",
        "azure-pipelines.yml",
        "bitbucket-pipelines.yml",
        ".travis.yml",
        ".drone.yml",
        "cloudbuild.yaml",
        "cloudbuild.yml",
    } or (len(p.parts) >= 2 and p.parts[0] == ".buildkite" and name.endswith((".yml", ".yaml")))


def _is_iac(path: str, text: str) -> bool:
    p = PurePosixPath(path)
    name = p.name.lower()
    if _suffix(path) in {".tf", ".hcl", ".bicep"} or name in {
        "chart.yaml",
        "pulumi.yaml",
        "cdk.json",
        "serverless.yml",
    }:
        return True
    if name.startswith(("docker-compose", "compose.")) and _suffix(path) in {".yml", ".yaml"}:
        return True
    if _suffix(path) in {".yml", ".yaml"}:
        has_api = re.search(r"^apiVersion:", text, re.MULTILINE)
        has_kind = re.search(r"^kind:", text, re.MULTILINE)
        return bool((has_api and has_kind) or "AWSTemplateFormatVersion" in text)
    return False


def _grep(pattern: str, files: dict[str, str], *, flags=re.IGNORECASE) -> list[tuple[str, int]]:
    """``(file, line)`` of every line matching ``pattern`` (lines marked TODO/FIXME excluded)."""
    regex = re.compile(pattern, flags | re.MULTILINE)
    found = []
    for path in sorted(files):
        text = files[path]
        if not regex.search(text):
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            if regex.search(line) and not _TODO.search(line):
                found.append((path, number))
    return found


def _first(item: str, message: str, hits: list[tuple[str, int]]) -> list[Evidence]:
    """One note pointing at the first hit (and how many more there are)."""
    path, line = hits[0]
    more = f" (and {len(hits) - 1} more)" if len(hits) > 1 else ""
    return [Evidence(item, message + more, path, line)]


# --------------------------------------------------------------------------- checks

Result = tuple[str, list[Evidence]]
CHECKS: dict[str, Callable[[_Project, str], Result]] = {}


def _check(name: str):
    def register(function):
        CHECKS[name] = function
        return function

    return register


def _present(pattern: str, files_of, what: str, absent: str, *, unless_service: bool = False):
    """A check that is met when ``pattern`` occurs in the files ``files_of(project)`` picks."""

    def check(project: _Project, item: str) -> Result:
        if unless_service and not project.service:
            return "cannot tell", [Evidence(item, "no web service found in the project")]
        hits = _grep(pattern, files_of(project))
        if hits:
            return "met", _first(item, what, hits)
        return "missing", [Evidence(item, absent)]

    return check


@_check("ci_pipeline")
def _ci_pipeline(project: _Project, item: str) -> Result:
    if not project.ci:
        return "missing", [
            Evidence(
                item,
                "no CI configuration found (.github/workflows, .gitlab-ci.yml, Jenkinsfile, ...)",
            )
        ]
    runs = _grep(r"\b(pytest|py\.test|unittest|tox|nox|make\s+test|hatch\s+test)\b", project.ci)
    if runs:
        return "met", _first(item, "CI runs the tests", runs)
    names = ", ".join(sorted(project.ci))
    return "missing", [Evidence(item, f"CI configuration ({names}) runs no tests")]


@_check("infrastructure_as_code")
def _infrastructure_as_code(project: _Project, item: str) -> Result:
    if project.iac:
        paths = sorted(project.iac)
        more = f" (and {len(paths) - 1} more)" if len(paths) > 1 else ""
        return "met", [Evidence(item, "infrastructure described as code" + more, paths[0])]
    return "missing", [
        Evidence(item, "no Terraform, Kubernetes, Helm, Compose or cloud template files found")
    ]


@_check("container_image")
def _container_image(project: _Project, item: str) -> Result:
    if not project.dockerfiles:
        return "missing", [Evidence(item, "no Dockerfile or Containerfile found")]
    evidence = []
    for path in sorted(project.dockerfiles):
        stages: set[str] = set()
        for number, line in enumerate(project.dockerfiles[path].splitlines(), start=1):
            match = re.match(r"^\s*FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?", line, re.I)
            if not match:
                continue
            image, alias = match.group(1), match.group(2)
            if alias:
                stages.add(alias.lower())
            problem = _unpinned_image(image, stages)
            if problem:
                evidence.append(
                    Evidence(
                        item,
                        f"base image {image!r} {problem}",
                        path,
                        number,
                        "unpinned_base",
                        "pinned base image",
                    )
                )
    if evidence:
        return "missing", evidence
    return "met", [
        Evidence(item, "Dockerfile base images are pinned", sorted(project.dockerfiles)[0])
    ]


def _unpinned_image(image: str, stages: set[str]) -> str | None:
    """Why ``image`` is not pinned, or ``None`` if it is (or cannot be judged)."""
    if "@sha256:" in image or image.lower() == "scratch" or image.lower() in stages:
        return None
    if "$" in image:
        return None  # set by a build argument: cannot judge from the file
    name = image.rsplit("/", 1)[-1]
    if ":" not in name:
        return "has no tag (it means latest)"
    tag = name.split(":", 1)[1]
    if tag.lower() in {"latest", "stable", "lts", "current", "edge", "nightly"}:
        return f"uses the moving tag {tag!r}"
    if not re.search(r"\d+\.\d+", tag):
        return f"uses the broad tag {tag!r} (pin at least major.minor, better a digest)"
    return None


@_check("pinned_dependencies")
def _pinned_dependencies(project: _Project, item: str) -> Result:
    names = {path: PurePosixPath(path).name.lower() for path in project.files.texts}
    locks = [
        p
        for p, n in names.items()
        if n in {"poetry.lock", "uv.lock", "pipfile.lock", "pdm.lock", "conda-lock.yml"}
        or (n.startswith("requirements") and n.endswith(".lock"))
    ]
    if locks:
        return "met", [Evidence(item, "dependencies locked", sorted(locks)[0])]
    requirement_files = [
        p
        for p, n in names.items()
        if n.endswith(".txt")
        and (
            n.startswith(("requirements", "constraints"))
            or PurePosixPath(p).parent.name == "requirements"
        )
    ]
    if requirement_files:
        evidence, n_pinned = [], 0
        for path in sorted(requirement_files):
            for number, spec in _requirement_lines(project.texts[path]):
                if _is_pinned(spec):
                    n_pinned += 1
                else:
                    evidence.append(
                        Evidence(
                            item,
                            f"{spec!r} is not pinned to one version",
                            path,
                            number,
                            "unpinned_dependency",
                            "pin with ==",
                        )
                    )
        if evidence:
            return "missing", evidence
        if n_pinned:
            return "met", [
                Evidence(
                    item, f"{n_pinned} requirements pinned with ==", sorted(requirement_files)[0]
                )
            ]
        return "missing", [Evidence(item, "requirements files list nothing")]
    declared = [
        p
        for p, n in names.items()
        if n in {"pyproject.toml", "setup.py", "setup.cfg", "pipfile", "environment.yml"}
    ]
    if declared:
        return "missing", [
            Evidence(item, "dependencies declared without a lock file", sorted(declared)[0])
        ]
    return "missing", [Evidence(item, "no dependency file (requirements.txt, pyproject.toml, ...)")]


def _requirement_lines(text: str) -> list[tuple[int, str]]:
    """``(line, requirement)`` for each requirement in a requirements file."""
    found = []
    for number, raw in enumerate(text.splitlines(), start=1):
        spec = raw.split(" #", 1)[0].split("\t#", 1)[0].strip().rstrip("\\").strip()
        if not spec or spec.startswith(("#", "-")):
            continue
        found.append((number, spec))
    return found


def _is_pinned(spec: str) -> bool:
    requirement = spec.split(";", 1)[0]
    if "==" in requirement:
        return "*" not in requirement.split("==", 1)[1]
    return bool(re.search(r"@\s*\S+@[0-9a-f]{7,40}\b", requirement))  # VCS url at a commit


@_check("versioned_artifacts")
def _versioned_artifacts(project: _Project, item: str) -> Result:
    pattern = (
        r"\bmodel[_-]?version\b|\bmlflow\.(register_model|\w+\.log_model|log_model)\b|"
        r"\bmodel[_ -]registry\b|\bregistered_model\b|\bmodel_card\b"
    )
    hits = _grep(pattern, {**project.code, **project.config})
    if hits:
        return "met", _first(item, "models carry a version", hits)
    artifacts = [p for p in project.files.binaries if p.lower().endswith(_MODEL_SUFFIXES)]
    loads = _grep(
        r"\b(pickle|joblib|skops\.io|onnxruntime|torch)\.(load|InferenceSession)\b|"
        r"\bload_model\(",
        project.code,
    )
    if artifacts:
        return "missing", [Evidence(item, "model file without a version or metadata", artifacts[0])]
    if loads:
        return "missing", _first(item, "model loaded without any version", loads)
    return "cannot tell", [Evidence(item, "no model artifacts or model loading found")]


CHECKS["staged_rollout"] = _present(
    r"\b(canary|staging|blue[-_ ]?green|traffic[-_ ]split|progressive[-_ ]delivery|"
    r"argo[-_ ]?rollouts?)\b",
    lambda p: p.config,
    "staged rollout configured",
    "no staging or canary step found in CI or deployment files",
)
CHECKS["rollback"] = _present(
    r"\b(roll[-_ ]?back|rollout\s+undo|previous[-_ ]version)\b",
    lambda p: {**p.config, **p.docs},
    "rollback described",
    "no rollback job, command or runbook found",
)


@_check("unit_tests")
def _unit_tests(project: _Project, item: str) -> Result:
    hits = _grep(
        r"^\s*(async\s+)?def\s+test_\w*|^\s*class\s+Test\w*|unittest\.TestCase",
        project.tests,
        flags=0,
    )
    if hits:
        files = len({path for path, _ in hits})
        return "met", [Evidence(item, f"{len(hits)} tests in {files} file(s)", *hits[0])]
    return "missing", [Evidence(item, "no test files with test functions found")]


CHECKS["data_validation"] = _present(
    r"\b(pandera|great_expectations|DataFrameSchema|jsonschema|tensorflow_data_validation|tfdv|"
    r"deepchecks|validate_batch|infer_schema|validate_schema|check_schema)\b",
    lambda p: {**p.py, **p.config},
    "data checked against a schema",
    "no schema or data validation library found",
)
CHECKS["quality_gate"] = _present(
    r"assert\b.*\b(mae|rmse|mse|mape|auc|roc_auc|accuracy|f1|r2|precision|recall|log_?loss)\w*"
    r".*[<>]|\b(quality[_ -]gate|min_(auc|accuracy|f1|r2|precision|recall)|"
    r"max_(mae|rmse|mape)|mae_ratio)\b",
    lambda p: {**p.tests, **p.ci, **p.code},
    "a metric threshold blocks the release",
    "no test or pipeline step asserts a model metric threshold",
)
CHECKS["api_contract_tests"] = _present(
    r"\bTestClient\b|\bAsyncClient\b|\bhttpx\.|\brequests\.(get|post)\b|\.test_client\(|"
    r"\bclient\.(get|post|put|delete)\(",
    lambda p: p.tests,
    "tests call the API",
    "the service has no tests that call it",
    unless_service=True,
)


@_check("load_tests")
def _load_tests(project: _Project, item: str) -> Result:
    if not project.service:
        return "cannot tell", [Evidence(item, "no web service found in the project")]
    named = sorted(
        p
        for p in project.texts
        if re.search(r"locust|load[_-]?test|bench", PurePosixPath(p).name, re.I)
    )
    if named:
        return "met", [Evidence(item, "load test found", named[0])]
    hits = _grep(r"\b(locust|k6|vegeta|wrk|artillery|load[_ -]?test)\b|HttpUser", project.texts)
    if hits:
        return "met", _first(item, "load test found", hits)
    return "missing", [Evidence(item, "no load test (locust, k6, benchmark script) found")]


CHECKS["behavioural_tests"] = _present(
    r"monoton|invarian|directional|behaviou?r|minimum[_ ]functionality|perturb|counterfactual",
    lambda p: p.tests,
    "behavioural tests of the model",
    "no invariance, directional or minimum-functionality tests found",
)


@_check("secrets_management")
def _secrets(project: _Project, item: str) -> Result:
    if project.secret_hits:
        return "missing", [
            Evidence(item, f"{h.message} ({h.rule})", h.file, h.line, h.kind, h.rule)
            for h in project.secret_hits
        ]
    n = len(project.texts)
    if not n:
        return "cannot tell", [Evidence(item, "no text files to scan")]
    return "met", [Evidence(item, f"detect-secrets found no secrets in {n} text files")]


@_check("authentication")
def _authentication(project: _Project, item: str) -> Result:
    if not project.service:
        return "cannot tell", [Evidence(item, "no web service found in the project")]
    hits = _grep(
        r"\b(HTTPBearer|OAuth2PasswordBearer|OAuth2AuthorizationCodeBearer|APIKeyHeader|"
        r"APIKeyQuery|HTTPBasic|compare_digest|verify_token|require_token|check_token|"
        r"login_required|jwt)\b",
        project.code,
    )
    if hits:
        return "met", _first(item, "requests are authenticated", hits)
    path, line = project.app_line()
    return "missing", [
        Evidence(
            item,
            "the service checks no token, key or login",
            path,
            line,
            "no_auth",
            "authentication",
        )
    ]


@_check("input_validation")
def _input_validation(project: _Project, item: str) -> Result:
    if not project.service:
        return "cannot tell", [Evidence(item, "no web service found in the project")]
    raw = _grep(
        r"\brequest\.(get_json|json|form|args|values|data)\b|"
        r"await\s+request\.(json|body|form)\(",
        project.code,
        flags=0,
    )
    if raw:
        return "missing", [
            Evidence(
                item,
                "request data used without a schema",
                path,
                line,
                "no_validation",
                "raw request access",
            )
            for path, line in raw
        ]
    schema = _grep(
        r"class\s+\w+\(\s*(BaseModel|Schema|pa\.DataFrameModel)\s*\)|model_validate|"
        r"jsonschema\.validate|marshmallow",
        project.code,
        flags=0,
    )
    if schema:
        return "met", _first(item, "requests validated by a schema", schema)
    return "missing", [Evidence(item, "the service declares no request schema")]


@_check("dependency_scanning")
def _dependency_scanning(project: _Project, item: str) -> Result:
    configured = sorted(
        p
        for p in project.texts
        if PurePosixPath(p).name
        in {"dependabot.yml", "dependabot.yaml", "renovate.json", ".renovaterc"}
    )
    if configured:
        return "met", [Evidence(item, "dependency update bot configured", configured[0])]
    hits = _grep(
        r"pip-audit|pip_audit|safety\s+(check|scan)|dependabot|renovate|snyk|trivy|"
        r"grype|osv-scanner",
        project.config,
    )
    if hits:
        return "met", _first(item, "dependencies scanned", hits)
    return "missing", [
        Evidence(item, "no dependency scanner (pip-audit, Dependabot, Trivy, ...) configured")
    ]


@_check("least_privilege")
def _least_privilege(project: _Project, item: str) -> Result:
    if not project.dockerfiles:
        return "cannot tell", [Evidence(item, "no Dockerfile: the runtime user is unknown")]
    evidence = []
    for path in sorted(project.dockerfiles):
        lines = project.dockerfiles[path].splitlines()
        last_from, last_user, user = None, None, None
        for number, line in enumerate(lines, start=1):
            if re.match(r"^\s*FROM\s", line, re.I):
                last_from, last_user, user = number, None, None
            match = re.match(r"^\s*USER\s+(\S+)", line, re.I)
            if match:
                last_user, user = number, match.group(1)
        if last_from is None:
            continue
        if user is None:
            evidence.append(
                Evidence(
                    item,
                    "no USER after the last FROM: runs as root",
                    path,
                    last_from,
                    "root_container",
                    "non-root user",
                )
            )
        elif user.split(":", 1)[0] in {"root", "0"}:
            evidence.append(
                Evidence(
                    item,
                    "USER root: runs as root",
                    path,
                    last_user,
                    "root_container",
                    "non-root user",
                )
            )
    if evidence:
        return "missing", evidence
    return "met", [Evidence(item, "runs as a non-root user", sorted(project.dockerfiles)[0])]


@_check("encryption")
def _encryption(project: _Project, item: str) -> Result:
    bad = [h for h in project.code_hits if h.kind == "no_tls_verify"]
    if bad:
        return "missing", [Evidence(item, h.message, h.file, h.line, h.kind, h.rule) for h in bad]
    hits = _grep(
        r"\btls:|ssl[_-]?certfile|ssl[_-]?keyfile|--certfile|cert-manager|"
        r"sslmode=(require|verify)|server_side_encryption|ServerSideEncryption|kms_key|"
        r"storage_encrypted|encrypted:\s*true|HTTPSRedirectMiddleware",
        {**project.config, **project.code},
    )
    if hits:
        return "met", _first(item, "TLS or encryption at rest configured", hits)
    return "cannot tell", [
        Evidence(
            item, "no TLS or encryption settings in the repository; they may live in the platform"
        )
    ]


@_check("personal_data")
def _personal_data(project: _Project, item: str) -> Result:
    hits = _grep(
        r"personal data|\bPII\b|\bGDPR\b|\bprivacy\b|data protection|anonymi[sz]|"
        r"pseudonymi[sz]",
        project.docs,
    )
    if hits:
        return "met", _first(item, "personal data documented", hits)
    return "cannot tell", [Evidence(item, "no privacy note, datasheet or model card found")]


@_check("safe_deserialization")
def _safe_deserialization(project: _Project, item: str) -> Result:
    evidence = [
        Evidence(item, h.message, h.file, h.line, h.kind, h.rule)
        for h in project.code_hits
        if h.kind == "unsafe_load"
    ]
    for path in project.files.binaries:
        if path.lower().endswith(_PICKLE_SUFFIXES):
            evidence.append(
                Evidence(
                    item,
                    "pickled model file: loading it runs code",
                    path,
                    None,
                    "pickle_artifact",
                    "pickle file",
                )
            )
    if evidence:
        return "missing", evidence
    if not project.py:
        return "cannot tell", [Evidence(item, "no Python files to scan")]
    return "met", [Evidence(item, "no pickle, joblib, marshal or unsafe yaml loading found")]


@_check("risky_code")
def _risky_code(project: _Project, item: str) -> Result:
    evidence = [
        Evidence(item, h.message, h.file, h.line, h.kind, h.rule)
        for h in project.code_hits
        if h.kind in {"shell", "eval", "debug"}
    ]
    if evidence:
        return "missing", evidence
    if not project.py:
        return "cannot tell", [Evidence(item, "no Python files to scan")]
    return "met", [
        Evidence(
            item, f"bandit found no shell, eval or debug issues in {len(project.py)} Python files"
        )
    ]


@_check("health_check")
def _health_check(project: _Project, item: str) -> Result:
    hits = _grep(
        r"[\"']/(health|healthz|ready|readyz|live|livez|ping)[\"']|^\s*HEALTHCHECK\b|"
        r"livenessProbe|readinessProbe",
        {**project.code, **project.config},
    )
    if hits:
        return "met", _first(item, "health check found", hits)
    if project.service:
        return "missing", [Evidence(item, "the service has no health route or probe")]
    return "cannot tell", [Evidence(item, "no web service found in the project")]


@_check("serving_metrics")
def _serving_metrics(project: _Project, item: str) -> Result:
    hits = _grep(
        r"prometheus_client|prometheus_fastapi_instrumentator|starlette_exporter|"
        r"opentelemetry|statsd|datadog|[\"']/metrics[\"']",
        {**project.code, **project.config},
    )
    if hits:
        return "met", _first(item, "serving metrics exported", hits)
    if project.service:
        return "missing", [Evidence(item, "no latency, error or traffic metrics exported")]
    return "cannot tell", [Evidence(item, "no web service found in the project")]


CHECKS["drift_monitoring"] = _present(
    r"\b(evidently|nannyml|alibi_detect|whylogs|population stability|psi|ks_2samp|"
    r"wasserstein_distance|jensenshannon|drift)\b",
    lambda p: {**p.code, **p.config},
    "drift is monitored",
    "no drift statistics or monitoring library found",
)


@_check("prediction_logging")
def _prediction_logging(project: _Project, item: str) -> Result:
    if not project.service:
        return "cannot tell", [Evidence(item, "no web service found in the project")]
    hits = _grep(r"logging\.getLogger|\bstructlog\b|\bloguru\b", project.code, flags=0)
    if hits:
        return "met", _first(item, "the service logs with a logger", hits)
    return "missing", [Evidence(item, "the service logs nothing (or only prints)")]


CHECKS["alerting"] = _present(
    r"^\s*-?\s*alert:|alertmanager|pagerduty|opsgenie|\bon-?call\b",
    lambda p: {**p.config, **p.docs, **p.code},
    "alerts configured",
    "no alert rules or on-call owner found",
)


@_check("model_staleness")
def _model_staleness(project: _Project, item: str) -> Result:
    # Dependency bots have a `schedule:` too; it says nothing about retraining.
    files = {
        p: t
        for p, t in {**project.config, **project.code}.items()
        if not PurePosixPath(p).name.startswith("dependabot.")
    }
    hits = _grep(
        r"^\s*schedule:|\bcron\b|\bairflow\b|\bprefect\b|\bdagster\b|model[_ ]age|\bstaleness\b|"
        r"\bretrain\w*\s+(schedule|every|weekly|daily|nightly|monthly)|"
        r"\b(scheduled|weekly|daily|nightly|monthly)\s+retrain",
        files,
    )
    if hits:
        return "met", _first(item, "retraining scheduled or model age watched", hits)
    return "missing", [Evidence(item, "no retraining schedule or model-age check found")]


# --------------------------------------------------------------------------- entry point


def audit_project(
    path: str | os.PathLike,
    *,
    checklist: Checklist | None = None,
    max_files: int = MAX_FILES,
    max_file_bytes: int = MAX_FILE_BYTES,
    max_total_bytes: int = MAX_TOTAL_BYTES,
) -> ProjectAudit:
    """Check a project folder against the deployment checklist.

    Parameters
    ----------
    path : str or path-like
        The project's root folder.
    checklist : Checklist, optional
        Defaults to :func:`load_checklist`.
    max_files, max_file_bytes, max_total_bytes : int
        Budgets for huge trees: files beyond them are reported in ``skipped``, not read.

    Returns
    -------
    ProjectAudit

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.
    NotADirectoryError
        If ``path`` is a file.
    PermissionError
        If the folder cannot be read.

    Examples
    --------
    >>> from interviewlab.deploy import sample_projects_dir
    >>> audit = audit_project(sample_projects_dir() / "half_ready")
    >>> audit.stoplight, audit.readiness.weakest, audit.readiness.fix_first
    ('red', 'security', 'secrets_management')
    >>> for finding in audit.findings[:3]:
    ...     print(finding.kind, finding.where)
    root_container Dockerfile:1
    unpinned_base Dockerfile:1
    secret Dockerfile:9
    """
    from interviewlab._validation import check_positive_int

    checklist = checklist if checklist is not None else load_checklist()
    check_positive_int("max_files", max_files)
    check_positive_int("max_file_bytes", max_file_bytes)
    check_positive_int("max_total_bytes", max_total_bytes)
    files = read_project(
        path, max_files=max_files, max_file_bytes=max_file_bytes, max_total_bytes=max_total_bytes
    )
    project = _Project(files)
    root = files.root
    project.secret_hits = scan_secrets(root, files.texts)
    project.code_hits, unparsed = scan_code(root, files.texts)
    skipped = list(files.skipped) + [Skip(p, reason) for p, reason in unparsed]
    results = []
    for item in checklist.items:
        if item.check is None:
            evidence = (Evidence(item.id, f"check by hand: {item.evidence}"),)
            results.append(ItemResult(item, "cannot tell", evidence))
            continue
        status, evidence = CHECKS[item.check](project, item.id)
        results.append(ItemResult(item, status, tuple(evidence)))
    readiness = readiness_score({r.id: r.status for r in results}, checklist)
    return ProjectAudit(str(path), tuple(results), readiness, tuple(skipped), len(files.texts))
