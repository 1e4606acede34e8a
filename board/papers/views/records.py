"""Outcomes of recommendations, the list of cover papers, and the plan-alignment table."""

from collections import Counter

import sqlalchemy as sa
from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy.orm import selectinload

from board import permissions
from board.agendas.models import AgendaItem
from board.common.access import require
from board.common.forms import show_refusal
from board.common.timeutil import to_london
from board.extensions import db
from board.meetings.models import Meeting
from board.papers import outcomes, published
from board.papers.forms import OutcomeForm
from board.papers.models import CoverPaper
from board.papers.plan import PRIORITIES, THEMES
from board.papers.views.common import readable


def record_outcomes(paper_id: int):
    """Secretariat: record, one recommendation at a time, what the meeting decided; each becomes a decision."""
    paper = readable(paper_id)
    require(permissions.can_record_recommendation_outcomes(current_user, paper))
    form = OutcomeForm()
    if form.validate_on_submit():
        try:
            row = outcomes.record_outcome(
                paper, form.number.data, form.outcome.data, form.amended.data, by=current_user
            )
        except outcomes.PaperError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(
                f"Recommendation {row.number}: {row.outcome_label.lower()}, recorded as decision {row.decision.reference}.",
                "success",
            )
            return redirect(url_for("papers.record_outcomes", paper_id=paper.id))
    done = {o.number: o for o in paper.outcomes}
    return render_template(
        "papers/outcomes.html",
        paper=paper,
        meeting=paper.item.meeting,
        recommendations=outcomes.recommendations_put(paper),
        done=done,
        form=form,
    )


def _visible_papers() -> list[CoverPaper]:
    papers = db.session.scalars(
        sa.select(CoverPaper)
        .join(AgendaItem, AgendaItem.id == CoverPaper.item_id)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .options(selectinload(CoverPaper.item).selectinload(AgendaItem.meeting))
        .order_by(Meeting.starts_at.desc(), CoverPaper.id)
    ).all()
    return [p for p in papers if permissions.can_view_cover_paper(current_user, p)]


def index():
    """Anyone signed in: the cover papers they may read (the secretariat: all, with their status)."""
    require(permissions.can_see_cover_papers(current_user))
    papers = _visible_papers()
    return render_template(
        "papers/index.html",
        papers=papers,
        published={p.id: published.published_ref(p) for p in papers},
    )


def alignment():
    """Anyone signed in: how many papers touched each priority and theme of the plan, per year.

    Counted from what each reader may read: published papers (the version members were
    sent); the secretariat also counts cleared papers not yet published.
    """
    require(permissions.can_see_cover_papers(current_user))
    counts: dict[int, Counter] = {}
    for paper in _visible_papers():
        version = published.published_version(paper)
        if version is None and permissions.is_secretariat(current_user):
            version = paper.latest_version
        if version is None:
            continue
        year = to_london(paper.item.meeting.starts_at).year
        counts.setdefault(year, Counter()).update(set(version.content.get("alignment") or []))
        counts[year]["_papers"] += 1
    years = sorted(counts, reverse=True)
    return render_template("papers/alignment.html", years=years, counts=counts, priorities=PRIORITIES, themes=THEMES)
