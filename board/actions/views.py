"""Pages of the action log: the log, an action, the organisation view, the CSV export."""

import sqlalchemy as sa
from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from board import permissions
from board.actions import services
from board.actions.forms import ActionEditForm, ActionForm, LogFilterForm, NoteForm
from board.actions.models import RAG_LABELS, Action, ActionStatus
from board.agendas.models import AgendaItem
from board.common.access import require
from board.common.exports import attachment, xlsx_response
from board.common.forms import ConfirmForm
from board.common.forms import show_refusal as _fail
from board.common.timeutil import today_london
from board.extensions import db
from board.meetings.models import Meeting
from board.people.models import Body, Organisation, User

bp = Blueprint("actions", __name__)


@bp.before_request
@login_required
def _signed_in():
    """Every page here needs a signed-in user; each view checks what they may do."""


@bp.app_template_global("my_actions")
def _my_actions(user):
    return services.my_actions(user)


@bp.app_template_global("meeting_actions")
def _meeting_actions(meeting):
    return services.meeting_actions(meeting)


@bp.record_once
def _template_globals(state):
    state.app.jinja_env.globals.update(
        rag_labels=RAG_LABELS,
        action_today=today_london,
        action_status_labels={s.value: s.label for s in ActionStatus},
    )


def _filters_from(form: LogFilterForm, bodies: list[Body]) -> services.LogFilters:
    slug = form.body.data or ""
    chosen = [b for b in bodies if b.slug == slug] if slug else bodies
    org = form.organisation.data
    return services.LogFilters(
        body_ids=[b.id for b in chosen],
        status=form.status.data or "",
        organisation_id=int(org) if org and org.isdigit() else None,
        is_overdue=bool(form.overdue.data),
        sort=form.sort.data or "due",
    )


def _log_filters():
    """The bodies the user may see and the filters asked for; 403 for a body not theirs."""
    bodies = services.visible_bodies(current_user)
    require(bool(bodies))
    slug = request.args.get("body")
    if slug and slug not in {b.slug for b in bodies}:
        db.first_or_404(sa.select(Body).where(Body.slug == slug))
        abort(403)
    form = LogFilterForm(bodies, formdata=request.args)
    form.validate()
    return bodies, form, _filters_from(form, bodies)


