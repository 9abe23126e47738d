"""JupyterLab in headless Chromium, driven the way a learner works.

:class:`LabServer` starts JupyterLab on a loopback port with a token, in a folder of the test's
own (nothing it saves reaches the repository). :func:`run_notebook` opens a notebook, runs its
cells one at a time with Shift+Enter (so an expected error in one exercise does not stop the
cells after it, as it would with *Run All*), saves it, and reports what the page showed: error
outputs, dialogs, and for every widget whether it rendered and whether it responded to one
interaction (a slider moved, a button pressed). The tests decide what is acceptable.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import nbformat

REPO = Path(__file__).resolve().parents[2]
# Where the screenshots of every run go (git-ignored).
SCREENSHOTS = REPO / ".browser" / "screenshots"
# Debian's Chromium; Playwright's own browser download is not used.
CHROMIUM = (
    os.environ.get("INTERVIEWLAB_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
)
# No GPU, no sandbox (CI runs as root), and none of Chromium's calls home: the machine has
# no network, and refused connections slow every start.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"

# JupyterLab settings for a quiet, deterministic page: every cell in the DOM (no windowing),
# no news or update checks, no autosave racing the explicit save.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
}


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LabServer:
    """A JupyterLab server on loopback, serving ``root``; stop it with :meth:`stop`."""

    root: Path
    url: str
    token: str
    process: subprocess.Popen
    log: Path

    @classmethod
    def start(
        cls, root: Path, *, state: Path, cwd: Path | None = None, timeout: float = 60
    ) -> LabServer:
        """Start JupyterLab on ``root``, keeping its settings and runtime files in ``state``.

        ``cwd`` is where the server runs: nbgrader's formgrader reads ``nbgrader_config.py``
        from there.
        """
        state.mkdir(parents=True, exist_ok=True)
        settings = state / "user-settings"
        for name, values in LAB_SETTINGS.items():
            path = settings / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values), encoding="utf-8")
        port, token = free_port(), secrets.token_hex(16)
        env = {
            **os.environ,
            "JUPYTER_CONFIG_DIR": str(state / "config"),
            "JUPYTER_RUNTIME_DIR": str(state / "runtime"),
            "JUPYTER_PLATFORM_DIRS": "1",
            "PYTHONUNBUFFERED": "1",
        }
        # The venv's scripts (nbgrader runs `alembic` by name) come first.
        env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
        log = state / "jupyterlab.log"
        command = [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
            "--ServerApp.allow_root=True",  # CI runs as root
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
            f"--LabApp.user_settings_dir={settings}",
            f"--LabApp.workspaces_dir={state / 'workspaces'}",
            "--LabApp.expose_app_in_browser=True",
            "--LabApp.news_url=None",
            "--LabApp.extension_manager=readonly",
        ]
        with log.open("wb") as out:
            process = subprocess.Popen(
                command,
                cwd=cwd or root,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        server = cls(root, f"http://127.0.0.1:{port}", token, process, log)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited at start:\n{log.read_text()[-3000:]}")
            try:
                if server.api("GET", "/api/status").status_code == 200:
                    return server
            except httpx.TransportError:
                time.sleep(0.2)
        server.stop()
        raise TimeoutError(f"JupyterLab did not answer in {timeout} s:\n{log.read_text()[-3000:]}")

    def api(self, method: str, path: str, **kwargs) -> httpx.Response:
        """Call the server's REST API with the token."""
        headers = {"Authorization": f"token {self.token}"}
        return httpx.request(method, self.url + path, headers=headers, timeout=30, **kwargs)

    def page_url(self, path: str) -> str:
        """The address of a page of this server, logging in with the token."""
        return f"{self.url}{path}{'&' if '?' in path else '?'}token={self.token}"

    def shutdown_kernels(self) -> None:
        """Stop every kernel the server runs (each notebook gets a fresh one)."""
        for session in self.api("GET", "/api/sessions").json():
            self.api("DELETE", f"/api/sessions/{session['id']}")

    def stop(self) -> None:
        """Stop the server and its kernels."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, 9)
                self.process.wait()


@dataclass
class WidgetCheck:
    """One widget output: did it render, and did one interaction change what it shows?"""

    cell: int
    rendered: bool
    interaction: str = ""
    responded: bool = False
    detail: str = ""


@dataclass
class NotebookRun:
    """What a notebook showed after running every cell in the browser."""

    path: str
    cells: int
    # (cell index, text of an error output or of a stderr stream)
    errors: list[tuple[int, str]] = field(default_factory=list)
    # other trouble: dialogs, a dead kernel, a cell that never finished
    problems: list[str] = field(default_factory=list)
    widgets: list[WidgetCheck] = field(default_factory=list)
    seconds: float = 0.0
    screenshot: Path | None = None

    def error_names(self) -> set[str]:
        """The exception names the error outputs show (``ValueError`` of ``ValueError: oops``)."""
        return {_last_line(text).split(":")[0] for _, text in self.errors}


# JavaScript run in the page. `jupyterapp` is exposed by --LabApp.expose_app_in_browser.
_PANEL = "window.jupyterapp && window.jupyterapp.shell.currentWidget"
_KERNEL_READY = f"""() => {{
    const panel = {_PANEL};
    if (!panel || !panel.sessionContext) return false;
    const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
    return !!kernel && kernel.status === 'idle' && panel.content.widgets.length > 0;
}}"""
_CELL_DONE = f"""([index, before]) => {{
    const panel = {_PANEL};
    const cell = panel.content.widgets[index];
    const kernel = panel.sessionContext.session.kernel;
    if (!kernel || window.kernelRestarts.length) return 'dead';
    const count = cell.model.executionCount;
    const prompt = cell.node.querySelector('.jp-InputPrompt');
    const busy = prompt && prompt.innerText.includes('*');
    return count !== null && count !== before && !busy && kernel.status === 'idle';
}}"""
# A kernel that dies is restarted by JupyterLab at once: record it when it happens.
_WATCH_KERNEL = f"""() => {{
    window.kernelRestarts = [];
    {_PANEL}.sessionContext.statusChanged.connect((_, status) => {{
        if (['autorestarting', 'restarting', 'dead'].includes(status)) {{
            window.kernelRestarts.push(status);
        }}
    }});
}}"""
_ACTIVE_INDEX = f"() => {_PANEL}.content.activeCellIndex"
_DIRTY = f"() => {_PANEL}.context.model.dirty"
_CELL_ERRORS = """() => Array.from(document.querySelectorAll('.jp-Notebook .jp-Cell')).flatMap(
    (cell, index) => Array.from(cell.querySelectorAll(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
    )).map((out) => [index, out.innerText]))"""
# What a widget shows, without its own controls: the text of its HTML and Output parts and
# the pictures in them. A response to an interaction must change this.
_WIDGET_SHOWS = """(root) => {
    const parts = Array.from(root.querySelectorAll('.widget-html-content, .widget-output'))
        .map((el) => el.innerText);
    const pictures = Array.from(root.querySelectorAll('img')).map((img) => img.src.length + ':' +
        img.src.slice(-200));
    return parts.join('\\n') + '\\n' + pictures.join('\\n');
}"""


def _cell(page, index: int):
    return page.locator(".jp-Notebook .jp-Cell").nth(index)


def run_notebook(
    page,
    lab: LabServer,
    relpath: str,
    *,
    screenshot: Path | None = None,
    cell_timeout: float = 120,
    widget_timeout: float = 20,
) -> NotebookRun:
    """Open ``relpath`` in JupyterLab, run every cell with Shift+Enter, check the widgets.

    Each cell is run only when the one before it has finished, as a learner stepping through
    the notebook would, so one cell's error does not abort the rest. The notebook is saved at
    the end; the saved file says which cells display widgets.
    """
    started = time.monotonic()
    source = nbformat.read(lab.root / relpath, as_version=4)
    run = NotebookRun(relpath, len(source.cells))
    page.goto(lab.page_url(f"/lab/tree/{relpath}?reset"))  # reset: no tabs restored
    page.wait_for_function(_KERNEL_READY, timeout=60_000)
    page.evaluate(_WATCH_KERNEL)
    cells = page.locator(".jp-Notebook .jp-Cell")
    if cells.count() != len(source.cells):
        run.problems.append(
            f"the page shows {cells.count()} cells, the file has {len(source.cells)}"
        )
        return run
    _cell(page, 0).locator(".jp-InputPrompt").click()
    page.keyboard.press("Escape")  # command mode: the keys below act on cells
    for index, cell in enumerate(source.cells):
        if page.evaluate(_ACTIVE_INDEX) != index:
            run.problems.append(
                f"cell {index}: the cursor is on cell {page.evaluate(_ACTIVE_INDEX)}"
            )
            break
        before = page.evaluate(f"() => {_PANEL}.content.widgets[{index}].model.executionCount")
        last = index == len(source.cells) - 1
        # Shift+Enter runs and moves on; on the last cell it would add a new one.
        page.keyboard.press("Control+Enter" if last else "Shift+Enter")
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        try:
            handle = page.wait_for_function(
                _CELL_DONE, arg=[index, before], timeout=cell_timeout * 1000
            )
        except Exception as exc:  # playwright's TimeoutError
            run.problems.append(f"cell {index} did not finish in {cell_timeout} s: {exc}")
            break
        if handle.json_value() == "dead":
            run.problems.append(f"cell {index}: the kernel died")
            break
    if page.locator(".jp-Dialog").count():
        run.problems.append("a dialog is open: " + page.locator(".jp-Dialog").first.inner_text())
    run.errors = [(index, text) for index, text in page.evaluate(_CELL_ERRORS)]
    page.keyboard.press("Control+s")
    page.wait_for_function(f"() => !({_DIRTY})()", timeout=30_000)
    saved = nbformat.read(lab.root / relpath, as_version=4)
    widget_cells = [
        index
        for index, cell in enumerate(saved.cells)
        for output in cell.get("outputs", [])
        if WIDGET_MIME in output.get("data", {})
    ]
    run.widgets = [check_widget(page, i, timeout=widget_timeout) for i in widget_cells]
    if screenshot is not None:
        run.screenshot = take_screenshot(page, screenshot)
    run.seconds = time.monotonic() - started
    return run


def check_widget(page, index: int, *, timeout: float = 20) -> WidgetCheck:
    """Check that cell ``index`` shows a widget, and that moving a slider or pressing a button
    changes what it displays within ``timeout`` seconds."""
    check = WidgetCheck(index, rendered=False)
    cell = _cell(page, index)
    views = cell.locator(".jp-OutputArea-output > .jupyter-widgets")
    box = views.first.bounding_box() if views.count() else None
    if box is None or box["height"] < 10:
        shown = cell.locator(".jp-OutputArea").inner_text()
        check.detail = f"the widget did not render; the cell shows {shown[:200]!r}"
        return check
    check.rendered = True
    root = views.first
    root.scroll_into_view_if_needed()
    shows = root.evaluate(_WIDGET_SHOWS)
    slider = root.locator(".widget-slider .noUi-handle")
    button = root.locator("button.jupyter-button:not([disabled])")
    if slider.count():
        handle = slider.first.bounding_box()
        x, y = handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x + 40, y, steps=5)
        page.mouse.up()
        check.interaction = "moved a slider"
    elif button.count():
        button.first.click()
        check.interaction = f"pressed {button.first.inner_text()!r}"
    else:
        check.detail = "nothing to interact with"
        return check
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if root.evaluate(_WIDGET_SHOWS) != shows:
            check.responded = True
            return check
        page.wait_for_timeout(100)
    check.detail = f"{check.interaction}, but nothing it shows changed in {timeout} s"
    return check


def take_screenshot(page, path: Path) -> Path:
    """Save the whole notebook as one picture: the viewport grows to the notebook's height."""
    path.parent.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    scroller = page.locator(".jp-Notebook .jp-WindowedPanel-outer").first
    height = scroller.evaluate("(el) => el.scrollHeight")
    # Chromium draws at most about 16k pixels in one picture; the page's chrome needs ~200.
    page.set_viewport_size({"width": size["width"], "height": min(16_000, int(height) + 200)})
    scroller.evaluate("(el) => { el.scrollTop = 0; }")
    page.wait_for_timeout(300)
    page.screenshot(path=str(path))
    page.set_viewport_size(size)
    return path


