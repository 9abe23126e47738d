"""Reports of a grading run that people look at: the grade distribution plot."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from interviewlab.course._grade import GradeRecord


def plot_grade_distribution(records: Sequence[GradeRecord], path: Path) -> Path:
    """Save a histogram of autograded scores (percent of the maximum) per assignment.

    Failed submissions are counted in the title, not drawn as zeros: a broken file says
    nothing about what the learner knows.
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    graded = [r for r in records if r.status == "graded" and r.max_score]
    assignments = sorted({r.assignment for r in graded}) or ["(none graded)"]
    fig, axes = plt.subplots(
        len(assignments), 1, figsize=(7, 1.8 + 1.6 * len(assignments)), squeeze=False
    )
    bins = [i * 10 for i in range(11)]
    for ax, assignment in zip(axes[:, 0], assignments, strict=True):
        scores = [100 * r.score / r.max_score for r in graded if r.assignment == assignment]
        failed = sum(1 for r in records if r.assignment == assignment and r.status != "graded")
        ax.hist(scores, bins=bins, color="#4C72B0", edgecolor="white")
        ax.set_xlim(0, 100)
        ax.set_ylabel("learners")
        title = f"{assignment}: {len(scores)} graded"
        if failed:
            title += f", {failed} could not be graded"
        ax.set_title(title, fontsize=10, loc="left")
    axes[-1, 0].set_xlabel("autograded score (% of the maximum)")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
