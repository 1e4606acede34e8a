"""Pages of the decisions register: the register, a decision, the CSV export, editing."""

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
from board.actions.models import Action
from board.actions.views import meeting_and_item
from board.common.access import require
from board.common.exports import attachment, xlsx_response
from board.common.forms import show_refusal as _fail
from board.common.timeutil import today_london
from board.decisions import services
from board.decisions.forms import DecisionForm, RegisterFilterForm, StatusForm
from board.decisions.models import Decision
from board.extensions import db
from board.people.models import Body

bp = Blueprint("decisions", __name__)


@bp.before_request
@login_required
def _signed_in():
    """Every page here needs a signed-in user; each view checks what they may do."""


def _bodies():
    return db.session.scalars(sa.select(Body).order_by(Body.id)).all()


def _filters():
    """The filters asked for; confidential decisions only of the bodies the reader sits on."""
    bodies = _bodies()
    form = RegisterFilterForm(bodies, formdata=request.args)
    form.validate()
    chosen = [b for b in bodies if b.slug == form.body.data] if form.body.data else bodies
    if form.body.data and not chosen:
        abort(404)
    filters = services.RegisterFilters(
        body_ids=[b.id for b in chosen],
        member_body_ids=[b.id for b in bodies if permissions.is_member_of(current_user, b)],
        status=form.status.data or "",
        text=(form.q.data or "")[:200],
    )
    return form, filters


@bp.get("/decisions")
def register():
    """Anyone signed in: the decisions register, filtered and searched (confidential ones for members)."""
    form, filters = _filters()
    page = max(request.args.get("page", 1, type=int), 1)
    rows, total = services.list_decisions(filters, page)
    pages = max((total + services.PER_PAGE - 1) // services.PER_PAGE, 1)
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template(
        "decisions/register.html", filter_form=form, decisions=rows, total=total, page=page, pages=pages, args=args
    )


@bp.get("/decisions.csv")
def export():
    """Anyone signed in: the register as CSV with the same filters."""
    _form, filters = _filters()
    return attachment(services.decisions_csv(filters), mimetype="text/csv", filename=f"decisions-{today_london()}.csv")


@bp.get("/decisions.xlsx")
def export_xlsx():
    """Anyone signed in: the register as an Excel workbook with the same filters."""
    _form, filters = _filters()
    return xlsx_response(services.decisions_xlsx(filters), f"decisions-{today_london()}.xlsx")


@bp.route("/decisions/new", methods=["GET", "POST"])
def new():
    """Secretariat: record a decision."""
    require(permissions.can_manage_decisions(current_user))
    bodies = _bodies()
    form = DecisionForm(bodies)
    if not form.is_submitted():
        form.body.data = request.args.get("body", "")
        form.meeting.data = request.args.get("meeting", "")
        form.agenda_item.data = request.args.get("item", "")
        form.decided_on.data = today_london()
        form.limit_choices()
    if form.validate_on_submit():
        body = next(b for b in bodies if b.slug == form.body.data)
        meeting, item = meeting_and_item(form)
        try:
            linked = services.actions_by_reference(body, form.actions.data)
            decision = services.create_decision(
                body,
                form.title.data,
                form.text.data,
                form.decided_on.data,
                meeting=meeting,
                agenda_item=item,
                actor=current_user,
                rationale=form.rationale.data,
                is_confidential=form.is_confidential.data,
                actions=linked,
                supersedes=form.chosen_supersedes(),
            )
        except services.DecisionError as error:
            _fail(form, error)
        else:
            db.session.commit()
            flash(f"Decision {decision.reference} recorded.", "success")
            return redirect(url_for("decisions.show", decision_id=decision.id))
    return render_template("decisions/form.html", form=form, decision=None)


def _later(decision: Decision):
    return db.session.scalars(
        sa.select(Decision)
        .where(
            Decision.body_id == decision.body_id, Decision.id != decision.id, Decision.decided_on >= decision.decided_on
        )
        .order_by(Decision.decided_on, Decision.id)
    ).all()


@bp.get("/decisions/<int:decision_id>")
def show(decision_id: int):
    """Anyone signed in (members only when confidential): one decision."""
    decision = db.get_or_404(Decision, decision_id)
    require(permissions.can_view_decision(current_user, decision))
    status_form = StatusForm(
        _later(decision), status=decision.status, superseded_by=str(decision.superseded_by_id or "")
    )
    superseding = db.session.scalars(sa.select(Decision).where(Decision.superseded_by_id == decision.id)).all()
    return render_template(
        "decisions/show.html",
        decision=decision,
        status_form=status_form,
        superseding=superseding,
        chain=services.chain(decision),
        today=today_london(),
    )


@bp.route("/decisions/<int:decision_id>/edit", methods=["GET", "POST"])
def edit(decision_id: int):
    """Secretariat: correct a decision's record."""
    decision = db.get_or_404(Decision, decision_id)
    require(permissions.can_manage_decisions(current_user, decision))
    form = DecisionForm([decision.body])
    if not form.is_submitted():
        form.body.data = decision.body.slug
        form.title.data = decision.title
        form.text.data = decision.text
        form.rationale.data = decision.rationale
        form.decided_on.data = decision.decided_on
        form.meeting.data = str(decision.meeting_id or "")
        form.agenda_item.data = str(decision.agenda_item_id or "")
        form.actions.data = ", ".join(a.reference for a in decision.actions)
        form.is_confidential.data = decision.is_confidential
        form.limit_choices()
    if form.validate_on_submit():
        meeting, item = meeting_and_item(form)
        try:
            linked = services.actions_by_reference(decision.body, form.actions.data)
            services.update_decision(
                decision,
                actor=current_user,
                title=form.title.data,
                text=form.text.data,
                rationale=form.rationale.data,
                date=form.decided_on.data,
                meeting=meeting,
                agenda_item=item,
                is_confidential=form.is_confidential.data,
                actions=linked,
            )
        except services.DecisionError as error:
            _fail(form, error)
        else:
            db.session.commit()
            flash(f"Decision {decision.reference} saved.", "success")
            return redirect(url_for("decisions.show", decision_id=decision.id))
    return render_template("decisions/form.html", form=form, decision=decision)


@bp.post("/decisions/<int:decision_id>/status")
def change_status(decision_id: int):
    """Secretariat: mark a decision in force, superseded by a later one, or rescinded."""
    decision = db.get_or_404(Decision, decision_id)
    require(permissions.can_manage_decisions(current_user, decision))
    later = _later(decision)
    form = StatusForm(later)
    if form.validate_on_submit():
        by = next((d for d in later if str(d.id) == form.superseded_by.data), None)
        try:
            services.set_status(decision, form.status.data, actor=current_user, superseded_by=by)
        except services.DecisionError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(f"{decision.reference} is now {decision.status_label.lower()}.", "success")
            return redirect(url_for("decisions.show", decision_id=decision.id))
    else:
        for errors in form.errors.values():
            for message in errors:
                flash(message, "error")
    return redirect(url_for("decisions.show", decision_id=decision.id))


@bp.app_template_global("decisions_for_action")
def _decisions_for_action(action: Action):
    """Decisions linked to an action that the current reader may see."""
    rows = db.session.scalars(sa.select(Decision).where(Decision.actions.any(Action.id == action.id))).all()
    return [d for d in rows if permissions.can_view_decision(current_user, d)]
