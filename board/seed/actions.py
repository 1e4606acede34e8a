"""Demo actions and decisions: about forty actions in every state, fifteen decisions."""

from datetime import UTC, datetime, time, timedelta

import sqlalchemy as sa

from board.actions import services as actions
from board.actions.models import Action, ActionStatus
from board.common.timeutil import today_london
from board.decisions import services as decisions
from board.decisions.models import Decision, DecisionStatus
from board.extensions import db
from board.meetings.models import Meeting

O, P, D, C, X = (
    ActionStatus.OPEN,
    ActionStatus.IN_PROGRESS,
    ActionStatus.DONE,
    ActionStatus.CLOSED,
    ActionStatus.CANCELLED,
)

# body, owner, description, due (days from today), status, progress note
ACTIONS = [
    (
        "board",
        "lead.bradford",
        "Share Bradford's naloxone distribution figures by pharmacy with the secretariat",
        -21,
        O,
        None,
    ),
    (
        "board",
        "lead.calderdale",
        "Confirm Calderdale's lead for the Test on Arrest referral pathway",
        -9,
        P,
        "Interim lead named; substantive post advertised.",
    ),
    ("board", "lead.kirklees", "Circulate the Kirklees treatment capacity review to members", -3, O, None),
    (
        "board",
        "lead.leeds",
        "Present the Leeds drug-related deaths review findings",
        5,
        P,
        "Draft findings with the coroner's office for a factual check.",
    ),
    ("board", "lead.wakefield", "Report Project ADDER outcomes for the last two quarters", 10, O, None),
    (
        "board",
        "hmpps",
        "Set out continuity-of-care figures for prison leavers into treatment",
        12,
        P,
        "Q2 data received from two prisons; waiting for the rest.",
    ),
    ("board", "member", "Brief the Board on the Drug Intervention Programme custody suite coverage", 20, O, None),
    (
        "board",
        "vicechair",
        "Draft the West Yorkshire drug and alcohol treatment needs assessment scope",
        35,
        P,
        "Scoping meeting held with the five public health teams.",
    ),
    ("board", "liaison", "Map liaison and diversion referral routes for young adults", 40, O, None),
    ("board", "vrp", "Align Violence Reduction Partnership hotspots with drug market intelligence", 60, O, None),
    (
        "board",
        "chair",
        "Write to the Home Office about the continuation of the treatment grant",
        7,
        P,
        "Letter drafted; with the Mayor's office.",
    ),
    ("board", "lead.bradford", "Agree a shared outcome measure for treatment engagement", 28, O, None),
    ("board", "lead.leeds", "Identify good practice on women's treatment services to share", 45, O, None),
    (
        "board",
        "publichealth.leeds",
        "Produce a dashboard of treatment waiting times by district",
        -14,
        P,
        "Data-sharing agreement signed; build started.",
    ),
    ("board", "probation", "Confirm probation's named contacts for each district partnership", -30, O, None),
    (
        "board",
        "lead.kirklees",
        "Complete the Kirklees needs assessment refresh",
        3,
        D,
        "Completed and published on the council website.",
    ),
    (
        "board",
        "hmpps",
        "Share the prison drug strategy summary with members",
        -5,
        D,
        "Circulated by email on behalf of HMPPS.",
    ),
    ("board", "lead.wakefield", "Send Wakefield's naloxone pilot evaluation to the secretariat", 1, D, "Sent."),
    (
        "board",
        "member",
        "Provide figures for Test on Arrest referrals into treatment",
        -40,
        C,
        "Figures presented at the last meeting.",
    ),
    ("board", "lead.calderdale", "Nominate a Calderdale representative for the task and finish group", -60, C, None),
    ("board", "vicechair", "Circulate the national outcomes framework guidance", -50, C, None),
    (
        "board",
        "lead.leeds",
        "Arrange a site visit to the Leeds recovery hub for members",
        -45,
        C,
        "Visit held; notes circulated.",
    ),
    ("board", "chair", "Agree the Board's terms of reference review timetable", -70, C, None),
    (
        "board",
        "lead.bradford",
        "Report on the Bradford drug market profile",
        -35,
        X,
        "Superseded by the county-wide profile.",
    ),
    ("board", "liaison", "Pilot a liaison and diversion data return", -20, X, None),
    (
        "sog",
        "drugchecking",
        "Publish the quarterly drug checking results summary",
        -7,
        P,
        "Lab results in; summary being written.",
    ),
    ("sog", "coroner", "Agree an early-warning route for suspected nitazene deaths", -2, O, None),
    (
        "sog",
        "lrf",
        "Test the mass-overdose response plan in a table-top exercise",
        14,
        P,
        "Exercise date fixed; scenario drafted.",
    ),
    ("sog", "lead.leeds", "Extend the naloxone pilot to Leeds city centre hostels", 9, O, None),
    ("sog", "lead.wakefield", "Confirm Wakefield's naloxone carriage figures for police officers", 4, O, None),
    (
        "sog",
        "publichealth.leeds",
        "Draft the public alert template for a nitazene cluster",
        21,
        P,
        "Template drafted with the communications team.",
    ),
    ("sog", "member", "Roll out naloxone training to response officers in Kirklees and Calderdale", 50, O, None),
    ("sog", "deputy.wyp", "Share custody data on suspected synthetic opioid use", -12, O, None),
    ("sog", "vicechair", "Write to NHS England about ambulance data sharing", 30, O, None),
    (
        "sog",
        "drugchecking",
        "Add nitazene reference standards to the testing panel",
        -4,
        D,
        "Standards received and validated.",
    ),
    ("sog", "lrf", "Add synthetic opioids to the community risk register", -25, C, "Added in the spring refresh."),
    ("sog", "coroner", "Nominate a coroner's officer as the sub-group contact", -55, C, None),
    ("sog", "lead.leeds", "Review hostel staff naloxone training records", -30, C, None),
    (
        "sog",
        "lead.wakefield",
        "Scope a Wakefield drug checking pop-up",
        -15,
        X,
        "Not pursued: the county service will cover Wakefield.",
    ),
    (
        "sog",
        "publichealth.leeds",
        "Draft a standalone nitazene communications plan",
        -40,
        X,
        "Folded into the public alert template.",
    ),
]

