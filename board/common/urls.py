"""URL helpers."""

from collections.abc import Callable
from urllib.parse import urlsplit

from flask import current_app, g, request, url_for

_SAMPLE_ID = 2147483647


def safe_next(target: str | None, default: str) -> str:
    """Return ``target`` only when it is a path on this site; otherwise ``default``.

    Refuses absolute URLs, scheme-relative ``//host`` and backslash tricks, so a
    ``?next=`` parameter can never send someone to another site.
    """
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(c) < 32 for c in target):
        return default
    return target


def id_url(endpoint: str, key: str) -> Callable[[int], str]:
    """``url_for(endpoint, **{key: id})`` for the many rows of one page, the rule built once.

    A table of thirty actions asked Flask to build thirty links, each walking the URL map;
    this builds one (for a sample id), keeps it for the request, and puts each row's id in
    its place. Only for rules whose ``key`` is an ``int`` (the id is printed as one).
    """
    cache = g.setdefault("_id_urls", {})
    build = cache.get((endpoint, key))
    if build is None:
        prefix, found, suffix = url_for(endpoint, **{key: _SAMPLE_ID}).partition(str(_SAMPLE_ID))
        assert found, f"{endpoint}'s URL does not carry {key}"

        def build(value: int) -> str:
            return f"{prefix}{int(value)}{suffix}"

        cache[(endpoint, key)] = build
    return build


def fixed_url(endpoint: str, **values) -> str:
    """``url_for`` for the links every page repeats (the header, navigation, footer and the
    stylesheets): they depend only on the endpoint, its values and where the app is mounted,
    so each is built once per process rather than on every page."""
    key = (endpoint, request.script_root, tuple(sorted(values.items())))
    built = current_app.extensions.setdefault("board.fixed_urls", {})
    url = built.get(key)
    if url is None:
        url = built[key] = url_for(endpoint, **values)
    return url
