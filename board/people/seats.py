"""Who holds a seat on a body on a given day: the question meetings, quorum and minutes ask."""

from datetime import date
from functools import cache

import sqlalchemy as sa

from board.extensions import db
from board.people.models import Body, Membership, Role, User


@cache
def _seats_statement():
    """``current_memberships``' statement, built once (on first use, when the mappers are
    known): meeting pages and the home page's quorum checks run it on every look."""
    return (
        sa.select(Membership)
        .join(Membership.user)
        .where(Membership.body_id == sa.bindparam("body_id"), User.is_enabled.is_(True))
        .order_by(Membership.id)
    )


def current_memberships(body: Body, on: date) -> list[Membership]:
    """Seats held on the body on a day, by people who can still sign in."""
    rows = db.session.scalars(_seats_statement(), {"body_id": body.id}).all()
    return [m for m in rows if m.is_current(on)]


def body_chair(body: Body, on: date) -> User | None:
    """Who chairs the body on that day (the chair, else the vice-chair)."""
    seats = current_memberships(body, on)
    for role in (Role.CHAIR, Role.VICE_CHAIR):
        for seat in seats:
            if seat.role == role:
                return seat.user
    return None
