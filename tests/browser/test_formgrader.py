"""nbgrader's formgrader in Chromium, after a class was graded the way `interviewlab demo` does:
it lists the course's assignments and every learner with the scores the engine gave."""

from __future__ import annotations

import csv

import pytest

from interviewlab.course import _cells, find_course
from interviewlab.course._demo import simulate_class
from interviewlab.course._grade import grade_submissions
from tests.browser._lab import REPO, SCREENSHOTS, LabServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Two quick assignments keep this short; the demo grades all five the same way.
GRADED = ["00_warmup", "04_production_deployment"]
LEARNERS = 4  # three solutions (one zipped) and a blank: see interviewlab.course._demo


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    """A class simulated from the released notebooks and graded by the engine."""
    root = tmp_path_factory.mktemp("formgrader")
    course = find_course(REPO)
    submissions = simulate_class(
        course, REPO, root / "submissions", learners=LEARNERS, assignments=GRADED
    )
    report = grade_submissions(
        submissions, course, work_dir=root / "work", out_dir=root / "reports", progress=False
    )
    assert not report.failed, report.summary()
    return root, course, report


@pytest.fixture(scope="module")
def formgrader(graded_class):
    """JupyterLab on the course, with an nbgrader_config.py that points at the graded class."""
    root, course, _ = graded_class
    config = root / "instructor"
    config.mkdir()
    work = root / "work"
    (config / "nbgrader_config.py").write_text(
        "c = get_config()  # noqa: F821\n"
        f"load_subconfig({str(course.config_file)!r})  # noqa: F821\n"
        f"c.CourseDirectory.submitted_directory = {str(work / 'submitted')!r}\n"
        f"c.CourseDirectory.autograded_directory = {str(work / 'autograded')!r}\n"
        f"c.CourseDirectory.feedback_directory = {str(work / 'feedback')!r}\n"
        f"c.CourseDirectory.db_url = {'sqlite:///' + str(work / 'gradebook.db')!r}\n",
        encoding="utf-8",
    )
    # formgrader needs the course inside the server's root, and reads the configuration
    # from the folder the server runs in.
    lab = LabServer.start(course.root, state=root / "state", cwd=config)
    yield lab
    lab.stop()


def _table(page, lab: LabServer, path: str, shot: str) -> list[dict[str, str]]:
    """The rows of the data table on a formgrader page, keyed by the column headers."""
    page.goto(lab.page_url(path))
    page.wait_for_function(
        "() => document.querySelector('table tbody tr td')"
        " && !document.body.innerText.includes('Loading, please wait')",
        timeout=30_000,
    )
    page.screenshot(path=str(SCREENSHOTS / "formgrader" / f"{shot}.png"), full_page=True)
    headers = [h.inner_text().strip() for h in page.locator("table thead th").all()]
    rows = []
    for row in page.locator("table tbody tr").all():
        cells = [cell.inner_text().strip() for cell in row.locator("td").all()]
        if len(cells) == len(headers):
            rows.append(dict(zip(headers, cells, strict=True)))
    return rows


def _score(value: float) -> str:
    return f"{value:g}"


def test_formgrader_lists_assignments_and_learners_with_scores(graded_class, formgrader, page):
    """Formgrader shows every assignment (graded ones with their submissions), every learner
    with the overall score the engine gave, and each graded notebook's scores."""
    _, course, report = graded_class
    (SCREENSHOTS / "formgrader").mkdir(parents=True, exist_ok=True)
    records = [r for r in report.records if r.status == "graded"]
    learners = sorted({r.learner for r in records})
    assert len(learners) == LEARNERS

    assignments = _table(page, formgrader, "/formgrader/manage_assignments", "assignments")
    assert [row["Name"] for row in assignments] == course.assignments()
    submissions = {row["Name"]: row["# Submissions"] for row in assignments}
    assert submissions == {
        name: str(LEARNERS if name in GRADED else 0) for name in course.assignments()
    }

    students = _table(page, formgrader, "/formgrader/manage_students", "students")
    shown = {row["Student ID"]: row["Overall Score"] for row in students}
    expected = {}
    for learner in learners:
        own = [r for r in records if r.learner == learner]
        total = sum(r.max_score + r.manual_max_score for r in own)
        expected[learner] = f"{_score(sum(r.score for r in own))} / {_score(total)}"
    assert shown == expected
    assert len(set(shown.values())) > 1  # solutions and a blank: the scores differ

    with open(report.grades_csv, newline="", encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["status"] == "graded"]
    for assignment in GRADED:
        (notebook,) = [p.stem for p in course.notebooks(assignment)]
        table = _table(page, formgrader, f"/formgrader/gradebook/{assignment}/{notebook}", notebook)
        code_scores = sorted(row["Code Score"] for row in table)
        assert code_scores == sorted(
            f"{row['score']} / {row['max_score']}"
            for row in rows
            if row["assignment"] == assignment
        )


def test_written_answer_is_graded_by_hand_in_formgrader(graded_class, formgrader, page):
    """A grader opens a learner's warm-up in formgrader, sees the written answer's rubric
    (which learners never see), scores it, and the learner's overall score counts it.

    Runs after the listing test above, which expects no manual scores yet."""
    _, course, report = graded_class
    nb = _cells.read(course.notebooks("00_warmup")[0])
    task = next(cell for cell in nb.cells if _cells.is_task(cell))
    rubric = task.source.split("### BEGIN MARK SCHEME")[1].split("### END MARK SCHEME")[0]
    first_point = rubric.strip().splitlines()[0].lstrip("- ").split(",")[0]
    learner = "ben"
    (submission,) = [
        row
        for row in formgrader.api("GET", "/formgrader/api/submitted_notebooks/00_warmup/warmup")
        .raise_for_status()
        .json()
        if row["student"] == learner
    ]

    page_errors = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    page.goto(formgrader.page_url("/formgrader/manage_assignments"))  # logs in (a cookie)
    page.goto(f"{formgrader.url}/formgrader/submissions/{submission['id']}")
    score = page.locator(f'input.score[id="{_cells.grade_id(task)}"]')
    score.wait_for()
    assert page.get_by_text(first_point).count() > 0  # the grader sees the rubric
    score.fill("2")
    with page.expect_response(lambda r: "/formgrader/api/grade/" in r.url) as saved:
        score.press("Tab")  # leaving the field saves the score
    assert saved.value.ok and saved.value.request.method == "PUT"
    # nbgrader's grading page loads MathJax from a CDN: offline, maths is not typeset and
    # its script fails, but nothing else may.
    assert [e for e in page_errors if "MathJax" not in e] == []
    page.screenshot(path=str(SCREENSHOTS / "formgrader" / "written_answer.png"), full_page=True)

    own = [r for r in report.records if r.learner == learner and r.status == "graded"]
    total = sum(r.max_score + r.manual_max_score for r in own)
    students = _table(page, formgrader, "/formgrader/manage_students", "students_after")
    shown = {row["Student ID"]: row["Overall Score"] for row in students}
    assert shown[learner] == f"{_score(sum(r.score for r in own) + 2)} / {_score(total)}"
