"""``interviewlab course release``: learner versions and solutions from the masters."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from interviewlab.course._layout import Course
from interviewlab.course._nbgrader import Nbgrader


def release(
    course: Course,
    *,
    assignments: Sequence[str] | None = None,
    release_dir: Path | None = None,
    solutions_dir: Path | None = None,
) -> list[str]:
    """Regenerate the learner versions and the solutions of the course's assignments.

    nbgrader generates everything into a scratch folder (its gradebook included), and only
    then does each assignment's folder replace the old one, so a failed run changes nothing
    and a repeated run writes identical bytes. Releasing every assignment also removes
    folders of assignments that no longer have a master.

    Parameters
    ----------
    course : Course
    assignments : sequence of str, optional
        Which assignments to release (default: all).
    release_dir, solutions_dir : Path, optional
        Targets (default: the course's ``notebooks/`` and ``solutions/``).

    Returns
    -------
    list of str
        The assignments released.
    """
    known = course.assignments()
    targets = list(known if assignments is None else assignments)
    for name in targets:
        course.notebooks(name)  # raises for an unknown assignment
    release_dir = Path(release_dir or course.release_dir)
    solutions_dir = Path(solutions_dir or course.solutions_dir)

    with tempfile.TemporaryDirectory(prefix="interviewlab-release-") as tmp:
        scratch = Path(tmp)
        nbg = Nbgrader(
            course,
            work_dir=scratch / "work",
            release_dir=scratch / "release",
            solutions_dir=scratch / "solutions",
        )
        for name in targets:
            nbg.generate_assignment(name)
            nbg.generate_solution(name)
        outputs = ((scratch / "release", release_dir), (scratch / "solutions", solutions_dir))
        for generated, target in outputs:
            target.mkdir(parents=True, exist_ok=True)
            for name in targets:
                _replace(generated / name, target / name)
            if assignments is None:
                for stale in target.iterdir():
                    if stale.is_dir() and stale.name not in known:
                        shutil.rmtree(stale)
    return targets


def _replace(source: Path, target: Path) -> None:
    staged = target.with_name(f".{target.name}.new")
    if staged.exists():
        shutil.rmtree(staged)
    shutil.copytree(source, staged)
    if target.exists():
        shutil.rmtree(target)
    staged.rename(target)