def _widget_factories() -> tuple[str, ...]:
    import interviewlab.widgets

    return tuple(interviewlab.widgets.__all__)


def expected_widgets(nb) -> list[int]:
    """The code cells that make a widget: a course factory (``mock_interview(...)``) or an
    ipywidgets constructor (``widgets.VBox(...)``)."""
    names = "|".join([*_widget_factories(), r"widgets\.\w+"])
    calls = re.compile(rf"^\s*(?:\w+\s*=\s*)?(?:{names})\(", re.M)
    return [
        index
        for index, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and calls.search(cell.source)
    ]


def graded_test_cells(nb) -> set[int]:
    """The autograded test cells of a notebook (nbgrader ``grade`` code cells)."""
    return {
        index
        for index, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade")
    }


def _last_line(text: str) -> str:
    """The line that says what went wrong: a traceback's last (``ValueError: oops``)."""
    lines = [line.strip() for line in text.splitlines() if line.strip(" -")]
    return lines[-1][:300] if lines else ""


def _widget_verdict(run: NotebookRun, nb) -> list[str]:
    found = [check.cell for check in run.widgets]
    wrong = []
    if found != expected_widgets(nb):
        wrong.append(f"widgets shown in cells {found}, expected in {expected_widgets(nb)}")
    for check in run.widgets:
        if not (check.rendered and check.responded):
            wrong.append(f"widget in cell {check.cell}: {check.detail}")
    return wrong


def learner_verdict(run: NotebookRun, nb) -> list[str]:
    """What is wrong with a learner notebook's run (nothing: an empty list).

    Expected: every autograded test cell shows ``NotImplementedError`` (its exercise is not
    answered yet) and no other cell shows an error or writes to stderr; every widget renders
    and responds.
    """
    wrong = list(run.problems)
    tests = graded_test_cells(nb)
    for index, text in run.errors:
        if index not in tests or "NotImplementedError" not in text:
            wrong.append(f"cell {index} shows an error: {_last_line(text)}")
    silent = sorted(tests - {index for index, _ in run.errors})
    if silent:
        wrong.append(f"unanswered exercises' test cells {silent} show no NotImplementedError")
    return wrong + _widget_verdict(run, nb)


def solution_verdict(run: NotebookRun, nb) -> list[str]:
    """What is wrong with a solution notebook's run: any error or stderr, a widget that fails."""
    wrong = list(run.problems)
    wrong += [f"cell {index} shows an error: {_last_line(text)}" for index, text in run.errors]
    return wrong + _widget_verdict(run, nb)
