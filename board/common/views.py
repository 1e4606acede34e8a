"""The health check."""

import sqlalchemy as sa
from flask import Blueprint, jsonify

from board.extensions import db

bp = Blueprint("common", __name__)


@bp.get("/healthz")
def healthz():
    """Load balancers: is the app up and can it reach its database?"""
    try:
        db.session.execute(sa.text("SELECT 1"))
        state, code = "ok", 200
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        state, code = "unavailable", 503
    return jsonify(status="ok" if code == 200 else "degraded", database=state), code
