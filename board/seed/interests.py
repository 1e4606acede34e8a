"""Demo registers of interests (some with nothing to declare), an open review request,
and declarations at past meetings (taken into their minutes). Safe to run again."""

from datetime import timedelta

import sqlalchemy as sa

from board.agendas.services import load_items
from board.common.models import utcnow
from board.common.timeutil import today_london
from board.extensions import db
from board.interests import declarations, register
from board.interests.models import Declaration, RegisterVersion, ReviewRequest
from board.meetings.models import Meeting, MeetingStatus

# email -> [(category, description, days ago, value)]; an empty list: nothing to declare.
REGISTERS = {
    "chair@example.org": [
        ("employment", "Deputy Mayor for Policing and Crime, West Yorkshire Combined Authority", 900, None),
        ("memberships", "Trustee, a Leeds homelessness charity (unpaid)", 1400, None),
    ],
    "vicechair@example.org": [
        ("employment", "Director of Public Health, Kirklees Council", 2000, None),
        ("appointments", "Non-executive director, a Yorkshire NHS community trust", 600, None),
    ],
    "lead.leeds@example.org": [
        ("employment", "Leeds City Council, Combating Drugs Partnership Lead", 1200, None),
        ("memberships", "Member, Leeds Drug and Alcohol Partnership board", 800, None),
        ("gifts", "Dinner at a treatment providers' conference, from the organisers", 120, 85),
    ],
    "lead.bradford@example.org": [
        ("contracts", "Spouse employed by a provider bidding for the Bradford treatment contract", 300, None),
    ],
    "hmpps@example.org": [("employment", "HM Prison & Probation Service, Yorkshire region", 1500, None)],
    "drugchecking@example.org": [
        ("employment", "Leeds University, drug checking service", 1100, None),
        ("other", "Co-author of research funded by a naloxone manufacturer (no personal payment)", 400, None),
    ],
    "member@example.org": [],
    "lead.wakefield@example.org": [],
    "lead.kirklees@example.org": [],
    "coroner@example.org": [],
    "secretariat@example.org": [],
}


def seed_interests(ctx) -> dict:
    """Registers, one open review request, declarations at past meetings; returns counts."""
    users, actor = ctx["users"], ctx["users"]["secretariat@example.org"]
    today = today_london()
    made = {"registers": 0, "declarations": 0}
    for email, interests in REGISTERS.items():
        user = users[email]
        if db.session.scalar(sa.select(RegisterVersion.id).where(RegisterVersion.user_id == user.id).limit(1)):
            continue
        if not interests:
            register.declare_nothing(user, actor=user)
        for category, description, days, value in interests:
            register.add_interest(
                user,
                category=category,
                description=description,
                dated_on=today - timedelta(days=days),
                value_pounds=value,
                actor=user,
            )
        made["registers"] += 1
    # The Board's yearly review: asked, and not yet done by the Kirklees lead.
    if not db.session.scalar(sa.select(ReviewRequest.id).limit(1)):
        db.session.add(
            ReviewRequest(user=users["lead.kirklees@example.org"], body=ctx["board"], requested_by_id=actor.id)
        )
    made["declarations"] = _declarations(ctx, actor)
    db.session.flush()
    return made


def _declarations(ctx, actor) -> int:
    """At the last two held meetings of each body, declarations on the first update item."""
    users, count = ctx["users"], 0
    who = {  # who declares, on the item whose title names this
        "board": [("lead.bradford@example.org", "bradford"), ("lead.leeds@example.org", "leeds")],
        "sog": [("drugchecking@example.org", "drug checking"), ("drugchecking@example.org", "naloxone")],
    }
    for key in ("board", "sog"):
        held = db.session.scalars(
            sa.select(Meeting)
            .where(
                Meeting.body_id == ctx[key].id,
                Meeting.starts_at < utcnow(),
                Meeting.status != MeetingStatus.CANCELLED.value,
            )
            .order_by(Meeting.starts_at.desc())
            .limit(2)
        ).all()
        for meeting in held:
            if db.session.scalar(sa.select(Declaration.id).where(Declaration.meeting_id == meeting.id).limit(1)):
                continue
            items = load_items(meeting)
            for n, (email, topic) in enumerate(who[key]):
                user = users[email]
                item = next((i for i in items if topic in i.title.lower()), None)
                if item is None or meeting.attendance_of(user) is None:
                    continue
                entries = declarations.register_choices(user)
                declarations.record_declaration(
                    meeting,
                    user=user,
                    item=item,
                    interest=entries[n % len(entries)].description if entries else "A relative works for a provider",
                    register_item=entries[n % len(entries)] if entries else None,
                    is_withdrawn=n == 0,
                    actor=actor,
                )
                count += 1
    return count
