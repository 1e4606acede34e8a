"""Demo bodies over time: terms of reference versions, a forward plan for both bodies, a
task-and-finish group that was set up and has closed, a sub-group decision marked for the
Board's attention, and someone who turned the action digest off.

Dates are relative to today. Safe to run again: each step looks for what it made.
"""

from datetime import time, timedelta

import sqlalchemy as sa

from board.agendas import publishing
from board.agendas import services as agendas
from board.agendas.models import Purpose
from board.bodies import plan, reporting, services
from board.bodies.models import ParentReport, PlanItem, TermsVersion
from board.common.models import utcnow
from board.common.timeutil import london_to_utc, today_london
from board.decisions.models import Decision
from board.extensions import db
from board.meetings import services as meetings
from board.meetings.models import Meeting, MeetingStatus
from board.minutes.models import Minutes, MinutesStatus
from board.people import mail_choices
from board.people import services as people
from board.people.models import Body, Role

TFG_SLUG = "naloxone-tfg"
TFG_TERMS_V1 = """## Purpose
To plan the roll-out of naloxone carried by West Yorkshire Police officers beyond the Leeds
and Wakefield pilot, and report to the Board.

## Membership
West Yorkshire Police, the five districts' public health teams, the secretariat.
"""
TFG_TERMS_V2 = (
    TFG_TERMS_V1
    + """
## Ending
The group closes when the Board agrees the county-wide roll-out plan.
"""
)

# body key, title, purpose, lead organisation, lead person (e-mail), which upcoming meeting (0 = next)
PLAN = [
    ("board", "Naloxone carried by police officers: evaluation of the pilot", Purpose.DECISION, "WYP", "member", 0),
    ("board", "Suspected drug-related deaths: annual review", Purpose.DISCUSSION, "Public Health", "vicechair", 0),
    ("board", "Project ADDER: lessons for the other districts", Purpose.INFORMATION, "Wakefield", "lead.wakefield", 1),
    ("board", "Treatment capacity after the grant ends", Purpose.DISCUSSION, "WYCA", None, None),
    ("sog", "Mass-overdose response plan: exercise debrief", Purpose.DISCUSSION, "LRF", "lrf", 0),
    ("sog", "Drug checking results: nitazenes in the county", Purpose.INFORMATION, "Drug checking", "drugchecking", 0),
    ("sog", "HM Coroner: prevention of future deaths reports", Purpose.INFORMATION, "HM Coroner", "coroner", 1),
    ("sog", "Naloxone in custody suites", Purpose.DECISION, "WYP", "deputy.wyp", 2),
]


def _upcoming(body: Body) -> list[Meeting]:
    return list(
        db.session.scalars(
            sa.select(Meeting)
            .where(Meeting.body_id == body.id, Meeting.status == MeetingStatus.SCHEDULED, Meeting.starts_at > utcnow())
            .order_by(Meeting.starts_at)
        )
    )


def _terms(ctx: dict, actor) -> int:
    made = 0
    for body in (ctx["board"], ctx["sog"]):
        if body.terms_of_reference and not db.session.scalar(
            sa.select(TermsVersion.id).where(TermsVersion.body_id == body.id).limit(1)
        ):
            db.session.add(
                TermsVersion(
                    body=body,
                    number=1,
                    source=body.terms_of_reference,
                    html=body.terms_of_reference_html,
                    author_id=actor.id,
                    created_at=utcnow() - timedelta(days=400),
                )
            )
            made += 1
    return made


def _forward_plan(ctx: dict, actor) -> int:
    if db.session.scalar(sa.select(PlanItem.id).limit(1)):
        return 0
    users, orgs = ctx["users"], ctx["orgs"]
    made = 0
    for key, title, purpose, org, lead, which in PLAN:
        body = ctx[key]
        upcoming = _upcoming(body)
        meeting = upcoming[which] if which is not None and which < len(upcoming) else None
        plan.add_item(
            body,
            actor=actor,
            title=title,
            purpose=purpose.value,
            lead_organisation=orgs[org],
            lead_user=users[f"{lead}@example.org"] if lead else None,
            meeting=meeting,
            status="proposed",
            notes="",
        )
        made += 1
    db.session.flush()
    # One Board item deferred once already, so its history shows the move.
    board_next = _upcoming(ctx["board"])
    if len(board_next) > 1:
        item = db.session.scalar(sa.select(PlanItem).where(PlanItem.title.like("Project ADDER%")))
        item.meeting = board_next[0]
        plan.defer_item(item, actor=actor, note="The evaluation report is not ready; Wakefield asked for more time.")
    return made


