"""Secretariat administration of people and organisations; the pages of bodies and their members.

Changing bodies and seats (which reaches into meetings) is the bodies area's (board/bodies)."""

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from board import permissions
from board.auth.services import send_invitation
from board.auth.sessions import live_sessions
from board.common.access import require
from board.common.forms import ConfirmForm
from board.common.forms import show_refusal as _fail
from board.common.timeutil import today_london
from board.extensions import db
from board.people import services
from board.people.forms import MailChoicesForm, OrganisationForm, OwnDetailsForm, UpdateContactForm, UserForm
from board.people.mail_choices import opted_out
from board.people.models import Body, Membership, Organisation, UpdateContact, User

bp = Blueprint("people", __name__)


@bp.before_request
@login_required
def _signed_in():
    """Every page here needs a signed-in user; each view checks what they may do."""


# --- users -----------------------------------------------------------------------


@bp.get("/admin/users")
def users():
    """Secretariat: everyone with an account."""
    require(permissions.can_administer_people(current_user))
    rows = db.session.scalars(
        sa.select(User)
        .options(selectinload(User.organisation), selectinload(User.mail_opt_outs))
        .order_by(User.is_enabled.desc(), User.name)
    ).all()
    return render_template("people/users.html", users=rows, opted_out=opted_out)


@bp.route("/admin/users/new", methods=["GET", "POST"])
def invite_user():
    """Secretariat: invite a new user by e-mail."""
    require(permissions.can_administer_people(current_user))
    form = UserForm()
    if form.validate_on_submit():
        try:
            user = services.invite_user(
                email=form.email.data,
                name=form.name.data,
                job_title=form.job_title.data,
                organisation=db.session.get(Organisation, int(form.organisation_id.data)),
                is_secretariat=form.is_secretariat.data,
                actor=current_user,
            )
        except services.PeopleError as error:
            _fail(form, error)
        else:
            db.session.commit()
            flash(f"Invitation sent to {user.email}.", "success")
            return redirect(url_for("people.user", user_id=user.id))
    return render_template("people/user_form.html", form=form, user=None)


@bp.get("/admin/users/<int:user_id>")
def user(user_id: int):
    """Secretariat, or the person themself: a person's details and seats."""
    person = db.get_or_404(User, user_id)
    require(permissions.can_view_user(current_user, person))
    live = len(live_sessions(person)) if permissions.can_administer_people(current_user) else None
    return render_template("people/user.html", person=person, confirm=ConfirmForm(), live_sessions=live)


@bp.route("/admin/users/<int:user_id>/edit", methods=["GET", "POST"])
def edit_user(user_id: int):
    """Secretariat: change a person's details."""
    person = db.get_or_404(User, user_id)
    require(permissions.can_administer_people(current_user))
    form = UserForm(obj=person)
    if not form.is_submitted():
        form.organisation_id.data = str(person.organisation_id or "")
    if form.validate_on_submit():
        try:
            services.update_user(
                person,
                actor=current_user,
                email=form.email.data,
                name=form.name.data,
                job_title=form.job_title.data,
                is_secretariat=form.is_secretariat.data,
                organisation_id=int(form.organisation_id.data),
            )
        except services.PeopleError as error:
            _fail(form, error)
        else:
            db.session.commit()
            flash("Details saved.", "success")
            return redirect(url_for("people.user", user_id=person.id))
    return render_template("people/user_form.html", form=form, user=person)


@bp.post("/admin/users/<int:user_id>/<any(deactivate, reactivate):change>")
def set_enabled(user_id: int, change: str):
    """Secretariat: deactivate (signing them out everywhere) or reactivate a person."""
    person = db.get_or_404(User, user_id)
    require(permissions.can_administer_people(current_user))
    if ConfirmForm().validate_on_submit():
        try:
            services.set_user_enabled(person, change == "reactivate", actor=current_user)
        except services.PeopleError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(f"{person.name} {'reactivated' if change == 'reactivate' else 'deactivated'}.", "success")
    return redirect(url_for("people.user", user_id=person.id))


@bp.post("/admin/users/<int:user_id>/end-sessions")
def end_sessions(user_id: int):
    """Secretariat: sign a person out of every session they have."""
    person = db.get_or_404(User, user_id)
    require(permissions.can_administer_people(current_user))
    if ConfirmForm().validate_on_submit():
        try:
            ended = services.end_user_sessions(person, actor=current_user)
        except services.PeopleError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(f"{person.name} is signed out of {ended} session{'' if ended == 1 else 's'}.", "success")
    return redirect(url_for("people.user", user_id=person.id))


@bp.post("/admin/users/<int:user_id>/invite")
def resend_invitation(user_id: int):
    """Secretariat: send a fresh invitation link (earlier links stop working)."""
    person = db.get_or_404(User, user_id)
    require(permissions.can_administer_people(current_user))
    if ConfirmForm().validate_on_submit() and person.is_enabled:
        send_invitation(person, actor=current_user)
        db.session.commit()
        flash(f"A new invitation was sent to {person.email}.", "success")
    return redirect(url_for("people.user", user_id=person.id))


# --- one's own details and e-mail -------------------------------------------------------


@bp.route("/account/details", methods=["GET", "POST"])
def own_details():
    """Anyone signed in: change their own name and job title."""
    require(permissions.can_change_own_details(current_user))
    form = OwnDetailsForm(obj=current_user)
    if form.validate_on_submit():
        services.update_own_details(current_user, name=form.name.data, job_title=form.job_title.data)
        db.session.commit()
        flash("Your details are saved.", "success")
        return redirect(url_for("auth.account"))
    return render_template("people/own_details.html", form=form)


