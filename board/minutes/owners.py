"""Who an ``@owner`` in an ACTION line names: an e-mail address, a name, or an organisation's lead.

Also the e-mail-free way of naming people on readers' pages. Never commits.
"""

import re

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from board.extensions import db
from board.people.models import Organisation, UpdateContact, User

LEAD = re.compile(r"^(?P<org>.+?)\s+lead$", re.IGNORECASE)
# Bounded parts (an address's local part is at most 64 characters, a label 63): with "+"
# a long run of local-part characters and no "@" (e.g. "*_*_…") is scanned from every
# start, which is quadratic; bounded, each start looks at most 64 characters ahead.
EMAIL = re.compile(
    r"(?<![A-Za-z0-9.!#$%&'*+/=?^_`{|}~-])[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}"
    r"@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9-]{1,63})+"
)


def person(user: User) -> str:
    """'Rachel Whitaker (Leeds)': how readers see an owner (never the e-mail address)."""
    return f"{user.name} ({user.organisation.short_name})" if user.organisation else user.name


def _candidates(users: list[User]) -> str:
    """'Rachel Whitaker (Leeds), lead.leeds@example.org or …' for the editor choosing one."""
    named = [f"{person(u)}, {u.email}" for u in sorted(users, key=lambda u: (u.name.lower(), u.email))]
    return ", ".join(named[:-1]) + f" or {named[-1]}" if len(named) > 1 else named[0]


def _enabled_users() -> list[User]:
    return db.session.scalars(
        sa.select(User).where(User.is_enabled.is_(True)).options(selectinload(User.organisation))
    ).all()


def _organisation_lead(handle: str, key: str) -> User | str | None:
    """The lead of the organisation '@Leeds lead' names, why not, or None (not that form)."""
    found = LEAD.match(key)
    if not found:
        return None
    org_key = found.group("org").strip().lower()
    org = db.session.scalar(
        sa.select(Organisation).where(
            sa.or_(sa.func.lower(Organisation.short_name) == org_key, sa.func.lower(Organisation.name) == org_key)
        )
    )
    if org is None:
        return None
    leads = db.session.scalars(
        sa.select(User)
        .join(UpdateContact, UpdateContact.user_id == User.id)
        .where(UpdateContact.organisation_id == org.id, User.is_enabled.is_(True))
        .options(selectinload(User.organisation))
    ).all()
    if not leads:
        return f"{org.short_name} has no lead recorded: name the owner or use their e-mail address"
    if len(leads) > 1:
        return f"{org.short_name} has more than one lead: {_candidates(leads)}. Name one of them"
    return leads[0]


def resolve_owner(handle: str, users: list[User] | None = None) -> User | str:
    """The enabled user an @owner names, or a message saying why not (naming the candidates if several)."""
    key = " ".join((handle or "").strip().lstrip("@").split())
    if not key:
        return "Name an owner after the @"
    users = _enabled_users() if users is None else users
    lowered = key.lower()
    by_email = [u for u in users if u.email.lower() == lowered]
    if by_email:
        return by_email[0]
    lead = _organisation_lead(handle, key)
    if lead is not None:
        return lead
    for match in (lambda u: u.name.lower() == lowered, lambda u: u.email.lower().split("@")[0] == lowered):
        found = [u for u in users if match(u)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            return f"More than one person is called “{key}”: {_candidates(found)}. Use their e-mail address"
    if "@" in key:
        return f"No one here has the e-mail address “{key}”"
    return f"No one here is called “{key}”: use their name as recorded here, their e-mail address, or “@Leeds lead”"


def without_emails(text: str, users: list[User] | None = None) -> str:
    """The text with every e-mail address replaced by the person's name (or a placeholder)."""
    if "@" not in (text or ""):
        return text or ""
    names = {u.email.lower(): u.name for u in (_enabled_users() if users is None else users)}
    return EMAIL.sub(lambda m: names.get(m.group(0).lower(), "[e-mail address withheld]"), text)


def withhold_emails(text: str) -> str:
    """The text with every e-mail address withheld (pure: for places that cannot look people up)."""
    return EMAIL.sub("[e-mail address withheld]", text or "")
