"""audit_project: bad input, skips, each heuristic on tiny projects, generated projects."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from interviewlab.deploy import SECURITY_KINDS, _files, audit_project, make_project


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
    return root


def findings(audit, kind=None):
    return [(f.kind, f.file, f.line) for f in audit.findings if kind is None or f.kind == kind]


# --------------------------------------------------------------------------- bad input


def test_missing_path_file_and_wrong_type(tmp_path):
    """A missing path, a file and a non-path argument raise errors that name the argument."""
    with pytest.raises(FileNotFoundError, match="does not exist"):
        audit_project(tmp_path / "nope")
    (tmp_path / "f.py").write_text("x = 1\n")
    with pytest.raises(NotADirectoryError, match="is a file, not a project folder"):
        audit_project(tmp_path / "f.py")
    with pytest.raises(TypeError, match="path must be"):
        audit_project(42)
    with pytest.raises(ValueError, match="max_files"):
        audit_project(tmp_path, max_files=0)


def test_empty_folder_is_all_missing_or_unknown(tmp_path):
    """An empty folder audits without error: nothing is met, the stoplight is red."""
    audit = audit_project(tmp_path)
    assert set(audit.statuses.values()) == {"missing", "cannot tell"}
    assert audit.statuses["secrets_management"] == "cannot tell"
    assert audit.stoplight == "red" and audit.n_files == 0


def test_unreadable_binary_and_odd_files_are_skipped_not_fatal(tmp_path, monkeypatch):
    """Binary, non-UTF-8, oversized, unreadable and linked files are reported as skips."""
    write(
        tmp_path,
        {
            "app.py": "print('hello')\n",
            "blob.dat": b"\x00\x01\x02binary",
            "latin.txt": "caf\xe9".encode("latin-1"),
            "big.py": "x = 1\n" * 2000,
            "model.joblib": b"not read at all",
            "locked.py": "import os\n",
            ".git/config": "[core]\n",
            ".venv/lib/site.py": "import pickle\npickle.loads(b'')\n",
        },
    )
    os.symlink(tmp_path / "app.py", tmp_path / "link.py")
    os.symlink(tmp_path / ".git", tmp_path / "linked_dir")
    real_open = open

    def fake_open(path, *args, **kwargs):
        if str(path).endswith("locked.py"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(_files, "open", fake_open, raising=False)
    audit = audit_project(tmp_path, max_file_bytes=5000)
    reasons = {s.path: s.reason for s in audit.skipped}
    assert reasons["blob.dat"] == "binary file (not read)"
    assert reasons["latin.txt"] == "not UTF-8 text (not read)"
    assert reasons["big.py"].startswith("larger than 5000 bytes")
    assert reasons["model.joblib"] == "binary file (not read)"
    assert reasons["locked.py"] == "unreadable: Permission denied"
    assert reasons["link.py"] == reasons["linked_dir"] == "symbolic link (not followed)"
    assert reasons[".git"] == reasons[".venv"] == "ignored folder"
    assert audit.n_files == 1
    assert findings(audit, "unsafe_load") == []  # .venv was not read
    assert findings(audit, "pickle_artifact") == [("pickle_artifact", "model.joblib", None)]


def test_unreadable_folder_is_reported(tmp_path, monkeypatch):
    """A folder os.walk cannot list becomes a skip instead of an exception."""
    write(tmp_path, {"ok.py": "x = 1\n", "secret/inner.py": "y = 2\n"})
    real_walk = os.walk

    def walk(top, onerror=None, **kwargs):
        for folder, dirs, files in real_walk(top, onerror=onerror, **kwargs):
            if "secret" in dirs:
                dirs.remove("secret")
                onerror(PermissionError(13, "Permission denied", str(Path(folder) / "secret")))
            yield folder, dirs, files

    monkeypatch.setattr(_files.os, "walk", walk)
    audit = audit_project(tmp_path)
    assert ("secret", "unreadable folder: Permission denied") in [
        (s.path, s.reason) for s in audit.skipped
    ]


def test_huge_trees_stop_reading_at_the_file_limit(tmp_path):
    """Beyond max_files the rest is counted and reported in one skip."""
    write(tmp_path, {f"pkg/m{i:02d}.py": f"x = {i}\n" for i in range(20)})
    audit = audit_project(tmp_path, max_files=5)
    assert audit.n_files == 5
    assert audit.skipped[-1].reason == "file limit of 5 reached: 15 more files not read"
    budget = audit_project(tmp_path, max_total_bytes=30)
    assert budget.n_files < 20
    assert any("budget" in s.reason for s in budget.skipped)


def test_syntax_errors_are_skipped_by_bandit(tmp_path):
    """A Python file bandit cannot parse is listed as skipped; the audit goes on."""
    write(tmp_path, {"broken.py": "import pickle\ndef f(:\n    pickle.loads(x)\n"})
    audit = audit_project(tmp_path)
    assert any(
        s.path == "broken.py" and "bandit could not parse" in s.reason for s in audit.skipped
    )


# --------------------------------------------------------------------------- heuristics


@pytest.mark.parametrize(
    ("base", "pinned"),
    [
        ("python:3.11.9-slim", True),
        ("python:3.11-slim", True),
        ("python@sha256:" + "a" * 64, True),
        ("ghcr.io/org/img:2.4.1", True),
        ("python", False),
        ("python:latest", False),
        ("python:3", False),
        ("python:slim", False),
        ("registry:5000/python", False),
    ],
)
def test_base_image_pinning(tmp_path, base, pinned):
    """FROM is pinned with a major.minor tag or a digest; bare, latest or broad tags are not."""
    write(tmp_path, {"Dockerfile": f"FROM {base}\nUSER app\n"})
    audit = audit_project(tmp_path)
    assert (audit.statuses["container_image"] == "met") is pinned
    assert findings(audit, "unpinned_base") == (
        [] if pinned else [("unpinned_base", "Dockerfile", 1)]
    )


@pytest.mark.parametrize(
    ("dockerfile", "problem_line"),
    [
        ("FROM python:3.11.9-slim\nUSER app\nCMD x\n", None),
        ("FROM python:3.11.9-slim\nCMD x\n", 1),
        ("FROM python:3.11.9-slim\nUSER root\nCMD x\n", 2),
        ("FROM python:3.11.9-slim\nUSER app\nUSER 0:0\n", 3),
        ("FROM python:3.11.9 AS build\nUSER app\nFROM python:3.11.9-slim\nCMD x\n", 3),
        ("FROM python:3.11.9 AS build\nFROM build\nUSER 10001\n", None),
    ],
)
def test_root_containers(tmp_path, dockerfile, problem_line):
    """The final stage must switch to a non-root USER; the finding points at the culprit."""
    write(tmp_path, {"Dockerfile": dockerfile})
    audit = audit_project(tmp_path)
    expected = [] if problem_line is None else [("root_container", "Dockerfile", problem_line)]
    assert findings(audit, "root_container") == expected
    assert audit.statuses["least_privilege"] == ("met" if problem_line is None else "missing")
    assert audit.statuses["container_image"] == "met"  # multi-stage names are not images


def test_requirement_pinning(tmp_path):
    """== pins (and VCS commits) pass; ranges, bare names and wildcards are findings."""
    write(
        tmp_path,
        {
            "requirements.txt": "# comment\nnumpy==2.1.0\npandas>=2\n-r base.txt\nflask\n"
            "scipy==1.*\ntorch==2.4.0 ; python_version>'3.9'\n"
            "lib @ git+https://github.com/o/lib@0123456789abcdef\n"
        },
    )
    audit = audit_project(tmp_path)
    assert findings(audit, "unpinned_dependency") == [
        ("unpinned_dependency", "requirements.txt", 3),
        ("unpinned_dependency", "requirements.txt", 5),
        ("unpinned_dependency", "requirements.txt", 6),
    ]
    write(tmp_path, {"poetry.lock": "# lock\n"})
    assert audit_project(tmp_path).statuses["pinned_dependencies"] == "met"


def test_declared_but_unlocked_dependencies(tmp_path):
    """A pyproject.toml without a lock file is missing, without a located finding."""
    write(tmp_path, {"pyproject.toml": "[project]\nname='x'\ndependencies=['numpy>=1']\n"})
    audit = audit_project(tmp_path)
    result = audit.result("pinned_dependencies")
    assert result.status == "missing" and result.evidence[0].file == "pyproject.toml"
    assert findings(audit, "unpinned_dependency") == []


def test_ci_must_run_tests(tmp_path):
    """A CI file that only lints is missing; one that runs pytest is met, citing the line."""
    write(
        tmp_path,
        {".github/workflows/ci.yml": "on: push\njobs:\n  a:\n    steps:\n      - run: ruff .\n"},
    )
    assert audit_project(tmp_path).statuses["ci_pipeline"] == "missing"
    write(tmp_path, {".gitlab-ci.yml": "test:\n  script:\n    - python -m pytest -q\n"})
    result = audit_project(tmp_path).result("ci_pipeline")
    assert result.status == "met" and result.evidence[0].where == ".gitlab-ci.yml:3"


def test_secrets_in_code_config_and_dockerfile(tmp_path):
    """detect-secrets finds keys in code and config; our rule adds Dockerfile ENV values."""
    write(
        tmp_path,
        {
            "app.py": 'AWS_KEY = "AKIAQX7ZL4TKPLMN2345"  # FAKE\nname = "vanilla"\n',
            "settings.yaml": "db: postgresql://u:Vq8mLz2KpX@db.example.com/x  # FAKE\n",
            "Dockerfile": "FROM python:3.11.9\nENV DB_PASSWORD=hunter2-FAKE\nARG BUILD_TOKEN\n"
            "ENV API_KEY=$API_KEY\nUSER app\n",
            "k8s.yaml": "secretName: tls  # pragma: allowlist secret\n",
        },
    )
    audit = audit_project(tmp_path)
    assert findings(audit, "secret") == [
        ("secret", "Dockerfile", 2),
        ("secret", "app.py", 1),
        ("secret", "settings.yaml", 1),
    ]
    assert all("hunter2" not in f.message and "AKIA" not in f.message for f in audit.findings)


def test_risky_code_and_loading(tmp_path):
    """bandit's pickle, yaml, shell, eval and debug findings plus our joblib rule; nosec and
    safe variants are not findings."""
    write(
        tmp_path,
        {
            "a.py": "import pickle, yaml, subprocess, os\n"
            "def f(p, s):\n"
            "    pickle.loads(s)\n"
            "    yaml.safe_load(s)\n"
            "    yaml.load(s, Loader=yaml.FullLoader)\n"
            "    subprocess.run(['ls', p])\n"
            "    subprocess.run('ls ' + p, shell=True)\n"
            "    os.system('ls')  # nosec B605 - constant command\n"
            "    return eval(s)\n",
            "b.py": "from joblib import load\nimport joblib\n\n"
            "m = load('m.joblib')\nn = joblib.load('n')\n",
            "c.py": "from flask import Flask\napp = Flask(__name__)\napp.run(debug=True)\n",
        },
    )
    audit = audit_project(tmp_path)
    assert findings(audit) == [
        ("unsafe_load", "a.py", 3),
        ("unsafe_load", "a.py", 5),
        ("shell", "a.py", 7),
        ("eval", "a.py", 9),
        ("unsafe_load", "b.py", 4),
        ("unsafe_load", "b.py", 5),
        ("no_auth", "c.py", 2),
        ("debug", "c.py", 3),
    ]


def test_service_checks_only_apply_to_services(tmp_path):
    """Without a web app, authentication and validation cannot be told; with raw Flask JSON
    they are missing with located findings."""
    write(tmp_path, {"train.py": "import numpy\n"})
    statuses = audit_project(tmp_path).statuses
    assert statuses["authentication"] == statuses["input_validation"] == "cannot tell"
    write(
        tmp_path,
        {
            "serve.py": "from flask import Flask, request\n\napp = Flask(__name__)\n\n"
            "@app.route('/p', methods=['POST'])\ndef p():\n    return request.get_json()\n"
        },
    )
    audit = audit_project(tmp_path)
    assert findings(audit, "no_auth") == [("no_auth", "serve.py", 3)]
    assert findings(audit, "no_validation") == [("no_validation", "serve.py", 7)]
    assert audit.statuses["health_check"] == "missing"


def test_todo_lines_are_not_evidence(tmp_path):
    """A TODO that mentions rollback or a canary does not make the item met."""
    write(tmp_path, {"README.md": "TODO: add rollback\nFIXME canary someday\n"})
    statuses = audit_project(tmp_path).statuses
    assert statuses["rollback"] == statuses["staged_rollout"] == "missing"
    write(tmp_path, {"RUNBOOK.md": "Roll back with `helm rollback api`.\n"})
    assert audit_project(tmp_path).statuses["rollback"] == "met"


def test_reports(tmp_path):
    """to_dict is JSON with every item in order; render_text leads with the readiness."""
    write(tmp_path, {"app.py": "import pickle\npickle.load(open('m', 'rb'))\n"})
    audit = audit_project(tmp_path)
    data = json.loads(json.dumps(audit.to_dict()))
    assert [item["id"] for item in data["items"]] == list(audit.statuses)
    assert data["findings"][0] == {
        "item": "safe_deserialization",
        "file": "app.py",
        "line": 2,
        "kind": "unsafe_load",
        "rule": "bandit B301",
        "message": data["findings"][0]["message"],
    }
    text = audit.render_text()
    assert text.splitlines()[1].startswith("Readiness 0.00")
    assert "app.py:2" in text and "fix:" in text


# --------------------------------------------------------------------------- generated projects


@pytest.mark.parametrize("seed", [0, 7, 21, 2026])
def test_audit_finds_exactly_what_the_generator_planted(tmp_path, seed):
    """On generated projects the audit's security findings equal the planted problems."""
    project = make_project(5, n_problems=7, random_state=seed)
    project.write(tmp_path)
    audit = audit_project(tmp_path)
    got = {(f.kind, f.file, f.line) for f in audit.findings if f.kind in SECURITY_KINDS}
    assert got == set(project.planted)
