"""Feedback that never shows hidden tests, not even inside a traceback."""

from __future__ import annotations

from nbgrader.preprocessors import NbGraderPreprocessor
from nbgrader.utils import is_grade, is_solution

from interviewlab.course._cells import has_region


class ScrubHiddenTracebacks(NbGraderPreprocessor):
    """Replace the traceback of a failing test cell that holds hidden tests by its last line.

    A traceback quotes the source lines around the failing assertion, so a failed hidden
    test would show its own code (seeds and expected values) to the learner. Runs before
    nbgrader's ``ClearHiddenTests`` (which only removes the region from the cell's source).
    """

    def preprocess_cell(self, cell, resources, index):
        if (
            cell.cell_type == "code"
            and is_grade(cell)
            and not is_solution(cell)
            and has_region(cell.source, "HIDDEN TESTS")
        ):
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    output["traceback"] = [
                        f"{output.get('ename', 'Error')}: {output.get('evalue', '')}",
                        "(the rest of the traceback is hidden: this cell holds hidden tests)",
                    ]
        return cell, resources
