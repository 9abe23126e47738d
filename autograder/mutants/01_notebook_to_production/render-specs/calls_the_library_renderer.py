# Wrong: hands the work to interviewlab's own renderer (switched off while grading) instead of writing it.
from interviewlab.artifacts import render_deployments


def render_specs(template, table, out_dir):
    """Write <name>.yaml for every valid row; return the invalid names in table order."""
    return render_deployments(template, table, out_dir=out_dir).invalid
