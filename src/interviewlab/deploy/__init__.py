"""Topic 4: deploying a model, as a real-time API or a batch job.

- The **deployment checklist** as data (:func:`load_checklist`): automation, testing, security
  and monitoring items, each with why it matters, the evidence that shows it, a severity and
  its place in Google's ML Test Score and the OWASP Machine Learning Security Top 10.
- :func:`audit_project` checks a project folder against it (secrets with detect-secrets, risky
  code with bandit, CI, tests, pinning, Dockerfile, validation, monitoring) and scores its
  readiness: the weakest section decides (:func:`readiness_score`).
- A **reference prediction service** (:func:`make_service`, FastAPI) serving a small
  ice-cream sales model, its broken variants (:data:`BROKEN_VARIANTS`) and a harness that runs
  a learner's tests against them (:func:`run_service_tests`, :func:`grade_service_tests`);
  an idempotent **batch job** (:func:`run_batch_job`).
- **CI/CD pipelines as data**: :func:`validate_pipeline` and :func:`simulate_pipeline`.
- Sample projects (:func:`load_sample_projects`) and a generator (:func:`make_project`).

Importing this package is cheap; FastAPI, scikit-learn, detect-secrets and bandit are imported
by the functions that need them.
"""

from interviewlab.deploy._audit import (
    FINDING_KINDS,
    Evidence,
    ItemResult,
    ProjectAudit,
    audit_project,
)
from interviewlab.deploy._batch import BatchReport, check_batch_row, run_batch_job, score_new_rows
from interviewlab.deploy._checklist import (
    SECTIONS,
    SEVERITY_WEIGHTS,
    STATUSES,
    Checklist,
    ChecklistError,
    ChecklistItem,
    checklist_schema,
    load_checklist,
    validate_checklist_data,
)
from interviewlab.deploy._files import Skip
from interviewlab.deploy._grading import (
    FIXTURES,
    ServiceTestGrade,
    ServiceTestRun,
    TestOutcome,
    grade_service_tests,
    run_service_tests,
    service_client,
)
from interviewlab.deploy._model import FLAVORS, SalesModel, default_model, make_sales_model
from interviewlab.deploy._pipeline import (
    PIPELINE_STAGES,
    STAGE_METRICS,
    PipelineRun,
    pipeline_schema,
    simulate_pipeline,
    validate_pipeline,
)
from interviewlab.deploy._projects import (
    SAMPLE_PROJECTS,
    SECURITY_KINDS,
    SampleProject,
    SyntheticProject,
    load_sample_projects,
    make_project,
    sample_projects_dir,
)
from interviewlab.deploy._readiness import Readiness, readiness_score
from interviewlab.deploy._service import (
    API_VERSION,
    BROKEN_VARIANTS,
    DEMO_TOKEN,
    MAX_BATCH_ROWS,
    MAX_BODY_BYTES,
    MAX_ROWS,
    example_row,
    make_service,
)

__all__ = [
    "API_VERSION",
    "BROKEN_VARIANTS",
    "DEMO_TOKEN",
    "FINDING_KINDS",
    "FIXTURES",
    "FLAVORS",
    "MAX_BATCH_ROWS",
    "MAX_BODY_BYTES",
    "MAX_ROWS",
    "PIPELINE_STAGES",
    "SAMPLE_PROJECTS",
    "SECTIONS",
    "SECURITY_KINDS",
    "SEVERITY_WEIGHTS",
    "STAGE_METRICS",
    "STATUSES",
    "BatchReport",
    "Checklist",
    "ChecklistError",
    "ChecklistItem",
    "Evidence",
    "ItemResult",
    "PipelineRun",
    "ProjectAudit",
    "Readiness",
    "SalesModel",
    "SampleProject",
    "ServiceTestGrade",
    "ServiceTestRun",
    "Skip",
    "SyntheticProject",
    "TestOutcome",
    "audit_project",
    "check_batch_row",
    "checklist_schema",
    "default_model",
    "example_row",
    "grade_service_tests",
    "load_checklist",
    "load_sample_projects",
    "make_project",
    "make_sales_model",
    "make_service",
    "pipeline_schema",
    "readiness_score",
    "run_batch_job",
    "run_service_tests",
    "sample_projects_dir",
    "score_new_rows",
    "service_client",
    "simulate_pipeline",
    "validate_checklist_data",
    "validate_pipeline",
]
