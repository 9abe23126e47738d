"""The package stays cheap to import, and its plotting and widget facades resolve lazily."""

from __future__ import annotations

import subprocess
import sys

import pytest


def _modules_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


@pytest.mark.parametrize(
    "statement",
    ["import interviewlab", "import interviewlab.plotting", "import interviewlab.widgets"],
)
def test_import_is_cheap(statement):
    """Importing the package or a facade loads no heavy library."""
    loaded = _modules_after(statement)
    heavy = {"sklearn", "matplotlib", "ipywidgets", "nbgrader", "pandas", "scipy"}
    assert not heavy & loaded, heavy & loaded


def test_facades_resolve_every_name():
    """Every name a facade lists resolves to a callable; unknown names raise AttributeError."""
    import interviewlab.plotting as plotting
    import interviewlab.widgets as widgets

    for module in (plotting, widgets):
        for name in module.__all__:
            assert callable(getattr(module, name)), name
        with pytest.raises(AttributeError, match="has no attribute 'nope'"):
            module.nope  # noqa: B018 -- the attribute access is the test
