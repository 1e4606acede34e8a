"""The service navigation: each entry says who sees it, using the permission rules."""

from board import permissions

# (endpoint, label, who may see it). Areas add their entries with add().
ITEMS: list[tuple[str, str, object]] = [
    ("common.home", "Home", lambda user: True),
    ("people.bodies", "Boards", lambda user: True),
    # People, organisations and the audit trail share one entry; the pages link to each other.
    ("people.users", "Admin", permissions.can_administer_people),
]


def add(endpoint: str, label: str, allowed, position: int | None = None) -> None:
    """Add a navigation entry (idempotent, so app factories may run more than once)."""
    if any(e == endpoint for e, _l, _a in ITEMS):
        return
    ITEMS.insert(len(ITEMS) if position is None else position, (endpoint, label, allowed))


def nav_items(user) -> list[tuple[str, str, bool]]:
    return [(endpoint, label, bool(allowed(user))) for endpoint, label, allowed in ITEMS]
