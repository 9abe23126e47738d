"""Written answers are graded with the question bank's rubric; every notebook ends with the
mock interview. The masters must agree with the bank (`interviewlab course rubrics` fixes them)."""

from __future__ import annotations

import pytest

from interviewlab.course import _cells
from interviewlab.course._rubrics import MOCK_INTERVIEW_ID, expected_masters, sync_masters


@pytest.fixture(scope="module")
def expected(real_course):
    return expected_masters(real_course)


def test_every_topic_has_a_written_answer_from_the_bank(expected):
    """All four topic notebooks have one task cell whose prompt and rubric come from the bank."""
    assert set(expected) == {
        "01_notebook_to_production",
        "02_model_drift",
        "03_unseen_categories",
        "04_production_deployment",
    }
    for assignment, (master, task_id, task_source, _) in expected.items():
        cells = {_cells.grade_id(c): c for c in _cells.read(master).cells}
        assert cells[task_id].source == task_source, f"{assignment}: run `course rubrics`"
        assert "### BEGIN MARK SCHEME" in task_source and "Key points:" in task_source


def test_every_topic_ends_with_the_mock_interview(expected):
    """The last cell of each topic notebook is the locked mock-interview widget."""
    for assignment, (master, _, _, widget_source) in expected.items():
        last = _cells.read(master).cells[-1]
        assert _cells.grade_id(last) == MOCK_INTERVIEW_ID, assignment
        assert last.source == widget_source and _cells.meta(last)["locked"]


def test_rubrics_never_reach_learners(real_course, expected):
    """The bank's rubric text is in the masters only, never in notebooks/ or solutions/."""
    for assignment, (master, _, task_source, _) in expected.items():
        rubric_line = next(
            line for line in task_source.splitlines() if line.startswith("Looking for:")
        )
        for folder in (real_course.release_dir, real_course.solutions_dir):
            text = (folder / assignment / master.name).read_text()
            assert rubric_line[:60] not in text, f"{folder.name}/{assignment} leaks the rubric"


def test_sync_is_idempotent(real_course):
    """Syncing masters that already agree with the bank changes nothing."""
    assert sync_masters(real_course) == []
