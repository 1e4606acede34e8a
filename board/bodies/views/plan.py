"""The forward plan pages, and the builder's offers (routes in blueprint.py)."""

import sqlalchemy as sa
from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy.orm import selectinload

from board import permissions
from board.bodies import plan
from board.bodies.forms import DeferForm, PlanItemForm
from board.bodies.models import PlanEvent, PlanItem
from board.bodies.views.bodies import load_body
from board.common.access import require
from board.common.forms import ConfirmForm
from board.common.forms import show_refusal as _fail
from board.extensions import db
from board.meetings.models import Meeting
from board.people.models import Organisation, User


def _load_item(item_id: int) -> PlanItem:
    return db.session.scalar(
        sa.select(PlanItem)
        .where(PlanItem.id == item_id)
        .options(
            selectinload(PlanItem.events).selectinload(PlanEvent.actor),
            selectinload(PlanItem.events).selectinload(PlanEvent.from_meeting),
            selectinload(PlanItem.events).selectinload(PlanEvent.to_meeting),
        )
    ) or db.get_or_404(PlanItem, item_id)


def _values(form) -> dict:
    return dict(
        title=form.title.data,
        purpose=form.purpose.data,
        notes=form.notes.data or "",
        status=form.status.data,
        lead_organisation=db.session.get(Organisation, int(form.lead_organisation_id.data))
        if form.lead_organisation_id.data
        else None,
        lead_user=db.session.get(User, int(form.lead_user_id.data)) if form.lead_user_id.data else None,
        meeting=db.session.get(Meeting, int(form.meeting_id.data)) if form.meeting_id.data else None,
    )


def forward_plan(slug: str):
    """Members and the secretariat: the body's forward plan."""
    body = load_body(slug)
    require(permissions.can_view_forward_plan(current_user, body))
    return render_template("bodies/plan.html", body=body, items=plan.body_plan(body))


def new_plan_item(slug: str):
    """Secretariat: add an item to the body's forward plan."""
    body = load_body(slug)
    require(permissions.can_edit_forward_plan(current_user, body))
    form = PlanItemForm(body=body)
    if form.validate_on_submit():
        try:
            item = plan.add_item(body, actor=current_user, **_values(form))
        except plan.PlanError as error:
            _fail(form, error)
        else:
            db.session.commit()
            flash(f"“{item.title}” added to the forward plan.", "success")
            return redirect(url_for("bodies.plan_item", item_id=item.id))
    return render_template("bodies/plan_form.html", form=form, body=body, item=None)


def plan_item(item_id: int):
    """Members and the secretariat: one forward plan item and its history."""
    item = _load_item(item_id)
    require(permissions.can_view_forward_plan(current_user, item.body))
    return render_template("bodies/plan_item.html", item=item, body=item.body, defer=DeferForm())


def edit_plan_item(item_id: int):
    """Secretariat: change a forward plan item (its target meeting, lead, status)."""
    item = _load_item(item_id)
    require(permissions.can_edit_forward_plan(current_user, item.body))
    form = PlanItemForm(obj=item, body=item.body, current_meeting_id=item.meeting_id)
    if not form.is_submitted():
        form.lead_organisation_id.data = str(item.lead_organisation_id or "")
        form.lead_user_id.data = str(item.lead_user_id or "")
        form.meeting_id.data = str(item.meeting_id or "")
    if form.validate_on_submit():
        try:
            plan.update_item(item, actor=current_user, **_values(form))
        except plan.PlanError as error:
            _fail(form, error)
        else:
            db.session.commit()
            flash(f"“{item.title}” saved.", "success")
            return redirect(url_for("bodies.plan_item", item_id=item.id))
    return render_template("bodies/plan_form.html", form=form, body=item.body, item=item)


def defer_plan_item(item_id: int):
    """Secretariat: move an item to the body's next meeting, keeping its history."""
    item = _load_item(item_id)
    require(permissions.can_edit_forward_plan(current_user, item.body))
    form = DeferForm()
    if form.validate_on_submit():
        try:
            target = plan.defer_item(item, actor=current_user, note=form.note.data or "")
        except plan.PlanError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(f"“{item.title}” deferred to {target.title}.", "success")
    return redirect(url_for("bodies.plan_item", item_id=item.id))


def schedule_plan_item(item_id: int):
    """Secretariat, from the agenda builder: add a planned item to its meeting's agenda."""
    item = _load_item(item_id)
    require(permissions.can_edit_forward_plan(current_user, item.body))
    meeting = item.meeting
    if meeting is None or not permissions.can_edit_agenda(current_user, meeting):
        flash(f"“{item.title}” has no target meeting.", "error")
        return redirect(url_for("bodies.plan_item", item_id=item.id))
    if ConfirmForm().validate_on_submit():
        try:
            plan.schedule_item(item, meeting, actor=current_user)
        except plan.PlanError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(f"“{item.title}” added to the agenda and marked scheduled.", "success")
    return redirect(url_for("agendas.builder", meeting_id=meeting.id))
