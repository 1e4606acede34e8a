"""URL helpers."""

from urllib.parse import urlsplit


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
