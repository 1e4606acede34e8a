"""The audit trail, for the secretariat."""

import sqlalchemy as sa
from flask import Blueprint, render_template, request
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from board import permissions
from board.audit.models import AuditEntry
from board.common.access import require
from board.extensions import db
from board.people.models import User

bp = Blueprint("audit", __name__)

PAGE_SIZE = 50


@bp.get("/admin/audit")
@login_required
def trail():
    """Secretariat: every change to governance records, newest first, filterable."""
    require(permissions.can_view_audit(current_user))
    record_type = request.args.get("record_type", "")
    actor_id = request.args.get("actor_id", type=int)
    record_id = request.args.get("record_id", type=int)
    page = max(request.args.get("page", 1, type=int), 1)
    query = sa.select(AuditEntry).options(selectinload(AuditEntry.actor)).order_by(AuditEntry.id.desc())
    if record_type:
        query = query.where(AuditEntry.record_type == record_type)
    if actor_id:
        query = query.where(AuditEntry.actor_id == actor_id)
    if record_id:
        query = query.where(AuditEntry.record_id == record_id)
    entries = db.session.scalars(query.limit(PAGE_SIZE + 1).offset((page - 1) * PAGE_SIZE)).all()
    types = db.session.scalars(sa.select(AuditEntry.record_type).distinct().order_by(AuditEntry.record_type)).all()
    actors = db.session.execute(
        sa.select(User.id, User.name).where(User.id.in_(sa.select(AuditEntry.actor_id).distinct())).order_by(User.name)
    ).all()
    return render_template(
        "audit/trail.html",
        entries=entries[:PAGE_SIZE],
        has_next=len(entries) > PAGE_SIZE,
        page=page,
        types=types,
        actors=actors,
        record_type=record_type,
        actor_id=actor_id,
        record_id=record_id,
    )