@bp.route("/account/emails", methods=["GET", "POST"])
def mail_choices():
    """Anyone signed in: choose which reminders, digests and chases they get by e-mail."""
    require(permissions.can_change_own_details(current_user))
    form = MailChoicesForm()
    if not form.is_submitted():
        off = {o.kind for o in current_user.mail_opt_outs}
        for field in form:
            if field.name in off:
                field.data = "off"
    if form.validate_on_submit():
        services.set_mail_choices(current_user, form.turned_off(), actor=current_user)
        db.session.commit()
        flash("Your e-mail choices are saved.", "success")
        return redirect(url_for("auth.account"))
    return render_template("people/mail_choices.html", form=form)


# --- organisations -----------------------------------------------------------------


@bp.get("/admin/organisations")
def organisations():
    """Secretariat: the partner organisations and their update contacts."""
    require(permissions.can_administer_people(current_user))
    rows = db.session.scalars(
        sa.select(Organisation)
        .options(
            selectinload(Organisation.update_contacts).selectinload(UpdateContact.user),
            selectinload(Organisation.users),
        )
        .order_by(Organisation.name)
    ).all()
    return render_template("people/organisations.html", organisations=rows)


@bp.route("/admin/organisations/new", methods=["GET", "POST"])
@bp.route("/admin/organisations/<int:org_id>/edit", methods=["GET", "POST"])
def edit_organisation(org_id: int | None = None):
    """Secretariat: add or edit an organisation."""
    org = db.get_or_404(Organisation, org_id) if org_id else None
    require(permissions.can_administer_people(current_user))
    form = OrganisationForm(obj=org)
    if form.validate_on_submit():
        try:
            org = services.save_organisation(
                org, actor=current_user, name=form.name.data, short_name=form.short_name.data, kind=form.kind.data
            )
        except services.PeopleError as error:
            _fail(form, error)
        else:
            db.session.commit()
            flash(f"{org.name} saved.", "success")
            return redirect(url_for("people.organisation", org_id=org.id))
    return render_template("people/organisation_form.html", form=form, org=org)


@bp.get("/admin/organisations/<int:org_id>")
def organisation(org_id: int):
    """Secretariat: an organisation, its people and its update contacts."""
    org = db.get_or_404(Organisation, org_id)
    require(permissions.can_administer_people(current_user))
    return render_template("people/organisation.html", org=org, contact_form=UpdateContactForm(), confirm=ConfirmForm())


@bp.post("/admin/organisations/<int:org_id>/delete")
def delete_organisation(org_id: int):
    """Secretariat: delete an organisation nobody belongs to."""
    org = db.get_or_404(Organisation, org_id)
    require(permissions.can_administer_people(current_user))
    if ConfirmForm().validate_on_submit():
        try:
            services.delete_organisation(org, actor=current_user)
        except services.PeopleError as error:
            flash(str(error), "error")
            return redirect(url_for("people.organisation", org_id=org.id))
        db.session.commit()
        flash(f"{org.name} deleted.", "success")
    return redirect(url_for("people.organisations"))


@bp.post("/admin/organisations/<int:org_id>/contacts")
def add_update_contact(org_id: int):
    """Secretariat: make someone an update contact for the organisation."""
    org = db.get_or_404(Organisation, org_id)
    require(permissions.can_administer_people(current_user))
    form = UpdateContactForm()
    if form.validate_on_submit():
        try:
            services.add_update_contact(org, db.get_or_404(User, int(form.user_id.data)), actor=current_user)
        except services.PeopleError as error:
            _fail(form, error)
        else:
            db.session.commit()
            flash("Update contact added.", "success")
            return redirect(url_for("people.organisation", org_id=org.id))
    # As form=, too: the page's error summary lists what was refused.
    return render_template("people/organisation.html", org=org, contact_form=form, form=form, confirm=ConfirmForm())


@bp.post("/admin/organisations/<int:org_id>/contacts/<int:contact_id>/remove")
def remove_update_contact(org_id: int, contact_id: int):
    """Secretariat: stop someone being an update contact."""
    contact = db.get_or_404(UpdateContact, contact_id)
    if contact.organisation_id != org_id:
        abort(404)
    require(permissions.can_administer_people(current_user))
    if ConfirmForm().validate_on_submit():
        services.remove_update_contact(contact, actor=current_user)
        db.session.commit()
        flash("Update contact removed.", "success")
    return redirect(url_for("people.organisation", org_id=org_id))


# --- bodies and memberships ----------------------------------------------------------


@bp.get("/bodies")
def bodies():
    """Anyone signed in: the bodies they can see."""
    rows = db.session.scalars(sa.select(Body).order_by(Body.id)).all()
    visible = [b for b in rows if permissions.can_view_body(current_user, b)]
    return render_template("people/bodies.html", bodies=visible)


@bp.get("/bodies/<slug>")
def body(slug: str):
    """Members and the secretariat: a body's terms of reference and members."""
    found = db.first_or_404(sa.select(Body).where(Body.slug == slug))
    require(permissions.can_view_body(current_user, found))
    memberships = db.session.scalars(
        sa.select(Membership)
        .where(Membership.body_id == found.id)
        .options(selectinload(Membership.user).selectinload(User.organisation), selectinload(Membership.deputy))
        .join(User, User.id == Membership.user_id)
        .order_by(Membership.role, User.name)
    ).all()
    today = today_london()
    # A past member keeps their place in the record, in a table of their own.
    past = [m for m in memberships if m.ends_on is not None and m.ends_on < today]
    current = [m for m in memberships if m not in past]
    return render_template(
        "people/body.html", body=found, memberships=memberships, current=current, past=past, confirm=ConfirmForm()
    )
