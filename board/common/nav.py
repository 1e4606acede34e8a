"""The service navigation: create_app lists the entries, each saying who sees it."""

from collections.abc import Callable

from flask import Flask, current_app

# (endpoint, label, who may see it: ``fn(user) -> bool``, a rule from board.permissions)
NavEntry = tuple[str, str, Callable[[object], bool]]


def init_app(app: Flask, entries: list[NavEntry]) -> None:
    """Set the app's navigation, in the order it is shown."""
    app.extensions["board.nav"] = list(entries)


def nav_items(user) -> list[tuple[str, str, bool]]:
    return [(endpoint, label, bool(allowed(user))) for endpoint, label, allowed in current_app.extensions["board.nav"]]