# body, title, decision, rationale, days ago, confidential
DECISIONS = [
    (
        "board",
        "Adopt the West Yorkshire combating drugs strategy",
        "The Board **adopts** the West Yorkshire combating drugs strategy 2024–28.",
        "Meets the national strategy's expectations for local partnerships.",
        300,
        False,
    ),
    (
        "board",
        "Approve the Board's terms of reference",
        "The terms of reference are approved as circulated.",
        "Annual review.",
        290,
        False,
    ),
    (
        "board",
        "Fund the naloxone pilot in Leeds and Wakefield",
        "Fund a twelve-month naloxone pilot for police officers in Leeds and Wakefield.",
        "Evidence from other forces of lives saved.",
        250,
        False,
    ),
    (
        "board",
        "Set treatment engagement as the Board's headline measure",
        "Use continuity of care and treatment engagement as the headline measure.",
        "Comparable across the five districts.",
        200,
        False,
    ),
    (
        "board",
        "Commission a county-wide drug market profile",
        "Commission a county-wide drug market profile from West Yorkshire Police.",
        "District profiles were inconsistent.",
        180,
        False,
    ),
    (
        "board",
        "Extend the naloxone pilot to all five districts",
        "Extend the naloxone pilot to **all five districts** from April.",
        "The pilot evaluation showed officers used kits on eleven occasions.",
        120,
        False,
    ),
    (
        "board",
        "Share district treatment data monthly",
        "Districts share treatment waiting-time data monthly through the dashboard.",
        "Needed for the Board's headline measure.",
        90,
        False,
    ),
    (
        "board",
        "Support the prison leavers' continuity of care bid",
        "The Board supports HMPPS's bid for continuity-of-care funding.",
        "Aligned with the headline measure.",
        60,
        True,
    ),
    (
        "board",
        "Hold an extraordinary meeting on drug-related deaths",
        "An extraordinary meeting will review drug-related deaths in Leeds.",
        "Rise in deaths reported by the coroner.",
        40,
        False,
    ),
    (
        "board",
        "Rescind the district drug market profiles request",
        "The request for separate district profiles is withdrawn.",
        "Replaced by the county-wide profile.",
        35,
        False,
    ),
    (
        "sog",
        "Adopt the mass-overdose response plan",
        "Adopt the West Yorkshire synthetic opioids mass-overdose response plan, version 1.",
        "LRF partners agreed the plan.",
        220,
        False,
    ),
    (
        "sog",
        "Use the drug checking service for early warnings",
        "Suspected nitazene samples go to the Leeds University drug checking service first.",
        "Fastest confirmed results.",
        150,
        False,
    ),
    (
        "sog",
        "Issue public alerts through the combined authority",
        "Public alerts about nitazene clusters are issued through the combined authority's channels.",
        "One trusted voice.",
        100,
        False,
    ),
    (
        "sog",
        "Adopt version 2 of the mass-overdose response plan",
        "Adopt version 2 of the response plan, adding ambulance data sharing.",
        "Lessons from the table-top exercise.",
        45,
        False,
    ),
    (
        "sog",
        "Brief elected members on nitazene risks",
        "Brief district elected members on nitazene risks before the summer.",
        "Members asked for it.",
        20,
        True,
    ),
]


