"""Written answers take their prompt and rubric from the question bank, and the mock
interview closes every topic notebook: ``interviewlab course rubrics`` writes both into the
masters, and the course's tests check that the masters agree with the bank.
"""

from __future__ import annotations

import nbformat

from interviewlab.course import _cells
from interviewlab.course._layout import Course

MOCK_INTERVIEW_ID = "mock-interview-widget"


def written_answer_source(question, points: float) -> str:
    """The task cell of a written answer: title, the bank's prompt, the bank's rubric."""
    from interviewlab.questions import mark_scheme

    return (
        f"## Written answer · {question.title} ({points:g} points, graded by a person)\n\n"
        "Answer as you would in the interview, in a few short paragraphs, in the cell below.\n\n"
        f"> {question.prompt}\n\n"
        f"{mark_scheme(question, points=int(points), markers=True)}"
    )


def mock_interview_source(topic: str) -> str:
    return f'from interviewlab.questions import mock_interview\n\nmock_interview(topic="{topic}")'


def expected_masters(course: Course) -> dict[str, tuple]:
    """For each topic assignment: (master path, task grade id, task source, widget source)."""
    from interviewlab.questions import ASSIGNMENTS, WRITTEN_ANSWERS, load_question_bank

    bank = load_question_bank()
    expected = {}
    for topic, assignment in ASSIGNMENTS.items():
        if assignment not in course.assignments():
            continue
        (master,) = course.notebooks(assignment)
        nb = _cells.read(master)
        tasks = [c for c in nb.cells if _cells.is_task(c)]
        if len(tasks) != 1:
            raise ValueError(f"{master.name} has {len(tasks)} task cells; expected one")
        question = bank.get(WRITTEN_ANSWERS[assignment])
        expected[assignment] = (
            master,
            _cells.grade_id(tasks[0]),
            written_answer_source(question, _cells.points(tasks[0])),
            mock_interview_source(topic),
        )
    return expected


def sync_masters(course: Course) -> list[str]:
    """Rewrite written-answer prompts and rubrics, and the mock-interview cell, from the bank.

    Returns
    -------
    list of str
        The assignments whose master changed.
    """
    changed = []
    for assignment, (master, task_id, task_source, widget_source) in expected_masters(
        course
    ).items():
        nb = _cells.read(master)
        before = nbformat.writes(nb)
        for cell in nb.cells:
            if _cells.grade_id(cell) == task_id:
                cell.source = task_source
        widgets = [c for c in nb.cells if _cells.grade_id(c) == MOCK_INTERVIEW_ID]
        if widgets:
            widgets[0].source = widget_source
        else:
            cell = nbformat.v4.new_code_cell(
                widget_source,
                metadata={
                    "nbgrader": {
                        "grade": False,
                        "solution": False,
                        "locked": True,
                        "schema_version": 3,
                        "grade_id": MOCK_INTERVIEW_ID,
                    }
                },
            )
            cell["id"] = MOCK_INTERVIEW_ID
            nb.cells.append(cell)
        if nbformat.writes(nb) != before:
            nbformat.write(nb, str(master))
            changed.append(assignment)
    return changed
