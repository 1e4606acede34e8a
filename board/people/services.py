"""Changing who is who. Services take plain values and the acting user; never commit."""

import sqlalchemy as sa

from board.audit.services import apply_changes, record
from board.auth.services import normalise_email, send_invitation
from board.auth.sessions import end_sessions
from board.common.markdown import render_markdown
from board.common.models import lock_row
from board.extensions import db
from board.people import mail_choices
from board.people.models import Body, Membership, Organisation, UpdateContact, User


class PeopleError(Exception):
    """A change that the rules refuse; the message is for the person who asked."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def email_taken(email: str, *, except_id: int | None = None) -> bool:
    query = sa.select(User.id).where(User.email == normalise_email(email))
    if except_id:
        query = query.where(User.id != except_id)
    return db.session.scalar(query) is not None


def invite_user(*, email, name, organisation, job_title="", is_secretariat=False, actor, send=True) -> User:
    """Create a user and e-mail them a link to set their password."""
    if email_taken(email):
        raise PeopleError("A user with this email address already exists", "email")
    user = User(
        email=normalise_email(email),
        name=name,
        organisation=organisation,
        job_title=job_title or "",
        is_secretariat=is_secretariat,
    )
    db.session.add(user)
    db.session.flush()
    record("created", user, actor=actor, changes={"email": [None, user.email]})
    if send:
        send_invitation(user, actor=actor)
    return user


def update_user(user: User, *, actor, **values) -> dict:
    """Edit a user's details; an e-mail change must stay unique."""
    if "email" in values:
        values["email"] = normalise_email(values["email"])
        if email_taken(values["email"], except_id=user.id):
            raise PeopleError("A user with this email address already exists", "email")
    changes = apply_changes(user, values)
    if changes:
        record("updated", user, actor=actor, changes=changes)
    return changes


def set_user_enabled(user: User, enabled: bool, *, actor) -> None:
    """Deactivate (ending every session) or reactivate a user."""
    if user.id == actor.id and not enabled:
        raise PeopleError("You cannot deactivate your own account")
    if user.is_enabled == enabled:
        return
    user.is_enabled = enabled
    if not enabled:
        end_sessions(user)
    record("reactivated" if enabled else "deactivated", user, actor=actor)


def end_user_sessions(user: User, *, actor) -> int:
    """Secretariat: sign a person out of every session (audited); returns how many were live."""
    if user.id == actor.id:
        raise PeopleError("To sign yourself out elsewhere, use your account page")
    ended = end_sessions(user)
    record("sessions_ended", user, actor=actor, changes={"sessions_ended": [None, ended]})
    return ended


def _same_name(a: str, b: str) -> bool:
    """Names that differ only in letter case or surrounding spaces are the same name."""
    return a.strip().casefold() == b.strip().casefold()


def save_organisation(org: Organisation | None, *, actor, **values) -> Organisation:
    """Create or edit an organisation; its name and short name must each be unused (any letter case)."""
    others = db.session.execute(
        sa.select(Organisation.name, Organisation.short_name).where(Organisation.id != (org.id if org else -1))
    ).all()
    for field, what in (("name", "name"), ("short_name", "short name")):
        if any(_same_name(getattr(row, field), values[field]) for row in others):
            raise PeopleError(f"Another organisation already has this {what}", field)
    if org is None:
        org = Organisation(**values)
        db.session.add(org)
        db.session.flush()
        record("created", org, actor=actor, changes={k: [None, v] for k, v in values.items()})
        return org
    changes = apply_changes(org, values)
    if changes:
        record("updated", org, actor=actor, changes=changes)
    return org


def delete_organisation(org: Organisation, *, actor) -> None:
    """Delete an organisation that nobody belongs to."""
    count = db.session.scalar(sa.select(sa.func.count()).select_from(User).where(User.organisation_id == org.id))
    if count:
        raise PeopleError(
            f"{org.name} still has {count} {'user' if count == 1 else 'users'}. "
            "Move them to another organisation first."
        )
    record("deleted", org, actor=actor)
    db.session.delete(org)


def update_body(body: Body, *, actor, **values) -> dict:
    """Edit a body's settings (its name must be unused, any letter case); the terms of reference are rendered once, here."""
    if "name" in values:
        names = db.session.scalars(sa.select(Body.name).where(Body.id != body.id)).all()
        if any(_same_name(name, values["name"]) for name in names):
            raise PeopleError("Another body already has this name", "name")
    if "terms_of_reference" in values:
        values["terms_of_reference_html"] = str(render_markdown(values["terms_of_reference"]))
    changes = apply_changes(body, values)
    changes.pop("terms_of_reference_html", None)
    if changes:
        record("updated", body, actor=actor, changes=changes)
    return changes


def save_membership(membership: Membership | None, *, body: Body, actor, **values) -> Membership:
    """Add or edit a seat on a body."""
    starts, ends = values.get("starts_on"), values.get("ends_on")
    if starts and ends and ends < starts:
        raise PeopleError("The end date must be the same as or after the start date", "ends_on")
    if values.get("deputy") is not None and values["deputy"].id == values["user"].id:
        raise PeopleError("A member cannot be their own deputy", "deputy")
    label = f"{values['user'].name} on {body.short_name}"
    if membership is None:
        membership = Membership(body=body, **values)
        db.session.add(membership)
        db.session.flush()
        record("created", membership, actor=actor, label=label, changes={"role": [None, values["role"]]})
        return membership
    changes = apply_changes(membership, values)
    if changes:
        record("updated", membership, actor=actor, label=label, changes=changes)
    return membership


def remove_membership(membership: Membership, *, actor) -> None:
    record("deleted", membership, actor=actor, label=f"{membership.user.name} on {membership.body.short_name}")
    db.session.delete(membership)


def add_update_contact(org: Organisation, user: User, *, actor) -> UpdateContact:
    """Make a person one of the organisation's update contacts."""
    lock_row(org)
    existing = db.session.scalar(
        sa.select(UpdateContact).where(UpdateContact.organisation_id == org.id, UpdateContact.user_id == user.id)
    )
    if existing:
        raise PeopleError(f"{user.name} is already an update contact for {org.name}", "user")
    contact = UpdateContact(organisation=org, user=user)
    db.session.add(contact)
    db.session.flush()
    record("created", contact, actor=actor, label=f"{user.name}, update contact for {org.short_name}")
    return contact


def remove_update_contact(contact: UpdateContact, *, actor) -> None:
    record(
        "deleted",
        contact,
        actor=actor,
        label=f"{contact.user.name}, update contact for {contact.organisation.short_name}",
    )
    db.session.delete(contact)


def update_own_details(user: User, *, name: str, job_title: str) -> dict:
    """A person changes their own name and job title (audited, with themself as the actor)."""
    return update_user(user, actor=user, name=name, job_title=job_title or "")


def set_mail_choices(user: User, turned_off: set[str], *, actor) -> dict:
    """Turn the optional e-mails in ``turned_off`` off and every other one on (audited)."""
    changes = mail_choices.set_choices(user, turned_off)
    if changes:
        record("mail choices changed", user, actor=actor, changes=changes)
    return changes
