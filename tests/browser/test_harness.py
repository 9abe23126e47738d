"""The browser checks themselves: they pass a good notebook and fail each kind of breakage.

A broken copy of a real learner notebook, and small notebooks with a dead slider, a dead
button, a widget that cannot render and a dying kernel, all run in JupyterLab; each must be
caught, with a reason that names the cell.
"""

from __future__ import annotations

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from tests.browser._lab import (
    REPO,
    LabServer,
    learner_verdict,
    run_notebook,
    solution_verdict,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WARMUP = "notebooks/00_warmup/warmup.ipynb"

LIVE_WIDGETS = """import ipywidgets as widgets

slider = widgets.IntSlider(value=3, min=0, max=10, description="n", continuous_update=False)
shown = widgets.HTML("n is 3")
slider.observe(lambda change: setattr(shown, "value", f"n is {change['new']}"), names="value")
widgets.VBox([slider, shown])"""

DEAD_SLIDER = """import ipywidgets as widgets

widgets.VBox([widgets.IntSlider(description="n", continuous_update=False), widgets.HTML("n")])"""

DEAD_BUTTON = """import ipywidgets as widgets

widgets.VBox([widgets.Button(description="Draw"), widgets.HTML("nothing drawn yet")])"""

NO_SUCH_MODEL = """from IPython.display import display

view = {"model_id": "0" * 32, "version_major": 2, "version_minor": 0}
display({"application/vnd.jupyter.widget-view+json": view, "text/plain": "a widget"}, raw=True)"""


def _notebook(*sources: str):
    nb = new_notebook(cells=[new_markdown_cell("# A notebook under test")])
    nb.cells += [new_code_cell(source) for source in sources]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return nb


def _broken_warmup():
    """The warm-up with a failing setup cell, and a stub that raises the wrong error."""
    nb = nbformat.read(REPO / WARMUP, as_version=4)
    nb.cells.insert(4, new_code_cell("def confusion_counts(*args):\n    raise ValueError('oops')"))
    nb.cells.insert(2, new_code_cell("raise KeyError('flavour')"))
    return nb


# name: (notebook, verdict, what the verdict must say: one reason per breakage)
CASES = {
    "live": (_notebook("print('ready')", LIVE_WIDGETS), solution_verdict, []),
    "broken": (
        _notebook(
            "x = 1",
            "1 / 0",
            "import sys\nprint('careful', file=sys.stderr)",
            DEAD_SLIDER,
            DEAD_BUTTON,
            NO_SUCH_MODEL,
        ),
        solution_verdict,
        [
            "cell 2 shows an error: ZeroDivisionError",
            "cell 3 shows an error: careful",
            "widget in cell 4: moved a slider, but nothing it shows changed",
            "widget in cell 5: pressed 'Draw', but nothing it shows changed",
            "widget in cell 6: the widget did not render",
            # the raw widget output of cell 6 comes from no widget constructor
            "widgets shown in cells [4, 5, 6], expected in [4, 5]",
        ],
    ),
    "dead-kernel": (
        _notebook("import os\nos._exit(1)", "z = 3"),
        solution_verdict,
        ["cell 1: the kernel died"],
    ),
    "learner-broken": (
        _broken_warmup(),
        learner_verdict,
        ["cell 2 shows an error: KeyError", "ValueError: oops"],
    ),
    "learner-untouched": (nbformat.read(REPO / WARMUP, as_version=4), learner_verdict, []),
}


@pytest.fixture(scope="module")
def verdicts(browser, tmp_path_factory):
    """Every notebook of CASES run once in JupyterLab: its run and its verdict."""
    root = tmp_path_factory.mktemp("harness")
    (root / "course").mkdir()
    for name, (nb, _, _) in CASES.items():
        nbformat.write(nb, root / "course" / f"{name}.ipynb")
    lab = LabServer.start(root / "course", state=root / "state")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    results = {}
    try:
        for name, (nb, verdict, _) in CASES.items():
            page = context.new_page()
            run = run_notebook(page, lab, f"{name}.ipynb", cell_timeout=15, widget_timeout=3)
            saved = nbformat.read(lab.root / f"{name}.ipynb", as_version=4)
            results[name] = (run, verdict(run, nb), saved)
            page.close()
            lab.shutdown_kernels()
    finally:
        context.close()
        lab.stop()
    return results


@pytest.mark.parametrize(
    ("name", "reason"),
    [(name, reason) for name, (_, _, reasons) in CASES.items() for reason in reasons],
)
def test_verdict_names_each_breakage(verdicts, name, reason):
    """Each breakage (an error, stderr, a dead slider or button, a widget that cannot render,
    a dying kernel, a learner cell failing with something else than NotImplementedError) is
    caught with a reason that names the cell."""
    _, wrong, _ = verdicts[name]
    assert any(reason in found for found in wrong), wrong


@pytest.mark.parametrize("name", ["broken", "learner-broken"])
def test_verdict_lists_nothing_else(verdicts, name):
    """A broken notebook's verdict lists its breakages and nothing spurious."""
    _, wrong, _ = verdicts[name]
    _, _, reasons = CASES[name]
    assert [found for found in wrong if not any(r in found for r in reasons)] == []


def test_live_widget_passes(verdicts):
    """A slider wired to what the widget shows passes: the check is not blind."""
    run, wrong, _ = verdicts["live"]
    assert wrong == []
    assert [(c.rendered, c.responded, c.interaction) for c in run.widgets] == [
        (True, True, "moved a slider")
    ]


def test_learner_error_does_not_stop_later_cells(verdicts):
    """Cells after an unanswered exercise still run (cell by cell, not Run All): the untouched
    warm-up passes, every test cell showing NotImplementedError, the last cell run."""
    run, wrong, saved = verdicts["learner-untouched"]
    assert wrong == []
    assert run.error_names() == {"NotImplementedError"}
    last_code = [c for c in saved.cells if c.cell_type == "code" and c.source.strip()][-1]
    assert last_code.execution_count is not None
