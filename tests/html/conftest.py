"""The HTML check runs only when asked for: ``pytest -m html`` (scripts/check-html does).

It crawls every role's pages and starts a JVM for the Nu Html Checker, so the everyday
suite leaves it out (it shows as deselected) and CI runs it as its own step. Naming the
folder or file (``pytest tests/html``) also runs it.
"""

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SUMMARY = pytest.StashKey[str]()  # what the check covered, for the end of the run


def pytest_configure(config):
    config.addinivalue_line("markers", "html: validates crawled pages with the Nu Html Checker (vnu)")


def pytest_collection_modifyitems(config, items):
    if "html" in (config.getoption("markexpr") or ""):
        return
    named = [Path(arg.split("::")[0]).resolve() for arg in config.args]
    if any(path == HERE or HERE in path.parents for path in named):
        return
    chosen, left_out = [], []
    for item in items:
        (left_out if item.get_closest_marker("html") else chosen).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = chosen


def pytest_terminal_summary(terminalreporter, config):
    if SUMMARY in config.stash:
        terminalreporter.write_line(f"HTML check: {config.stash[SUMMARY]}")
