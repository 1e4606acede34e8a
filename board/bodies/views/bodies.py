"""Setting up, changing and closing bodies; their terms of reference and seats (routes in blueprint.py)."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from board import permissions
from board.bodies import services
from board.bodies.forms import CloseBodyForm, NewBodyForm
from board.common.access import require
from board.common.forms import ConfirmForm
from board.common.forms import show_refusal as _fail
from board.common.timeutil import today_london
from board.extensions import db
from board.people.forms import BodyForm, MembershipForm
from board.people.models import Body, Membership, User
from board.people.services import PeopleError


@login_required
def _signed_in():
    """Every page here needs a signed-in user; each view checks what they may do."""


def load_body(slug: str) -> Body:
    return db.first_or_404(sa.select(Body).where(Body.slug == slug))


def _optional_user(value):
    return db.session.get(User, int(value)) if value else None


def _settings(form) -> dict:
    return dict(
        name=form.name.data,
        short_name=form.short_name.data,
        cadence_weeks=form.cadence_weeks.data,
        quorum_members=form.quorum_members.data,
        quorum_needs_chair=form.quorum_needs_chair.data,
        terms_of_reference=form.terms_of_reference.data or "",
    )


def new_body():
    """Secretariat: set up a new body, such as a task-and-finish group."""
    require(permissions.can_manage_bodies(current_user))
    form = NewBodyForm()
    if not form.is_submitted():
        form.cadence_weeks.data, form.quorum_members.data = 6, 3
    if form.validate_on_submit():
        try:
            body = services.create_body(
                actor=current_user,
                reference_prefix=form.reference_prefix.data,
                parent=db.session.get(Body, int(form.parent_id.data)) if form.parent_id.data else None,
                **_settings(form),
            )
        except PeopleError as error:
            _fail(form, error)
        else:
            db.session.commit()
            flash(f"{body.name} set up. Add its members next.", "success")
            return redirect(url_for("people.body", slug=body.slug))
    return render_template("bodies/new.html", form=form)


def edit_body(slug: str):
    """Secretariat: rename a body, or change its cadence, quorum and terms of reference."""
    found = load_body(slug)
    require(permissions.can_manage_bodies(current_user))
    form = BodyForm(obj=found)
    if form.validate_on_submit():
        try:
            services.update_body(found, actor=current_user, **_settings(form))
        except PeopleError as error:
            _fail(form, error)
        else:
            db.session.commit()
            flash(f"{found.name} saved.", "success")
            return redirect(url_for("people.body", slug=found.slug))
    return render_template("people/body_form.html", form=form, body=found)


def close_body(slug: str):
    """Secretariat: close a body; with future meetings, confirm cancelling them (or keep it open)."""
    found = load_body(slug)
    require(permissions.can_manage_bodies(current_user))
    form = CloseBodyForm()
    meetings = services.future_meetings(found)
    if form.validate_on_submit():
        if form.cancel_meetings.data == "keep":
            flash(f"The {found.short_name} stays open; nothing was changed.", "success")
            return redirect(url_for("people.body", slug=found.slug))
        try:
            cancelled = services.close_body(
                found,
                actor=current_user,
                on=today_london(),
                cancel_meetings=form.cancel_meetings.data == "cancel",
                reason=form.reason.data or "",
            )
        except PeopleError as error:
            _fail(form, error)
        else:
            db.session.commit()
            told = (
                f" {len(cancelled)} meeting{'s' if len(cancelled) != 1 else ''} cancelled; everyone invited has been told."
                if cancelled
                else ""
            )
            flash(f"The {found.short_name} is closed.{told}", "success")
            return redirect(url_for("people.body", slug=found.slug))
    return render_template("bodies/close.html", form=form, body=found, meetings=meetings)


def terms_history(slug: str):
    """Members and the secretariat: every version of the body's terms of reference."""
    found = load_body(slug)
    require(permissions.can_view_terms_history(current_user, found))
    return render_template("bodies/terms_history.html", body=found, versions=services.terms_versions(found))


def edit_membership(slug: str, membership_id: int | None = None):
    """Secretariat: give someone a seat on a body (inviting them to its future meetings), or change it."""
    found = load_body(slug)
    membership = db.get_or_404(Membership, membership_id) if membership_id else None
    if membership is not None and membership.body_id != found.id:
        abort(404)
    require(permissions.can_manage_bodies(current_user))
    form = MembershipForm(obj=membership)
    if membership is not None and not form.is_submitted():
        form.user_id.data = str(membership.user_id)
        form.deputy_id.data = str(membership.deputy_id or "")
    if form.validate_on_submit():
        try:
            services.save_membership(
                membership,
                body=found,
                actor=current_user,
                user=db.get_or_404(User, int(form.user_id.data)),
                role=form.role.data,
                deputy=_optional_user(form.deputy_id.data),
                starts_on=form.starts_on.data,
                ends_on=form.ends_on.data,
            )
        except PeopleError as error:
            _fail(form, error)
        else:
            db.session.commit()
            flash("Membership saved.", "success")
            return redirect(url_for("people.body", slug=found.slug))
    return render_template("people/membership_form.html", form=form, body=found, membership=membership)


def remove_membership(slug: str, membership_id: int):
    """Secretariat: remove a seat entered in error (to end a seat, set its end date)."""
    found = load_body(slug)
    membership = db.get_or_404(Membership, membership_id)
    if membership.body_id != found.id:
        abort(404)
    require(permissions.can_manage_bodies(current_user))
    if ConfirmForm().validate_on_submit():
        services.remove_membership(membership, actor=current_user)
        db.session.commit()
        flash("Membership removed.", "success")
    return redirect(url_for("people.body", slug=found.slug))
