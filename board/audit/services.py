"""Writing the audit trail: services call these; nothing here commits."""

from datetime import date, datetime

from board.audit.models import AuditEntry
from board.extensions import db


def _plain(value):
    """A JSON-safe, short form of a field value for the before/after record."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "id") and hasattr(value, "__tablename__"):
        return str(value)
    text = str(value)
    return text if len(text) <= 200 else text[:197] + "…"


def apply_changes(obj, values: dict) -> dict:
    """Set attributes on ``obj`` and return {field: [before, after]} for those that changed."""
    changes = {}
    for field, new in values.items():
        old = getattr(obj, field)
        if old != new:
            changes[field] = [_plain(old), _plain(new)]
            setattr(obj, field, new)
    return changes


def record(action: str, obj, *, actor, changes: dict | None = None, label: str | None = None):
    """Append one audit entry for ``obj`` (flushed so it has an id)."""
    db.session.flush()
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        action=action,
        record_type=obj.__tablename__,
        record_id=obj.id,
        record_label=(label or str(obj))[:300],
        changes=changes or {},
    )
    db.session.add(entry)
    return entry