def _meetings(ctx) -> dict:
    """Each body's meetings that have started, newest first (whatever the meetings seed made)."""
    now = datetime.now(UTC)
    out = {}
    for key in ("board", "sog"):
        out[key] = db.session.scalars(
            sa.select(Meeting)
            .where(Meeting.body_id == ctx[key].id, Meeting.starts_at < now)
            .order_by(Meeting.starts_at.desc())
        ).all()
    return out


def _raised_at(meetings: list, days_ago: int):
    """The latest past meeting on or before the day the item was raised, if any."""
    when = datetime.now(UTC) - timedelta(days=days_ago)
    return next((m for m in meetings if m.starts_at <= when), meetings[-1] if meetings else None)


def seed_actions(ctx) -> dict:
    """Demo actions and decisions (get-or-create by body and wording; safe to run again)."""
    users = ctx["users"]
    actor = users["secretariat@example.org"]
    today = today_london()
    meetings = _meetings(ctx)
    made = {"actions": 0, "decisions": 0}
    for key, owner, description, due_days, status, note in ACTIONS:
        body = ctx[key]
        if db.session.scalar(sa.select(Action.id).where(Action.body_id == body.id, Action.description == description)):
            continue
        due_on = today + timedelta(days=due_days)
        meeting = _raised_at(meetings[key], max(-due_days, 0) + 42)
        action = actions.create_action(
            body,
            description,
            users[f"{owner}@example.org"],
            due_on,
            meeting=meeting,
            actor=actor,
            today=min(today, due_on),
        )
        if note:
            actions.add_note(action, note, actor=action.owner)
        if status != ActionStatus.OPEN and action.status != status:
            actions.set_status(action, status.value, actor=actor)
        if status in (C, X):
            action.closed_at = datetime.combine(due_on, time(12), tzinfo=UTC)
        made["actions"] += 1

    by_title = {}
    for key, title, text, rationale, days_ago, confidential in DECISIONS:
        body = ctx[key]
        decision = db.session.scalar(sa.select(Decision).where(Decision.body_id == body.id, Decision.title == title))
        if decision is None:
            decided_on = today - timedelta(days=days_ago)
            meeting = _raised_at(meetings[key], days_ago)
            if meeting is not None and meeting.starts_at.date() > decided_on:
                meeting = None
            decision = decisions.create_decision(
                body,
                title,
                text,
                decided_on,
                meeting=meeting,
                actor=actor,
                rationale=rationale,
                is_confidential=confidential,
            )
            made["decisions"] += 1
        by_title[title] = decision
    old = by_title["Adopt the mass-overdose response plan"]
    if old.status != DecisionStatus.SUPERSEDED:
        decisions.supersede(old, by_title["Adopt version 2 of the mass-overdose response plan"], actor=actor)
    # A chain on the Board: the pilot, superseded when it was extended to all five districts.
    pilot = by_title["Fund the naloxone pilot in Leeds and Wakefield"]
    if pilot.status != DecisionStatus.SUPERSEDED:
        decisions.supersede(pilot, by_title["Extend the naloxone pilot to all five districts"], actor=actor)
    rescinded = by_title["Hold an extraordinary meeting on drug-related deaths"]
    if rescinded.status != DecisionStatus.RESCINDED:
        decisions.set_status(rescinded, DecisionStatus.RESCINDED.value, actor=actor)
    target = by_title["Commission a county-wide drug market profile"]
    if not target.actions:
        linked = db.session.scalars(sa.select(Action).where(Action.description.like("%drug market profile%"))).all()
        decisions.update_decision(target, actor=actor, actions=linked)
    naloxone = by_title["Extend the naloxone pilot to all five districts"]
    if not naloxone.actions:
        linked = db.session.scalars(
            sa.select(Action).where(Action.description.like("%naloxone%"), Action.body_id == naloxone.body_id)
        ).all()
        decisions.update_decision(naloxone, actor=actor, actions=linked)
    return made
