"""Pages of the submissions area: rounds, the update form, the tracker, figures over time."""

import sqlalchemy as sa
from flask import (
    Blueprint,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy.orm import defer, joinedload, selectinload

from board import permissions
from board.agendas.forms import PaperForm
from board.agendas.published import agenda_is_published
from board.common.access import require
from board.common.exports import attachment
from board.common.forms import ConfirmForm
from board.common.forms import show_refusal as _fail
from board.common.timeutil import today_london
from board.extensions import db
from board.meetings.models import Meeting
from board.people.models import Body, Organisation
from board.submissions import files as update_files
from board.submissions import queries, services
from board.submissions.forms import ReturnForm, RoundForm, update_form
from board.submissions.models import (
    DEFAULT_FIGURES,
    PRIORITIES,
    THEMES,
    UpdateFile,
    UpdateRound,
    UpdateStatus,
)
from board.submissions.reports import (
    figure_chart_svg,
    figures_over_time,
    revision_history,
)

bp = Blueprint("submissions", __name__)


@bp.before_request
@login_required
def _signed_in():
    """Every page here needs a signed-in user; each view checks what they may do."""


@bp.app_context_processor
def _helpers():
    """What the meeting page, the agenda pack and the home page call to show updates."""
    return {
        "update_round_for": services.round_for_meeting,
        "updates_for_item": _updates_for_item,
        "my_partner_updates": lambda: services.updates_for_contact(current_user, open_only=True),
        "update_status_counts": _status_counts,
        "update_plan_labels": dict(PRIORITIES) | dict(THEMES),
    }


def _updates_for_item(item, meeting):
    """Handed-in updates of the item's presenting organisation the viewer may read.

    The meeting's updates are loaded once per request, however many items the pack has.
    """
    if not getattr(item, "presenter_organisation_id", None):
        return []
    cache = g.setdefault("_handed_in_updates", {})
    if meeting.id not in cache:
        cache[meeting.id] = services.handed_in_updates(meeting)
    return [
        u
        for u in cache[meeting.id]
        if u.organisation_id == item.presenter_organisation_id and permissions.can_view_update(current_user, u)
    ]


def _status_counts(round_) -> list[tuple[str, int]]:
    counts = dict.fromkeys(UpdateStatus, 0)
    for update in round_.updates:
        counts[UpdateStatus(update.status)] += 1
    return [(s.label, n) for s, n in counts.items() if n]


def _update_or_404(update_id: int):
    """Load an update the user may at least read; others' updates are simply not found."""
    update = services.load_update(update_id)
    if update is None or not permissions.can_view_update(current_user, update):
        abort(404)
    return update


def _writer(update) -> bool:
    return permissions.is_secretariat(current_user) or permissions.is_update_contact_for(
        current_user, update.organisation_id
    )


# --- lists ---------------------------------------------------------------------------


@bp.get("/updates")
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


@bp.route("/meetings/<int:meeting_id>/updates/new", methods=["GET", "POST"])
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


# The written parts of an update: the tracker and lock pages do not show them, so they are
# not read (and reading one there raises, rather than quietly querying once per update).
_UPDATE_TEXTS = (
    "progress",
    "progress_html",
    "risks",
    "risks_html",
    "asks",
    "asks_html",
    "good_practice",
    "good_practice_html",
    "return_comment",
)


def _round_or_404(round_id: int) -> UpdateRound:
    """The round with its meeting, figures and each update's status, organisation and last editor (3 queries)."""
    update = services.PartnerUpdate
    round_ = db.session.scalar(
        sa.select(UpdateRound)
        .where(UpdateRound.id == round_id)
        .options(
            joinedload(UpdateRound.meeting).joinedload(Meeting.body),
            selectinload(UpdateRound.figures),
            selectinload(UpdateRound.updates).options(
                *(defer(getattr(update, name), raiseload=True) for name in _UPDATE_TEXTS),
                joinedload(update.organisation),
                joinedload(update.last_changed_by),
            ),
        )
    )
    if round_ is None:
        abort(404)
    return round_


@bp.get("/rounds/<int:round_id>")
def tracker(round_id: int):
    """Secretariat: each organisation's status and last change, with chase, return and accept."""
    round_ = _round_or_404(round_id)
    require(permissions.can_manage_update_rounds(current_user, round_))
    updates = sorted(round_.updates, key=lambda u: (u.organisation.kind != "district", u.organisation.short_name))
    return render_template(
        "submissions/tracker.html",
        round=round_,
        updates=updates,
        confirm=ConfirmForm(),
        today=today_london(),
        counts=_status_counts(round_),
    )


@bp.post("/rounds/<int:round_id>/<any(lock, unlock):change>")
def set_locked(round_id: int, change: str):
    """Secretariat: lock a round (no more changes) or unlock it."""
    round_ = _round_or_404(round_id)
    require(permissions.can_manage_update_rounds(current_user, round_))
    if ConfirmForm().validate_on_submit():
        services.set_round_locked(round_, change == "lock", actor=current_user)
        db.session.commit()
        flash("Round locked: updates can no longer be changed." if change == "lock" else "Round unlocked.", "success")
    return redirect(url_for("submissions.tracker", round_id=round_.id))


@bp.post("/updates/<int:update_id>/chase")
def chase(update_id: int):
    """Secretariat: e-mail an organisation's contacts that their update is awaited (once a day)."""
    update = _update_or_404(update_id)
    require(permissions.can_manage_update_rounds(current_user))
    if ConfirmForm().validate_on_submit():
        try:
            services.chase_update(update, actor=current_user)
        except services.SubmissionError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(f"{update.organisation.short_name} chased.", "success")
    return redirect(url_for("submissions.tracker", round_id=update.round_id))


# --- one update ----------------------------------------------------------------------


@bp.get("/updates/<int:update_id>")
def update(update_id: int):
    """Contacts, the secretariat and (once published) the body's members: read an update."""
    update = _update_or_404(update_id)
    return render_template("submissions/update.html", update=update, return_form=ReturnForm(), confirm=ConfirmForm())


@bp.route("/updates/<int:update_id>/edit", methods=["GET", "POST"])
def edit_update(update_id: int):
    """The organisation's contacts (and the secretariat): write, save a draft, submit."""
    update = _update_or_404(update_id)
    require(_writer(update))
    if not permissions.can_edit_update(current_user, update):
        flash(
            "This round is locked: the update can no longer be changed."
            if update.round.is_locked
            else "This update has been accepted: it can no longer be changed.",
            "error",
        )
        return redirect(url_for("submissions.update", update_id=update.id))
    form = update_form(update, posted=request.method == "POST")
    conflict = None
    if form.is_submitted():
        submit = form.action.data == "submit" or update.is_handed_in
        if form.check(complete=submit):
            try:
                version = int(form.version.data or "")
            except ValueError:
                version = None
            before = update.status
            try:
                services.save_update(update, form.content(), version=version, actor=current_user, submit=submit)
            except services.ConflictError as error:
                conflict = (services.snapshot(update), services.readable(update.round, form.content()))
                form.version.data = str(update.version)  # saving again is now a knowing choice
                flash(str(error), "error")
            except services.SubmissionError as error:
                flash(str(error), "error")
            else:
                db.session.commit()
                flash(_saved_message(update, before, submit), "success")
                if submit:
                    return redirect(url_for("submissions.update", update_id=update.id))
                return redirect(url_for("submissions.edit_update", update_id=update.id))
        elif not submit:
            flash("Your draft was not saved: correct the figures marked below, then save again.", "error")
    return _edit_page(update, form, conflict=conflict)


def _edit_page(update, form, *, conflict=None, file_form=None):
    """The update form with its supporting files; a refused upload shows its form's errors in the summary."""
    return render_template(
        "submissions/edit.html",
        form=form,
        update=update,
        conflict=conflict,
        file_form=file_form or _paper_form(),
        confirm=ConfirmForm(),
        error_form=file_form if file_form is not None and file_form.errors else None,
    )


def _paper_form():
    return PaperForm()  # the agenda papers' checks: type by content, size


@bp.post("/updates/<int:update_id>/files")
def add_file(update_id: int):
    """Contacts and the secretariat: attach a supporting file to an update still open."""
    update = _update_or_404(update_id)
    require(_writer(update))
    form = _paper_form()
    if not form.validate_on_submit():
        if not permissions.can_edit_update(current_user, update):
            return redirect(url_for("submissions.edit_update", update_id=update.id))  # says why not
        # Shown on the page, not flashed after a redirect, so the title typed is kept.
        return _edit_page(update, update_form(update, posted=False), file_form=form)
    try:
        added = update_files.add_update_file(update, form.title.data, form.checked, form.file_bytes, actor=current_user)
    except services.SubmissionError as error:
        flash(str(error), "error")
        return redirect(url_for("submissions.update", update_id=update.id))
    db.session.commit()
    flash(f"{added.filename} attached.", "success")
    return redirect(url_for("submissions.edit_update", update_id=update.id) + "#files")


def _file_or_404(file_id: int) -> UpdateFile:
    """A file of an update the user may read; anything else is not found."""
    item = db.get_or_404(UpdateFile, file_id)
    _update_or_404(item.update_id)
    return item


@bp.post("/updates/files/<int:file_id>/delete")
def delete_file(file_id: int):
    """Contacts and the secretariat: remove a supporting file from an update still open."""
    item = _file_or_404(file_id)
    update = item.update
    require(_writer(update))
    if ConfirmForm().validate_on_submit():
        try:
            update_files.remove_update_file(item, actor=current_user)
        except services.SubmissionError as error:
            flash(str(error), "error")
            return redirect(url_for("submissions.update", update_id=update.id))
        db.session.commit()
        flash("File removed.", "success")
    return redirect(url_for("submissions.edit_update", update_id=update.id) + "#files")


@bp.get("/updates/files/<int:file_id>")
def download_file(file_id: int):
    """Whoever may read the update: download one of its supporting files."""
    item = _file_or_404(file_id)
    return attachment(item.data, mimetype=item.content_type, filename=item.filename)


def _saved_message(update, before: str, submit: bool) -> str:
    if not submit:
        return "Draft saved. You can come back to it before the deadline."
    if before == update.status:
        return "Changes saved."
    if update.status == UpdateStatus.RESUBMITTED:
        return "Update resubmitted to the secretariat."
    return f"Update submitted{' after the deadline' if update.is_late else ''}. Thank you."


@bp.post("/updates/<int:update_id>/return")
def return_update(update_id: int):
    """Secretariat: return a submitted update with what needs to change."""
    update = _update_or_404(update_id)
    require(permissions.can_manage_update_rounds(current_user))
    form = ReturnForm()
    if form.validate_on_submit():
        try:
            services.return_update(update, form.comment.data, actor=current_user)
        except services.SubmissionError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(f"Update returned to {update.organisation.short_name}.", "success")
            return redirect(url_for("submissions.tracker", round_id=update.round_id))
    return render_template("submissions/update.html", update=update, return_form=form, confirm=ConfirmForm(), form=form)


@bp.post("/updates/<int:update_id>/accept")
def accept_update(update_id: int):
    """Secretariat: accept a submitted update for the agenda pack."""
    update = _update_or_404(update_id)
    require(permissions.can_manage_update_rounds(current_user))
    if ConfirmForm().validate_on_submit():
        try:
            services.accept_update(update, actor=current_user)
        except services.SubmissionError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(f"Update from {update.organisation.short_name} accepted.", "success")
    return redirect(url_for("submissions.update", update_id=update.id))


@bp.get("/updates/<int:update_id>/revisions")
def revisions(update_id: int):
    """Secretariat: every saved revision and what changed between them."""
    update = _update_or_404(update_id)
    require(permissions.can_view_update_revisions(current_user, update))
    return render_template("submissions/revisions.html", update=update, history=revision_history(update))


# --- figures over time -------------------------------------------------------------


@bp.get("/bodies/<slug>/figures")
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
