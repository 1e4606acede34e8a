"""``seed-demo --scale large``: ten years of history for measuring speed at scale.

Adds, on top of the ordinary demo data, forty more people and the Board's and the
Sub-group's meetings from ten years ago up to where the demo meetings begin, each held,
with an agenda, attendance, a locked round of partner updates with figures, approved
minutes, and the actions and decisions they raised: at least 3,000 actions, 1,000
decisions, 600 updates and 60 users. Rows are built directly (not through the
services, which would e-mail and audit each one) so that it takes seconds, not
minutes. Safe to run again: it does nothing once the oldest meeting exists.
"""

import random
from datetime import date, time, timedelta

import sqlalchemy as sa

from board.actions.models import Action, ActionNote, ActionStatus
from board.actions.references import allocate
from board.agendas.models import AgendaItem, ItemKind, Purpose
from board.common.markdown import render_markdown
from board.common.timeutil import london_to_utc, today_london
from board.decisions.models import Decision, DecisionStatus
from board.extensions import db
from board.meetings.models import Attendance, Meeting, MeetingStatus, Response
from board.minutes.models import Minutes, MinutesRevision, MinutesStatus
from board.people.models import Membership, Role, User
from board.submissions.models import (
    DEFAULT_FIGURES,
    PartnerUpdate,
    RoundFigure,
    UpdateFigure,
    UpdateRound,
    UpdateStatus,
)

YEARS = 10
ACTIONS_PER_MEETING = 41
DECISIONS_PER_MEETING = 14
FIRST_NAMES = [
    "Amira",
    "Ben",
    "Chloe",
    "Dev",
    "Emma",
    "Farid",
    "Gemma",
    "Harry",
    "Isla",
    "Jack",
    "Kiran",
    "Laura",
    "Mo",
    "Niamh",
    "Oliver",
    "Pooja",
    "Quinn",
    "Ruth",
    "Sam",
    "Tariq",
]
LAST_NAMES = ["Ackroyd", "Bairstow", "Crowther", "Dyson", "Earnshaw", "Firth", "Greenwood", "Haigh"]
VERBS = ["Review", "Circulate", "Report on", "Agree", "Map", "Draft", "Publish", "Evaluate", "Share", "Confirm"]
TOPICS = [
    "naloxone kit distribution",
    "Test on Arrest referrals",
    "the nitazene alert cascade",
    "prison leavers' continuity of care",
    "the drug checking results",
    "the mass-overdose response plan",
    "outreach in the night-time economy",
    "treatment waiting times",
    "the coroner's early-warning route",
    "data sharing between districts",
]


def _meeting_days(start: date, end: date, weeks: int) -> list[date]:
    """Tuesdays every ``weeks`` weeks between two dates."""
    day = start + timedelta(days=(1 - start.weekday()) % 7)
    days = []
    while day < end:
        days.append(day)
        day += timedelta(weeks=weeks)
    return days


def _more_people(ctx, rng) -> list[User]:
    orgs = list(ctx["orgs"].values())
    password_hash = ctx["users"]["secretariat@example.org"].password_hash
    people = []
    for i in range(40):
        email = f"person{i:02d}@example.org"
        user = db.session.scalar(sa.select(User).where(User.email == email))
        if user is None:
            user = User(
                email=email,
                name=f"{FIRST_NAMES[i % 20]} {LAST_NAMES[i % 8]}",
                job_title="Partnership officer",
                organisation=orgs[i % len(orgs)],
                password_hash=password_hash,
            )
            db.session.add(user)
        people.append(user)
    db.session.flush()
    for i, user in enumerate(people[:20]):
        body = ctx["board"] if i % 2 else ctx["sog"]
        db.session.add(Membership(user=user, body=body, role=Role.ADVISER.value))
    return people


