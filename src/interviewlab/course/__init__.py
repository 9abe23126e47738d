"""The course machinery: release, self-check, grading, reports (nbgrader underneath).

nbgrader and nbclient are imported only when a function that needs them runs.
"""

from interviewlab.course._layout import Course, find_course

__all__ = [
    "Course",
    "check_course",
    "find_course",
    "grade_submissions",
    "release",
    "run_demo",
]


def release(course, **kwargs):
    """Regenerate ``notebooks/`` and ``solutions/``; see :func:`._release.release`."""
    from interviewlab.course._release import release as _release

    return _release(course, **kwargs)


def check_course(course, **kwargs):
    """Run the course's self-check; see :func:`._check.check_course`."""
    from interviewlab.course._check import check_course as _check

    return _check(course, **kwargs)


def grade_submissions(submissions, course, **kwargs):
    """Autograde a class; see :func:`._grade.grade_submissions`."""
    from interviewlab.course._grade import grade_submissions as _grade

    return _grade(submissions, course, **kwargs)


def run_demo(course, out_dir, **kwargs):
    """Release, grade a simulated class, plot; see :func:`._demo.run_demo`."""
    from interviewlab.course._demo import run_demo as _demo

    return _demo(course, out_dir, **kwargs)
