"""`interviewlab checklist ...` and `interviewlab serve`, run as a user would."""

from __future__ import annotations

import json
import socket
import subprocess
import sys

import yaml

from interviewlab.cli import main
from interviewlab.deploy import load_checklist, sample_projects_dir

PROJECTS = sample_projects_dir()


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "interviewlab.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_show_text_and_json(capsys):
    """`checklist show` prints every item; --format json is the checklist as JSON."""
    assert main(["checklist", "show"]) == 0
    text = capsys.readouterr().out
    assert all(item_id in text for item_id in load_checklist().ids)
    assert main(["checklist", "show", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [i["id"] for i in data["items"]] == list(load_checklist().ids)
    assert len(data["ml_test_score"]) == 28 and len(data["owasp_ml_top10"]) == 10


def test_audit_exit_codes_follow_the_stoplight():
    """Exit 0 for a green project, 1 for a red one; the text report names the findings."""
    green = run("checklist", "audit", str(PROJECTS / "production_ready"))
    assert green.returncode == 0, green.stderr
    assert "stoplight GREEN" in green.stdout
    red = run("checklist", "audit", str(PROJECTS / "half_ready"))
    assert red.returncode == 1
    assert "stoplight RED, fix first: secrets_management" in red.stdout
    assert "Dockerfile:9: hard-coded secret" in red.stdout
    assert "sk_live" not in red.stdout  # the secret itself is never printed


def test_audit_json(capsys):
    """--format json gives readiness, items and findings as data."""
    assert main(["checklist", "audit", str(PROJECTS / "notebook_dump"), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["readiness"]["stoplight"] == "red"
    assert data["readiness"]["fix_first"] == "secrets_management"
    kinds = {f["kind"] for f in data["findings"]}
    assert {"secret", "unsafe_load", "shell", "debug", "no_tls_verify"} <= kinds
    assert data["skipped"] == [{"path": "model.pkl", "reason": "binary file (not read)"}]


def test_audit_bad_paths(tmp_path, capsys):
    """A missing path, a file and a bad --max-files exit 2 with a message on stderr."""
    assert main(["checklist", "audit", str(tmp_path / "missing")]) == 2
    assert "does not exist" in capsys.readouterr().err
    (tmp_path / "f.txt").write_text("x")
    assert main(["checklist", "audit", str(tmp_path / "f.txt")]) == 2
    assert "is a file, not a project folder" in capsys.readouterr().err
    assert main(["checklist", "audit", str(tmp_path), "--max-files", "0"]) == 2
    assert "--max-files" in capsys.readouterr().err
    assert main(["checklist"]) == 2


def test_pipeline_command(tmp_path, capsys):
    """`checklist pipeline` reports problems (exit 1), bad files exit 2."""
    spec = {
        "service": "x",
        "stages": [{"name": "ship", "kind": "deploy_production", "on_failure": "rollback"}],
        "rollback": {"target": "latest", "automatic": True},
    }
    path = tmp_path / "pipeline.yaml"
    path.write_text(yaml.safe_dump(spec))
    assert main(["checklist", "pipeline", str(path)]) == 1
    out = capsys.readouterr().out
    assert "[unit_tests] no unit_tests stage" in out
    assert "[rollback] rollback target must be previous_version" in out
    assert main(["checklist", "pipeline", str(tmp_path / "none.yaml")]) == 2
    path.write_text("stages: [unclosed")
    assert main(["checklist", "pipeline", str(path)]) == 2
    assert "not YAML or JSON" in capsys.readouterr().err


def test_serve_refuses_bad_ports_and_busy_ports(capsys):
    """`serve` exits 2 for a port out of range or already taken, before starting uvicorn."""
    assert main(["serve", "--port", "70000"]) == 2
    assert "--port must be in 0..65535" in capsys.readouterr().err
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    assert f"cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err
    assert main(["serve", "--token", " "]) == 2
