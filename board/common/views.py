"""The home page and the health check."""

import sqlalchemy as sa
from flask import Blueprint, jsonify, render_template
from flask_login import current_user, login_required

from board.extensions import db

bp = Blueprint("common", __name__)


@bp.get("/")
@login_required
def home():
    """Anyone signed in: what needs them now (secretariat, chair and member sections)."""
    from board.home.context import home_context

    return render_template("common/home.html", **home_context(current_user))


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