def _closed_group(ctx: dict, actor) -> bool:
    """A task-and-finish group of the Board, set up a year ago, met twice, closed last month."""
    if db.session.scalar(sa.select(Body.id).where(Body.slug == TFG_SLUG)):
        return False
    today = today_london()
    users = ctx["users"]
    body = services.create_body(
        actor=actor,
        name="Police Naloxone Roll-out Task and Finish Group",
        short_name="Naloxone TFG",
        reference_prefix="NTF",
        parent=ctx["board"],
        cadence_weeks=8,
        quorum_members=2,
        quorum_needs_chair=False,
        terms_of_reference=TFG_TERMS_V1,
    )
    body.slug = TFG_SLUG
    services.update_body(body, actor=actor, terms_of_reference=TFG_TERMS_V2)
    started = today - timedelta(days=330)
    for email, role in (
        ("member@example.org", Role.CHAIR),
        ("publichealth.leeds@example.org", Role.MEMBER),
        ("lead.wakefield@example.org", Role.MEMBER),
        ("deputy.wyp@example.org", Role.ADVISER),
    ):
        people.save_membership(
            None,
            body=body,
            actor=actor,
            user=users[email],
            role=role.value,
            deputy=None,
            starts_on=started,
            ends_on=None,
        )
    for days_ago in (300, 240):
        day = today - timedelta(days=days_ago)
        meeting = meetings.create_meeting(
            body,
            actor=actor,
            send=False,
            title="Naloxone Task and Finish Group",
            venue="Wellington House, Leeds",
            join_url="",
            notes="",
            starts_at=london_to_utc(day, time(10)),
            ends_at=london_to_utc(day, time(11)),
        )
        meeting.status = MeetingStatus.HELD.value
        agendas.add_item(
            meeting,
            {"title": "Roll-out plan: progress by district", "purpose": Purpose.DISCUSSION.value},
            by=actor,
        )
        db.session.flush()
        publishing.publish_agenda(meeting, by=actor, notify=False)  # held meetings had their agenda sent
    services.close_body(body, actor=actor, on=today - timedelta(days=30))
    return True


def _flag_for_board(ctx: dict, actor) -> int:
    """A Sub-group decision in approved minutes, marked for the Board's attention (not yet reported)."""
    if db.session.scalar(sa.select(ParentReport.id).limit(1)):
        return 0
    decision = db.session.scalar(
        sa.select(Decision)
        .join(Minutes, Minutes.meeting_id == Decision.meeting_id)
        .where(
            Decision.body_id == ctx["sog"].id,
            Decision.is_confidential.is_(False),
            Minutes.status == MinutesStatus.APPROVED,
        )
        .order_by(Decision.decided_on.desc())
        .limit(1)
    )
    if decision is None:
        return 0
    reporting.flag(
        ctx["sog"],
        kind="decision",
        record_id=decision.id,
        actor=actor,
        note="The Sub-group asks the Board to support this across all five districts.",
    )
    return 1


def seed_bodies(ctx: dict) -> dict:
    """Run after meetings, agendas, actions and minutes; returns counts."""
    actor = ctx["users"]["secretariat@example.org"]
    terms = _terms(ctx, actor)
    planned = _forward_plan(ctx, actor)
    closed = _closed_group(ctx, actor)
    flagged = _flag_for_board(ctx, actor)
    kirklees = ctx["users"]["lead.kirklees@example.org"]
    if not kirklees.mail_opt_outs:
        mail_choices.set_choices(kirklees, {"action_digest"})
    db.session.flush()
    return {"terms": terms, "plan": planned, "closed": int(closed), "flagged": flagged}
