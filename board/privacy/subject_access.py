"""A subject access request: everything the database holds about one person, as JSON.

Rather than a list of tables that goes stale as areas are added, every table with a
column pointing at the person (``user.id``) is read, as are the audit entries about
them and the mail sent to their address. Secrets (password and token hashes) and file
contents are left out; files are listed by name and size.
"""

import json
from datetime import date, datetime

import sqlalchemy as sa

from board.audit.models import AuditEntry
from board.common.outbox import OutboxMessage
from board.common.timeutil import now_utc
from board.extensions import db
from board.people.models import User

SECRET_COLUMNS = {"password_hash", "token_hash", "calendar_token_hash", "raw", "data"}


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"<{len(value)} bytes, not included>"
    return value


def _row(table: sa.Table, row) -> dict:
    return {c.name: _plain(row._mapping[c]) for c in table.columns if c.name not in SECRET_COLUMNS}


def _person_columns() -> list[tuple[sa.Table, list[sa.Column]]]:
    """Every table with a column referring to a person, and those columns."""
    out = []
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if any(fk.column.table.name == "user" for fk in c.foreign_keys)]
        if columns and table.name != "user":
            out.append((table, columns))
    return out


def subject_access_data(user: User) -> dict:
    """Everything held about the person, by table, ready for ``json.dumps``."""
    user_table = User.__table__
    person = db.session.execute(sa.select(user_table).where(user_table.c.id == user.id)).one()
    records: dict[str, list[dict]] = {}
    for table, columns in _person_columns():
        selectable = [c for c in table.columns if c.name not in SECRET_COLUMNS]
        rows = db.session.execute(
            sa.select(*selectable).where(sa.or_(*[c == user.id for c in columns])).order_by(*table.primary_key.columns)
        ).all()
        if rows:
            records[table.name] = [{c.name: _plain(r._mapping[c]) for c in selectable} for r in rows]
    about = db.session.scalars(
        sa.select(AuditEntry)
        .where(AuditEntry.record_type == "user", AuditEntry.record_id == user.id)
        .order_by(AuditEntry.at)
    ).all()
    records["audit_entries_about_them"] = [
        {"at": _plain(a.at), "action": a.action, "actor_id": a.actor_id, "changes": a.changes} for a in about
    ]
    mail = db.session.execute(
        sa.select(OutboxMessage.created_at, OutboxMessage.subject, OutboxMessage.kind, OutboxMessage.status)
        .where(OutboxMessage.recipients.contains(user.email, autoescape=True))
        .order_by(OutboxMessage.id)
    ).all()
    records["mail_sent_to_them"] = [
        {"created_at": _plain(m.created_at), "subject": m.subject, "kind": m.kind, "status": m.status} for m in mail
    ]
    return {
        "generated_at": now_utc().isoformat(),
        "person": _row(user_table, person),
        "records": records,
    }


def subject_access_json(user: User) -> bytes:
    return json.dumps(subject_access_data(user), indent=2, ensure_ascii=False, default=str).encode("utf-8")
