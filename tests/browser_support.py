"""Browser journey fixtures: Debian's Chromium driven by Playwright against a real server.

Imported by tests/conftest.py so every area's journeys share one browser (Playwright's
sync API allows one running instance at a time).

One browser for the whole run; each journey gets a fresh copy of the demo database
and its own server on a free loopback port. On failure the page's screenshot and HTML
are kept in test-artifacts/ (see the README).
"""

import re
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from board import create_app
from tests.conftest import DEMO_PASSWORD, base_config

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"  # the repository root


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the run. Missing Chromium is a failure, never a skip."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Chromium is not installed: apt-get install -y chromium"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class LiveServer:
    def __init__(self, app):
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        app.config["BOARD_BASE_URL"] = self.url
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.thread.join(timeout=10)


@pytest.fixture
def live_server(database_url, tmp_path):
    """The app on a real threaded WSGI server with a fresh demo database."""
    app = create_app({**base_config(tmp_path, database_url), "TESTING": False})
    with LiveServer(app) as server:
        yield server
    with app.app_context():
        from board.extensions import db

        db.engine.dispose()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.rep_call = report


@pytest.fixture
def page(browser, live_server, request):
    """A fresh browser context; keeps a screenshot and the HTML when the journey fails."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        (ARTIFACTS / f"{name}.html").write_text(page.content())
    context.close()


@pytest.fixture
def sign_in(page):
    """sign_in(email): sign in through the form as a person does."""

    def _sign_in(email: str, password: str = DEMO_PASSWORD):
        page.goto("/sign-in")
        page.get_by_label("Email address").fill(email)
        page.get_by_label("Password", exact=True).fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(re.compile(r".*/$"))

    return _sign_in


@pytest.fixture
def axe_check(page):
    """Run axe-core on the current page: no serious or critical violations allowed."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    checked = []

    def _check(label: str = ""):
        results = axe.run(page)
        bad = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
        checked.append(page.url)
        assert not bad, f"{label or page.url}: " + "; ".join(
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in bad
        )

    _check.pages = checked
    return _check
