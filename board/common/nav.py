"""The service navigation: create_app lists the entries, each saying who sees it and which
addresses belong to it, so each page highlights exactly one entry (or none)."""

from collections.abc import Callable

from flask import Flask, current_app

# (endpoint, label, who may see it: ``fn(user) -> bool``, a rule from board.permissions,
#  the path prefixes whose pages it stands for: "/" means the home page alone)
NavEntry = tuple[str, str, Callable[[object], bool], tuple[str, ...]]


def init_app(app: Flask, entries: list[NavEntry]) -> None:
    """Set the app's navigation, in the order it is shown."""
    app.extensions["board.nav"] = list(entries)


def nav_items(user) -> list[tuple[str, str, bool]]:
    return [(entry[0], entry[1], bool(entry[2](user))) for entry in current_app.extensions["board.nav"]]


def active_entry(path: str, entries=None) -> str | None:
    """The endpoint of the one entry a page belongs to: the longest path prefix that matches."""
    best, best_length = None, -1
    for entry in entries if entries is not None else current_app.extensions["board.nav"]:
        for prefix in entry[3]:
            matches = path == prefix or (prefix != "/" and path.startswith(prefix + "/"))
            if matches and len(prefix) > best_length:
                best, best_length = entry[0], len(prefix)
    return best
