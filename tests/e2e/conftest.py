"""Real-browser tests: Playwright driving Debian's Chromium, never a downloaded browser.

Without Chromium the tests are skipped with a plain reason, except under CI
(CI=true), where a missing browser is a failure: CI must test what users get.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCREENSHOTS = Path(
    os.environ.get("SCREENSHOT_DIR", Path(__file__).resolve().parents[2] / "screenshots")
)

# Playwright's sync API runs an event loop in this thread; the test database is
# still used synchronously from here, which Django would otherwise refuse.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM}: install Debian's package 'chromium'."
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser, live_server):
    """Open a page in a browser context of its own: `open_page(viewport=…,
    device_scale_factor=…)` for a small screen or a zoomed one."""
    contexts = []
    # Nothing may come from the web at run time: fail any request that leaves the machine.
    outside = []

    def guard(route):
        url = route.request.url
        if url.startswith(live_server.url) or url.startswith("data:"):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    def open_(**options):
        # Reduced motion, as Bootstrap honours it: no colour is read half-way through
        # a button's hover transition.
        options.setdefault("reduced_motion", "reduce")
        context = browser.new_context(base_url=live_server.url, locale="nl-NL", **options)
        contexts.append(context)
        page = context.new_page()
        page.route("**/*", guard)
        return page

    yield open_
    for context in contexts:
        context.close()
    assert not outside, f"The page tried to load from outside: {outside}"


@pytest.fixture
def page(open_page):
    return open_page()


@pytest.fixture
def axe_violations():
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page):
        # A click returns once the next page has begun to arrive; until its stylesheets
        # are in, white footer text may stand on a white page and axe would say so.
        page.wait_for_load_state("load")
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
        return [
            f"{v['id']} ({v['impact']}): {v['help']} — "
            + ", ".join(node["target"][0] for node in v["nodes"][:5])
            for v in results.response["violations"]
        ]

    return check


@pytest.fixture
def screenshot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def pytest_terminal_summary(terminalreporter):
    if SCREENSHOTS.exists() and any(SCREENSHOTS.glob("*.png")):
        terminalreporter.write_line(f"Screenshots of the pages: {SCREENSHOTS}")
