"""The vocabulary of the question bank: topics, levels and the notebook exercises.

Kept free of heavy imports so that the command line can list choices without loading the bank.
"""

from __future__ import annotations

TOPICS = (
    "notebook_to_production",
    "model_drift",
    "data_quality",
    "production_deployment",
)
"""The four topics of the course, in course order."""

TOPIC_TITLES = {
    "notebook_to_production": "From notebook to production",
    "model_drift": "Model drift across a fleet",
    "data_quality": "Unseen categories and data-quality incidents",
    "production_deployment": "Production deployment",
}

LEVELS = ("junior", "mid", "senior")
"""Seniority levels, from the least to the most experienced candidate."""

# The assignment that practises each topic. The master lives in
# autograder/source/<assignment>/<notebook>; learners open notebooks/<assignment>/<notebook>.
ASSIGNMENTS = {
    "notebook_to_production": "01_notebook_to_production",
    "model_drift": "02_model_drift",
    "data_quality": "03_unseen_categories",
    "production_deployment": "04_production_deployment",
}


def notebook_path(assignment: str) -> str:
    """The learner-facing path of an assignment's notebook, e.g. ``notebooks/02_model_drift/...``.

    Examples
    --------
    >>> notebook_path("02_model_drift")
    'notebooks/02_model_drift/model_drift.ipynb'
    """
    name = assignment.split("_", 1)[1]
    return f"notebooks/{assignment}/{name}.ipynb"


# The exercises a question can point to: assignment -> anchor -> what the exercise does.
# An anchor is the nbgrader grade_id (= cell id) of the exercise's solution cell, or of the
# task cell for a written answer, in the assignment's master notebook; a link is
# "<notebook_path>#<anchor>".
EXERCISES = {
    "01_notebook_to_production": {
        "hidden-state": "Audit a messy notebook: hidden state and out-of-order execution",
        "train-churn-model": "Refactor the notebook's training into a pure, seeded function",
        "package-model": "Package the model with complete metadata and catch tampering",
        "render-specs": "Render deployment specs for 300 models from one template",
        "written-why-not-notebooks": "Written answer: why not deploy from a notebook",
    },
    "02_model_drift": {
        "psi": "Exercise 1: PSI from scratch",
        "window-metrics": "Exercise 2: performance over a window, with late labels",
        "assign-tiers": "Exercise 3: assign the stoplight tiers",
        "choose-threshold": "Exercise 4: choose a threshold on a validation fleet",
        "seasonal-evidence": "Exercise 5: why seasonal models must not be retrained",
        "written-drift-vs-incident": "Written answer: drift, incidents and automation",
    },
    "03_unseen_categories": {
        "detector": "Exercise 1: the detector, unseen values and rows",
        "diagnose": "Exercise 2: incident or drift?",
        "bandaid": "Exercise 3: the bandaid that loses nothing",
        "retrain": "Exercise 4: retrain behind a gate",
        "release": "Exercise 5: release the held rows",
        "written-encoder-policy": 'Written answer: "just make it crash"',
    },
    "04_production_deployment": {
        "service-tests": "Write tests that catch broken prediction services",
        "security-review": "Security review of a sample project",
        "design-pipeline": "Design a CI/CD pipeline as data",
        "readiness": "Compute two projects' readiness and say what to fix first",
        "written-ship-friday": "Written answer: what to consider before deploying",
    },
}

# The bank question whose rubric grades each assignment's written answer (its mark scheme).
WRITTEN_ANSWERS = {
    "01_notebook_to_production": "nb-deploy-from-notebook",
    "02_model_drift": "drift-explain-and-automate",
    "03_unseen_categories": "dq-make-it-crash",
    "04_production_deployment": "deploy-beyond-building",
}

SCORE_SCALE = (
    (0, "No answer, or a red flag that stands after a follow-up."),
    (1, "Partial: a few key points; gaps that a follow-up could not close."),
    (2, "Solid: most key points; handles at least one follow-up."),
    (3, "Strong: the key points unprompted, follow-ups answered with trade-offs."),
)
"""The interviewer's 0-3 scale, printed on every score sheet."""
