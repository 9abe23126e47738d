"""The bundled sample projects and the project generator: audits match the labels."""

from __future__ import annotations

import re

import pytest

from interviewlab.deploy import (
    SAMPLE_PROJECTS,
    SECURITY_KINDS,
    audit_project,
    load_checklist,
    load_sample_projects,
    make_project,
    sample_projects_dir,
)

PROJECTS = load_sample_projects()


@pytest.fixture(scope="module")
def audits():
    return {name: audit_project(project.path) for name, project in PROJECTS.items()}


def test_three_projects_with_complete_labels():
    """Three projects, each labelled with a status for every checklist item."""
    assert list(PROJECTS) == list(SAMPLE_PROJECTS)
    ids = list(load_checklist().ids)
    for project in PROJECTS.values():
        assert project.path.is_dir()
        assert list(project.statuses) == ids
        assert project.description


@pytest.mark.parametrize("name", SAMPLE_PROJECTS)
def test_audit_matches_the_labels(audits, name):
    """Statuses, findings (item, kind, file, line), stoplight and fix-first equal the labels."""
    project, audit = PROJECTS[name], audits[name]
    assert audit.statuses == project.statuses
    got = tuple((f.item, f.kind, f.file, f.line) for f in audit.findings)
    assert sorted(got, key=str) == sorted(project.findings, key=str)
    assert audit.stoplight == project.stoplight
    assert audit.readiness.fix_first == project.fix_first


def test_projects_get_worse_to_better(audits):
    """Readiness rises from the notebook dump to the production-ready project."""
    scores = [audits[name].score for name in SAMPLE_PROJECTS]
    assert scores == sorted(scores) and scores[0] == 0.0 and scores[-1] == 1.0
    assert [audits[n].stoplight for n in SAMPLE_PROJECTS] == ["red", "red", "green"]


def test_every_planted_secret_is_marked_fake(audits):
    """Each line flagged as a secret says FAKE (in a comment or inside the fake value)."""
    for name, audit in audits.items():
        for finding in audit.findings:
            if finding.kind != "secret":
                continue
            text = (PROJECTS[name].path / finding.file).read_text()
            assert "FAKE" in text.splitlines()[finding.line - 1], (name, finding)


def test_security_findings_cover_each_kind_somewhere():
    """Between them the samples hold every kind a security review looks for except eval."""
    kinds = {k for p in PROJECTS.values() for k, _, _ in p.security_findings}
    assert kinds == set(SECURITY_KINDS) - {"eval"}


def test_no_real_looking_credentials_outside_the_labels():
    """The only AWS key ids in the samples are the labelled fake ones."""
    found = []
    for path in sample_projects_dir().rglob("*"):
        if path.is_file() and path.suffix in {".py", ".yaml", ".yml", ".md", ".txt", ""}:
            for number, line in enumerate(path.read_text(errors="ignore").splitlines(), 1):
                if re.search(r"AKIA[0-9A-Z]{16}", line):
                    found.append((path.name, number))
    assert found == [("sales_forecast.py", 21)]


# --------------------------------------------------------------------------- generator


def test_make_project_is_seeded():
    """Same seed, same files and truth; another seed, other files."""
    a, b = make_project(random_state=5), make_project(random_state=5)
    assert a == b
    assert make_project(random_state=6).files != a.files


@pytest.mark.parametrize("seed", range(6))
def test_planted_lines_hold_their_problem(seed):
    """Every planted (kind, file, line) points at a line showing that problem."""
    project = make_project(4, n_problems=8, random_state=seed)
    signs = {
        "secret": ("FAKE",),
        "unsafe_load": ("pickle.load", "yaml.load(", "joblib.load"),
        "shell": ("shell=True", "os.system", "os.popen"),
        "eval": ("eval(", "exec("),
        "debug": ("debug=True",),
        "root_container": ("FROM ",),
    }
    assert 1 <= len(project.planted) <= 8  # repeated root_container draws plant one
    for kind, file, line in project.planted:
        text = project.files[file].splitlines()[line - 1]
        assert any(sign in text for sign in signs[kind]), (kind, file, line, text)
    if ("root_container", "Dockerfile", 1) not in project.planted:
        assert "USER shop" in project.files["Dockerfile"]


def test_make_project_arguments():
    """Kinds are restricted as asked; bad arguments name themselves."""
    only = make_project(3, n_problems=6, kinds=("shell",), random_state=1)
    assert {k for k, _, _ in only.planted} == {"shell"} and len(only.planted) == 6
    assert make_project(2, n_problems=0, random_state=1).planted == ()
    with pytest.raises(ValueError, match="kinds must be drawn from"):
        make_project(kinds=("xss",))
    with pytest.raises(ValueError, match="n_modules"):
        make_project(0)
    with pytest.raises(ValueError, match="kinds must name"):
        make_project(kinds=())