def seed_large(ctx, years: int = YEARS) -> dict:
    """Add ``years`` of history (ten by default); returns counts of what was made. Does not commit."""
    rng = random.Random(2016)
    today = today_london()
    start = today - timedelta(days=365 * years)
    end = today - timedelta(days=365 * 2 + 30)  # the ordinary demo data covers the last two years
    first = db.session.scalar(
        sa.select(Meeting.id).where(Meeting.starts_at < london_to_utc(start + timedelta(days=14), time(0)))
    )
    if first is not None:
        users = db.session.scalar(sa.select(sa.func.count()).select_from(User))
        return {"meetings": 0, "actions": 0, "decisions": 0, "updates": 0, "users": users}
    people = _more_people(ctx, rng)
    owners = people + [u for u in ctx["users"].values() if u.is_enabled and not u.is_secretariat]
    secretariat = ctx["users"]["secretariat@example.org"]
    districts = [o for o in ctx["orgs"].values() if o.kind in ("district", "hmpps")]
    sog_orgs = districts + [ctx["orgs"][short] for short in ("WYP", "Public Health", "L&D")]
    counts = {"meetings": 0, "actions": 0, "decisions": 0, "updates": 0}

    for body, weeks, asked in ((ctx["board"], 26, districts), (ctx["sog"], 7, sog_orgs)):
        members = [m.user for m in body.memberships if m.role != Role.SECRETARIAT.value]
        for day in _meeting_days(start, end, weeks):
            meeting = Meeting(
                body=body,
                title=f"{body.short_name} meeting",
                status=MeetingStatus.HELD.value,
                starts_at=london_to_utc(day, time(10)),
                ends_at=london_to_utc(day, time(12)),
                venue="Wellington House, Wakefield",
                created_by=secretariat,
            )
            db.session.add(meeting)
            items = []
            for position, (title, kind) in enumerate(
                [
                    ("Welcome and apologies", ItemKind.STANDING),
                    ("Minutes of the last meeting", ItemKind.MINUTES),
                    ("Action log", ItemKind.ACTION_LOG),
                ]
                + [(f"{o.short_name} update", ItemKind.DISTRICT_UPDATE) for o in asked]
                + [("Any other business", ItemKind.AOB)],
                start=1,
            ):
                org = next((o for o in asked if title.startswith(o.short_name)), None)
                items.append(
                    AgendaItem(
                        meeting=meeting,
                        position=position,
                        title=title,
                        kind=kind.value,
                        purpose=Purpose.DISCUSSION.value,
                        duration_minutes=10,
                        presenter_organisation=org,
                        description="",
                        description_html="",
                    )
                )
            db.session.add_all(items)
            for user in members:
                db.session.add(
                    Attendance(
                        meeting=meeting,
                        user=user,
                        response=rng.choice([Response.ATTENDING.value] * 4 + [Response.APOLOGIES.value]),
                    )
                )
            round_ = UpdateRound(
                meeting=meeting,
                deadline=day - timedelta(days=14),
                period_from=day - timedelta(weeks=weeks),
                period_to=day - timedelta(days=15),
                is_locked=True,
                opened_by_id=secretariat.id,
            )
            figures = [
                RoundFigure(round=round_, key=key, label=label, position=i)
                for i, (key, label) in enumerate(DEFAULT_FIGURES)
            ]
            db.session.add_all([round_, *figures])
            for org in asked:
                progress = f"- Progress on {rng.choice(TOPICS)} in {org.short_name}.\n- {rng.choice(VERBS)} {rng.choice(TOPICS)}."
                update = PartnerUpdate(
                    round=round_,
                    organisation=org,
                    status=UpdateStatus.ACCEPTED.value,
                    version=2,
                    progress=progress,
                    progress_html=str(render_markdown(progress)),
                    submitted_at=london_to_utc(day - timedelta(days=16), time(9)),
                    accepted_at=london_to_utc(day - timedelta(days=10), time(9)),
                )
                db.session.add(update)
                for figure in figures:
                    db.session.add(UpdateFigure(update=update, round_figure=figure, value=rng.randint(0, 300)))
                counts["updates"] += 1
            db.session.flush()
            source = "\n\n".join(f"## {i.position}. {i.title}\n\nDiscussed." for i in items)
            minutes = Minutes(
                meeting=meeting,
                status=MinutesStatus.APPROVED.value,
                revision=1,
                source=source,
                html=str(render_markdown(source)),
                public_html=str(render_markdown(source)),
                circulated_at=meeting.ends_at + timedelta(days=7),
            )
            db.session.add(minutes)
            db.session.add(
                MinutesRevision(
                    minutes=minutes,
                    number=1,
                    source=source,
                    author=secretariat,
                    created_at=meeting.ends_at + timedelta(days=5),
                )
            )
            for _ in range(ACTIONS_PER_MEETING):
                reference, sequence = allocate(body, "action", day.year)
                # Years-old actions are settled: closed, or now and then cancelled.
                status = rng.choice([ActionStatus.CLOSED.value] * 9 + [ActionStatus.CANCELLED.value])
                action = Action(
                    body=body,
                    reference=reference,
                    year=day.year,
                    sequence=sequence,
                    description=f"{rng.choice(VERBS)} {rng.choice(TOPICS)}",
                    owner=rng.choice(owners),
                    due_on=day + timedelta(days=rng.randint(14, 120)),
                    status=status,
                    meeting=meeting,
                    agenda_item=rng.choice(items),
                    created_by=secretariat,
                )
                db.session.add(action)
                if rng.random() < 0.3:
                    db.session.add(
                        ActionNote(
                            action=action,
                            author=action.owner,
                            text="Update given at the meeting.",
                            created_at=meeting.ends_at + timedelta(days=30),
                        )
                    )
                counts["actions"] += 1
            for _ in range(DECISIONS_PER_MEETING):
                reference, sequence = allocate(body, "decision", day.year)
                text = f"The {body.short_name} agrees to {rng.choice(VERBS).lower()} {rng.choice(TOPICS)}."
                db.session.add(
                    Decision(
                        body=body,
                        reference=reference,
                        year=day.year,
                        sequence=sequence,
                        meeting=meeting,
                        agenda_item=rng.choice(items),
                        title=text[:120],
                        text=text,
                        text_html=str(render_markdown(text)),
                        decided_on=day,
                        status=DecisionStatus.IN_FORCE.value,
                        is_confidential=rng.random() < 0.05,
                    )
                )
                counts["decisions"] += 1
            db.session.flush()
            counts["meetings"] += 1
    counts["users"] = db.session.scalar(sa.select(sa.func.count()).select_from(User))
    return counts
