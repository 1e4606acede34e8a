"""The one-line permission guard views use before they act."""

from flask import abort


def require(allowed: bool) -> None:
    """Refuse with 403 unless the permission check passed."""
    if not allowed:
        abort(403)