@bp.get("/actions")
def log():
    """Members of a body and the secretariat: the action log, filtered, sorted and paged."""
    bodies, form, filters = _log_filters()
    page = max(request.args.get("page", 1, type=int), 1)
    rows, total = services.list_actions(filters, page)
    pages = max((total + services.PER_PAGE - 1) // services.PER_PAGE, 1)
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template(
        "actions/log.html",
        filter_form=form,
        actions=rows,
        total=total,
        page=page,
        pages=pages,
        args=args,
        today=today_london(),
        bodies=bodies,
    )


@bp.get("/actions.csv")
def export():
    """Members and the secretariat: the log as CSV, with the same filters."""
    _bodies, _form, filters = _log_filters()
    body = services.actions_csv(services.all_actions(filters))
    return attachment(body, mimetype="text/csv", filename=f"actions-{today_london()}.csv")


@bp.get("/actions.xlsx")
def export_xlsx():
    """Members and the secretariat: the log as an Excel workbook, with the same filters."""
    _bodies, _form, filters = _log_filters()
    return xlsx_response(services.actions_xlsx(services.all_actions(filters)), f"actions-{today_london()}.xlsx")


def meeting_and_item(form):
    """The chosen meeting and agenda item; an item alone implies its meeting."""
    meeting = db.session.get(Meeting, int(form.meeting.data)) if (form.meeting.data or "").isdigit() else None
    item = db.session.get(AgendaItem, int(form.agenda_item.data)) if (form.agenda_item.data or "").isdigit() else None
    if item is not None and meeting is None:
        meeting = item.meeting
    return meeting, item


def _chosen(form, bodies):
    body = next((b for b in bodies if b.slug == form.body.data), None)
    owner = db.session.get(User, int(form.owner.data)) if (form.owner.data or "").isdigit() else None
    return body, owner, *meeting_and_item(form)


@bp.route("/actions/new", methods=["GET", "POST"])
def new():
    """Secretariat: add an action to a body's log."""
    require(permissions.can_manage_actions(current_user))
    bodies = services.visible_bodies(current_user)
    form = ActionForm(bodies)
    if not form.is_submitted():
        form.body.data = request.args.get("body", "")
        form.meeting.data = request.args.get("meeting", "")
        form.agenda_item.data = request.args.get("item", "")
    if form.validate_on_submit():
        body, owner, meeting, item = _chosen(form, bodies)
        try:
            action = services.create_action(
                body,
                form.description.data,
                owner,
                form.due_on.data,
                meeting=meeting,
                agenda_item=item,
                actor=current_user,
            )
        except services.ActionError as error:
            _fail(form, error)
        else:
            db.session.commit()
            flash(f"Action {action.reference} added.", "success")
            return redirect(url_for("actions.show", action_id=action.id))
    return render_template("actions/form.html", form=form, action=None)


@bp.get("/actions/<int:action_id>")
def show(action_id: int):
    """Members, the owner and the secretariat: an action, its notes and its history."""
    action = db.get_or_404(Action, action_id)
    require(permissions.can_view_action(current_user, action))
    return render_template(
        "actions/show.html",
        action=action,
        note_form=NoteForm(),
        confirm=ConfirmForm(),
        history=services.history(action),
        today=today_london(),
    )


@bp.route("/actions/<int:action_id>/edit", methods=["GET", "POST"])
def edit(action_id: int):
    """Secretariat: reassign, re-date, reword, close, cancel or reopen an action."""
    action = db.get_or_404(Action, action_id)
    require(permissions.can_manage_actions(current_user, action))
    bodies = [action.body]
    form = ActionEditForm(bodies, is_new=False)
    if not form.is_submitted():
        form.body.data = action.body.slug
        form.description.data = action.description
        form.owner.data = str(action.owner_id)
        form.due_on.data = action.due_on
        form.meeting.data = str(action.meeting_id or "")
        form.agenda_item.data = str(action.agenda_item_id or "")
        form.status.data = action.status
    if form.validate_on_submit():
        _body, owner, meeting, item = _chosen(form, bodies)
        try:
            services.update_action(
                action,
                actor=current_user,
                description=form.description.data,
                owner=owner,
                due_on=form.due_on.data,
                meeting=meeting,
                agenda_item=item,
                status=form.status.data,
            )
        except services.ActionError as error:
            _fail(form, error)
        else:
            db.session.commit()
            flash(f"Action {action.reference} saved.", "success")
            return redirect(url_for("actions.show", action_id=action.id))
    return render_template("actions/form.html", form=form, action=action)


@bp.post("/actions/<int:action_id>/notes")
def add_note(action_id: int):
    """The owner or the secretariat: add a dated progress note."""
    action = db.get_or_404(Action, action_id)
    require(permissions.can_update_action(current_user, action))
    form = NoteForm()
    if form.validate_on_submit():
        try:
            services.add_note(action, form.text.data, actor=current_user)
        except services.ActionError as error:
            _fail(form, error)
        else:
            db.session.commit()
            flash("Progress note added.", "success")
            return redirect(url_for("actions.show", action_id=action.id))
    return render_template(
        "actions/show.html",
        action=action,
        note_form=form,
        form=form,
        confirm=ConfirmForm(),
        history=services.history(action),
        today=today_london(),
    ), 400


@bp.post("/actions/<int:action_id>/done")
def mark_done(action_id: int):
    """The owner or the secretariat: mark the action done, proposing it for closure."""
    action = db.get_or_404(Action, action_id)
    require(permissions.can_update_action(current_user, action))
    if ConfirmForm().validate_on_submit():
        try:
            services.mark_done(action, actor=current_user)
        except services.ActionError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(f"{action.reference} marked as done; the secretariat will propose it for closure.", "success")
    return redirect(url_for("actions.show", action_id=action.id))


@bp.post("/actions/<int:action_id>/<any(close, cancel, reopen):change>")
def change_status(action_id: int, change: str):
    """Secretariat: close, cancel or reopen an action in one click."""
    action = db.get_or_404(Action, action_id)
    require(permissions.can_manage_actions(current_user, action))
    status = {"close": ActionStatus.CLOSED, "cancel": ActionStatus.CANCELLED, "reopen": ActionStatus.OPEN}[change]
    if ConfirmForm().validate_on_submit():
        services.set_status(action, status.value, actor=current_user)
        db.session.commit()
        flash(f"{action.reference} is now {status.label.lower()}.", "success")
    return redirect(url_for("actions.show", action_id=action.id))


@bp.get("/actions/organisations/<int:org_id>")
def organisation(org_id: int):
    """An organisation's people and the secretariat: the organisation's live actions."""
    org = db.get_or_404(Organisation, org_id)
    require(permissions.can_view_organisation_actions(current_user, org))
    status = request.args.get("status", "live")
    rows = services.organisation_actions(org, status="" if status == "all" else "live")
    return render_template("actions/organisation.html", org=org, actions=rows, status=status, today=today_london())
