"""Fixtures of the browser tests: Debian's Chromium through Playwright, JupyterLab servers.

Everything is module-scoped: a module's tests share one browser and one server, and both are
gone before the next module runs.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.browser._lab import CHROMIUM, CHROMIUM_ARGS, REPO, LabServer


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium; fails (never skips) when it is missing: pass --skip-browser."""
    if not Path(CHROMIUM).is_file():
        pytest.fail(
            f"no Chromium at {CHROMIUM}: install Debian's package (apt-get install chromium, "
            "as .ci/run does), set INTERVIEWLAB_CHROMIUM, or skip these tests locally with "
            'make test PYTEST_ARGS="--skip-browser"'
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page (its own cookies and storage) in a 1280 × 900 window."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def course_lab(tmp_path_factory):
    """JupyterLab serving a copy of the released course (what it saves stays in the copy)."""
    root = tmp_path_factory.mktemp("lab")
    for folder in ("notebooks", "solutions"):
        shutil.copytree(REPO / folder, root / "course" / folder)
    lab = LabServer.start(root / "course", state=root / "state")
    yield lab
    lab.stop()
