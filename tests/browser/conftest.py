"""One demo site and one chromium for the whole browser suite; a fresh browser context per test,
with JavaScript on or off, that fails the test on console errors or requests leaving the machine."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.browser.chromium import PageProblems, launch
from tests.browser.demo_site import ADMIN_PASSWORD, ADMIN_USER, start_demo_site
from tests.server import ROOT

SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", ROOT / "screenshots"))


def pytest_terminal_summary(terminalreporter):
    if SCREENSHOTS.is_dir() and any(SCREENSHOTS.glob("*.png")):
        terminalreporter.write_line(f"Browser screenshots (360 and 768 px wide): {SCREENSHOTS}")


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory):
    site = start_demo_site(tmp_path_factory.mktemp("browser-site"))
    yield site
    site.stop()


@pytest.fixture(scope="session")
def chromium():
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def new_context(chromium, demo_site):
    """`new_context(js=False, **playwright_options)`: a browser context on the demo site.
    At the end of the test, anything that went wrong in any of its pages fails the test."""
    opened = []

    def make(js: bool = True, **options):
        context = chromium.new_context(base_url=demo_site.url, java_script_enabled=js, **options)
        context.set_default_timeout(10_000)
        problems = PageProblems()
        problems.watch(context)
        opened.append((context, problems))
        return context

    yield make
    found = []
    for context, problems in opened:
        found += problems.take()
        context.close()
    assert not found, "the browser saw problems:\n" + "\n".join(found)


@pytest.fixture(params=[True, False], ids=["js", "no-js"])
def js(request) -> bool:
    return request.param


@pytest.fixture
def page(new_context, js):
    return new_context(js=js).new_page()


@pytest.fixture
def admin_credentials() -> tuple[str, str]:
    return ADMIN_USER, ADMIN_PASSWORD


@pytest.fixture
def login():
    from tests.browser.login import log_in

    return log_in


@pytest.fixture(scope="session")
def admin_session(chromium, demo_site, tmp_path_factory) -> str:
    """Cookies of one admin login, for tests that look at admin pages rather than log in."""
    from tests.browser.login import log_in

    context = chromium.new_context(base_url=demo_site.url)
    log_in(context)
    path = tmp_path_factory.mktemp("admin-session") / "state.json"
    context.storage_state(path=path)
    context.close()
    return str(path)
