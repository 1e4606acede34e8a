"""Update rounds: the list, opening a round, the tracker, locking and chasing (routes in blueprint.py)."""

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from board import permissions
from board.common.access import require
from board.common.forms import ConfirmForm
from board.common.forms import show_refusal as _fail
from board.common.timeutil import today_london
from board.extensions import db
from board.meetings.models import Meeting
from board.people.models import Body, Organisation
from board.submissions import queries, services
from board.submissions.forms import RoundForm
from board.submissions.models import DEFAULT_FIGURES, WRITING
from board.submissions.views.loading import _round_or_404, _status_counts, _update_or_404

# --- lists ---------------------------------------------------------------------------


def index():
    """Secretariat: the rounds (20 a page, newest first) and the meetings still to ask;
    contacts: their organisation's updates, paged the same way."""
    require(permissions.can_see_updates_page(current_user))
    page = max(request.args.get("page", 1, type=int), 1)
    rounds, total, unasked = [], 0, []
    if permissions.is_secretariat(current_user):
        rounds, total = queries.rounds_page(page)
        unasked = queries.meetings_not_asked()
    mine, mine_total = queries.contact_updates_page(
        sorted(permissions.update_contact_organisation_ids(current_user)), page
    )
    bodies = db.session.scalars(sa.select(Body).order_by(Body.id)).all()
    per = queries.ROUNDS_PER_PAGE
    return render_template(
        "submissions/index.html",
        rounds=rounds,
        total=total,
        unasked=unasked,
        mine=mine,
        mine_total=mine_total,
        page=page,
        pages=max(queries.pages_for(total, per), queries.pages_for(mine_total, per)),
        bodies=[b for b in bodies if permissions.can_view_update_figures(current_user, b)],
    )


# --- rounds --------------------------------------------------------------------------


def open_round(meeting_id: int):
    """Secretariat: ask organisations for written updates before a meeting."""
    meeting = db.get_or_404(Meeting, meeting_id)
    require(permissions.can_manage_update_rounds(current_user))
    existing = services.round_for_meeting(meeting)
    if existing is not None:
        return redirect(url_for("submissions.tracker", round_id=existing.id))
    form = RoundForm()
    if not form.is_submitted():
        form.organisation_ids.data = [str(o.id) for o in services.default_organisations(meeting.body)]
        form.deadline.data = services.default_deadline(meeting)
        form.period_from.data, form.period_to.data = services.default_period(meeting)
        form.figures.data = [key for key, _ in DEFAULT_FIGURES]
    if form.validate_on_submit():
        ids = [int(i) for i in form.organisation_ids.data]
        organisations = db.session.scalars(
            sa.select(Organisation).where(Organisation.id.in_(ids)).order_by(Organisation.name)
        ).all()
        try:
            round_ = services.open_round(
                meeting,
                organisations=list(organisations),
                deadline=form.deadline.data,
                period_from=form.period_from.data,
                period_to=form.period_to.data,
                figures=form.figure_pairs(),
                actor=current_user,
            )
        except services.SubmissionError as error:
            _fail(form, error)
        else:
            db.session.commit()
            flash(
                f"Updates asked for from {len(organisations)} organisations; their contacts have been e-mailed.",
                "success",
            )
            return redirect(url_for("submissions.tracker", round_id=round_.id))
    return render_template("submissions/open_round.html", form=form, meeting=meeting)


def tracker(round_id: int):
    """Secretariat: each organisation's status and last change, with chase, return and accept."""
    round_ = _round_or_404(round_id)
    require(permissions.can_manage_update_rounds(current_user, round_))
    updates = _in_tracker_order(round_)
    return render_template(
        "submissions/tracker.html",
        round=round_,
        updates=updates,
        confirm=ConfirmForm(),
        today=today_london(),
        counts=_status_counts(round_),
    )


def set_locked(round_id: int, change: str):
    """Secretariat: lock a round (no more changes) or unlock it."""
    round_ = _round_or_404(round_id)
    require(permissions.can_manage_update_rounds(current_user, round_))
    if ConfirmForm().validate_on_submit():
        services.set_round_locked(round_, change == "lock", actor=current_user)
        db.session.commit()
        flash("Round locked: updates can no longer be changed." if change == "lock" else "Round unlocked.", "success")
    return redirect(url_for("submissions.tracker", round_id=round_.id))


def chase(update_id: int):
    """Secretariat: confirm, then e-mail an organisation's contacts that their update is awaited (once a day)."""
    update = _update_or_404(update_id)
    require(permissions.can_manage_update_rounds(current_user))
    form = ConfirmForm()
    if request.method == "GET":
        return _chase_page(update.round, services.chase_plan([update]), form, single=update)
    if form.validate_on_submit():
        try:
            services.chase_update(update, actor=current_user)
        except services.SubmissionError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(f"{update.organisation.short_name} chased.", "success")
    return redirect(url_for("submissions.tracker", round_id=update.round_id))


def chase_all(round_id: int):
    """Secretariat: see who will be e-mailed, then chase every organisation that has not submitted."""
    round_ = _round_or_404(round_id)
    require(permissions.can_manage_update_rounds(current_user, round_))
    form = ConfirmForm()
    if request.method == "GET":
        writing = [u for u in _in_tracker_order(round_) if u.status in WRITING]
        return _chase_page(round_, services.chase_plan(writing), form)
    if form.validate_on_submit():
        chased, not_chased = services.chase_all(round_, actor=current_user)
        db.session.commit()
        if chased:
            flash(f"Chased {len(chased)}: {', '.join(chased)}.", "success")
        if not_chased:
            flash(f"Not chased: {'; '.join(not_chased)}.", "error" if not chased else "info")
    return redirect(url_for("submissions.tracker", round_id=round_.id))


def _chase_page(round_, lines, form, *, single=None):
    """The confirmation page: who will be e-mailed (name, organisation, addresses) and who will not."""
    return render_template(
        "submissions/chase.html",
        round=round_,
        meeting=round_.meeting,
        to_chase=[line for line in lines if line.refusal is None],
        skipped=[line for line in lines if line.refusal is not None],
        confirm=form,
        single=single,
    )


def _in_tracker_order(round_):
    return sorted(round_.updates, key=lambda u: (u.organisation.kind != "district", u.organisation.short_name))
