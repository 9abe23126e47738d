"""Vetting submissions before any learner code runs: every problem becomes a message."""

from __future__ import annotations

import zipfile

import nbformat
import pytest

from interviewlab.course._submissions import collect_submissions
from tests.conftest import make_toy_course, toy_notebook


@pytest.fixture
def course(tmp_path):
    return make_toy_course(tmp_path / "course")


def _write(folder, name="toy.ipynb", data=None):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if data is None:
        nbformat.write(toy_notebook(), path)
    else:
        path.write_bytes(data)
    return path


def _vet(course, root, tmp_path):
    return {
        (s.learner, s.assignment): s
        for s in collect_submissions(root, course, unpack_dir=tmp_path / "u")
    }


def test_good_submission_is_gradable(course, tmp_path):
    """A notebook at <learner>/<assignment>/<name>.ipynb is gradable as is."""
    _write(tmp_path / "subs" / "ana" / "toy")
    sub = _vet(course, tmp_path / "subs", tmp_path)[("ana", "toy")]
    assert sub.gradable and list(sub.notebooks) == ["toy.ipynb"] and not sub.notes


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "the file is empty"),
        (b'{"cells": [', "not valid JSON"),
        (b"[1, 2, 3]", "valid JSON but not a notebook"),
        (b'{"cells": [], "nbformat": 3, "metadata": {}}', "nbformat 3 is not supported"),
        (
            b'{"cells": [{"cell_type": "bogus"}], "nbformat": 4, "nbformat_minor": 5, '
            b'"metadata": {}}',
            "not a valid notebook",
        ),
    ],
)
def test_broken_notebooks_are_explained(course, tmp_path, data, problem):
    """Empty, truncated, non-notebook, old-format and invalid files each get a clear reason."""
    _write(tmp_path / "subs" / "bo" / "toy", data=data)
    sub = _vet(course, tmp_path / "subs", tmp_path)[("bo", "toy")]
    assert not sub.gradable
    assert any(problem in p for p in sub.problems), sub.problems


def test_unknown_assignment_and_empty_learner(course, tmp_path):
    """An unknown assignment names the known ones; a learner with no folders is reported."""
    _write(tmp_path / "subs" / "cy" / "99_nope")
    (tmp_path / "subs" / "di").mkdir(parents=True)
    found = _vet(course, tmp_path / "subs", tmp_path)
    assert found[("cy", "99_nope")].problems == ["unknown assignment '99_nope' (known: toy)"]
    assert "no assignment folder" in found[("di", "?")].problems[0]


def test_single_notebook_under_another_name_is_graded_with_a_note(course, tmp_path):
    """One expected notebook handed in under another name is graded, and the learner told."""
    _write(tmp_path / "subs" / "ed" / "toy", name="toy (1).ipynb")
    sub = _vet(course, tmp_path / "subs", tmp_path)[("ed", "toy")]
    assert sub.gradable and sub.notes == ["graded 'toy (1).ipynb' as 'toy.ipynb'"]


def test_missing_notebook_is_reported(course, tmp_path):
    """An assignment folder without any notebook says which one is missing."""
    (tmp_path / "subs" / "fa" / "toy").mkdir(parents=True)
    sub = _vet(course, tmp_path / "subs", tmp_path)[("fa", "toy")]
    assert sub.problems == ["missing notebook 'toy.ipynb'"]


def test_zip_with_or_without_learner_folder(course, tmp_path):
    """Zips holding <assignment>/... or <learner>/<assignment>/... are both unpacked."""
    nb = _write(tmp_path / "src", data=None)
    subs = tmp_path / "subs"
    subs.mkdir()
    with zipfile.ZipFile(subs / "gia.zip", "w") as zf:
        zf.write(nb, "toy/toy.ipynb")
    with zipfile.ZipFile(subs / "hal.zip", "w") as zf:
        zf.write(nb, "hal/toy/toy.ipynb")
    found = _vet(course, subs, tmp_path)
    assert found[("gia", "toy")].gradable and found[("hal", "toy")].gradable


def test_unsafe_and_corrupt_zips_are_refused(course, tmp_path):
    """A zip escaping its folder, or not a zip at all, is refused with the reason."""
    subs = tmp_path / "subs"
    subs.mkdir()
    with zipfile.ZipFile(subs / "ivy.zip", "w") as zf:
        zf.writestr("../../evil.py", "print('escaped')")
    (subs / "jon.zip").write_bytes(b"PK\x03\x04 definitely not a zip")
    found = _vet(course, subs, tmp_path)
    assert "unsafe path '../../evil.py'" in found[("ivy", "?")].problems[0]
    assert "not a readable zip file" in found[("jon", "?")].problems[0]
    assert not (tmp_path / "evil.py").exists()


def test_odd_entries_and_names_are_reported(course, tmp_path):
    """A stray file and a learner id with odd characters are reported, not graded."""
    subs = tmp_path / "subs"
    _write(subs / "bad name!" / "toy")
    (subs / "notes.txt").write_text("hello")
    found = _vet(course, subs, tmp_path)
    assert found[("bad name!", "?")].problems == ["learner id 'bad name!' is not a plain name"]
    assert "not a folder or a .zip file" in found[("notes.txt", "?")].problems[0]


def test_missing_submissions_folder_raises(course, tmp_path):
    """A submissions folder that does not exist is an error naming it."""
    with pytest.raises(FileNotFoundError, match=r"submissions folder .* does not exist"):
        collect_submissions(tmp_path / "nope", course, unpack_dir=tmp_path / "u")
