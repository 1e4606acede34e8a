"""Figures over time: each figure by organisation across a body's meetings (routes in blueprint.py)."""

import sqlalchemy as sa
from flask import render_template
from flask_login import current_user

from board import permissions
from board.agendas.published import agenda_is_published
from board.common.access import require
from board.extensions import db
from board.people.models import Body
from board.submissions.reports import figure_chart_svg, figures_over_time

# --- figures over time -------------------------------------------------------------


def figures(slug: str):
    """The body's members and the secretariat: each figure by organisation across meetings."""
    body = db.one_or_404(sa.select(Body).where(Body.slug == slug))
    require(permissions.can_view_update_figures(current_user, body))
    if permissions.is_secretariat(current_user):
        series = figures_over_time(body)
    else:  # members see a meeting's figures once its agenda is published
        series = figures_over_time(body, include=lambda r: agenda_is_published(r.meeting))
    charts = {s.key: figure_chart_svg(s) for s in series}
    return render_template("submissions/figures.html", body=body, series=series, charts=charts)
