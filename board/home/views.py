"""The home page: what needs each signed-in person now."""

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from board.home.context import home_context

bp = Blueprint("home", __name__)


@bp.get("/")
@login_required
def home():
    """Anyone signed in: what needs them now (secretariat, chair and member sections)."""
    return render_template("home/home.html", **home_context(current_user))
