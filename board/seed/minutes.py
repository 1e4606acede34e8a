"""Demo minutes: approved minutes for every past meeting but the latest, a draft for the latest.

Written through the minutes services, so the inline ACTION and DECISION lines become real
actions and decisions (tagged with their references) and each approval records its
"approved as a true record" decision at the next meeting. Meetings that already have
minutes are left alone, so this is safe to run again.
"""

from datetime import timedelta

import sqlalchemy as sa

from board.actions import services as actions
from board.actions.models import ActionStatus
from board.common.models import utcnow
from board.common.timeutil import to_london, today_london
from board.extensions import db
from board.meetings.models import Meeting, MeetingStatus
from board.minutes import inline, services, workflow
from board.minutes.models import MinutesStatus
from board.minutes.outcomes import HEADING
from board.people.seats import body_chair

OWNERS = {
    "board": ["lead.leeds@example.org", "lead.bradford@example.org", "hmpps@example.org", "lead.wakefield@example.org"],
    "sog": ["drugchecking@example.org", "lrf@example.org", "publichealth.leeds@example.org", "coroner@example.org"],
}
OUTCOMES = {
    "board": [
        (
            "Circulate the district treatment engagement figures to members",
            "The Board notes the district updates and asks for a single treatment engagement measure.",
        ),
        (
            "Report continuity-of-care figures for prison leavers",
            "The Board supports a shared approach to prison leavers' treatment referrals.",
        ),
        (
            "Share the naloxone pilot evaluation with members",
            "The Board agrees to review the naloxone pilot at its next meeting.",
        ),
        (
            "Set out Test on Arrest referral numbers by district",
            "The Board endorses the Test on Arrest referral pathway.",
        ),
    ],
    "sog": [
        (
            "Publish the drug checking results summary",
            "The Sub-group agrees the drug checking service is the first route for suspected nitazene samples.",
        ),
        (
            "Update the mass-overdose response plan contact list",
            "The Sub-group endorses the revised contact list for the response plan.",
        ),
        ("Draft a public alert for a suspected nitazene cluster", "The Sub-group agrees the public alert template."),
        ("Confirm the coroner's early-warning route", "The Sub-group notes the coroner's early-warning arrangements."),
    ],
}


def _line_for(title: str) -> str:
    lowered = title.lower()
    if "apolog" in lowered or "welcome" in lowered:
        return "The chair welcomed members. Apologies are recorded in the attendance above."
    if "declaration" in lowered:
        return "No interests were declared."
    if "minutes" in lowered:
        return "Matters arising were covered under the action log."
    if "action" in lowered:
        return "Members reviewed the action log; completed actions were closed."
    if "next meeting" in lowered:
        return "As set out in the schedule of meetings."
    if "other business" in lowered:
        return "None."
    return "Members discussed the update and noted the figures presented."


def _write(prefilled: str, key: str, index: int, due: str, owner: str) -> str:
    """The prefilled headings with a sentence each, and one action and one decision mid-way."""
    headings = [line for line in prefilled.splitlines() if HEADING.match(line)]
    action, decision = OUTCOMES[key][index % len(OUTCOMES[key])]
    middle = len(headings) // 2
    parts = []
    for number, heading in enumerate(headings):
        parts.append(f"{heading}\n\n{_line_for(heading)}\n")
        if number == middle:
            parts.append(f"\nACTION: {action} — @{owner} by {due}\n\nDECISION: {decision}\n")
    return "\n".join(parts)


def seed_minutes(ctx) -> dict:
    """Minutes for the demo meetings that have been held; returns counts."""
    actor = ctx["users"]["secretariat@example.org"]
    made = {"minutes": 0, "approved": 0}
    now, today = utcnow(), today_london()
    for key in ("board", "sog"):
        held = db.session.scalars(
            sa.select(Meeting)
            .where(
                Meeting.body_id == ctx[key].id, Meeting.starts_at < now, Meeting.status != MeetingStatus.CANCELLED.value
            )
            .order_by(Meeting.starts_at)
        ).all()
        for index, meeting in enumerate(held):
            if services.minutes_of(meeting) is not None:
                continue
            day = to_london(meeting.starts_at).date()
            minutes = services.start_minutes(meeting, actor=actor)
            owner = OWNERS[key][index % len(OWNERS[key])]
            source = _write(minutes.source, key, index, (day + timedelta(days=42)).isoformat(), owner)
            services.save_minutes(
                minutes,
                source=source,
                declarations=minutes.declarations or "None declared.",  # the recorded declarations, if any
                base_revision=minutes.revision,
                actor=actor,
            )
            created, _ = inline.apply_outcomes(
                minutes, revision=minutes.revision, update_lines=set(), actor=actor, today=day
            )
            for entry in created:
                if getattr(entry, "due_on", None) and entry.due_on < today:
                    actions.set_status(entry, ActionStatus.CLOSED.value, actor=actor)
            made["minutes"] += 1
            if index + 1 < len(held):
                # Circulated without e-mail (demo data sends none), then approved at the next meeting.
                minutes.status, minutes.circulated_at = MinutesStatus.CIRCULATED.value, meeting.ends_at
                # At the next meeting, which has taken place, moved by its chair.
                at = held[index + 1]
                workflow.approve(
                    minutes,
                    at,
                    actor=actor,
                    now=at.ends_at,
                    moved_by=body_chair(at.body, to_london(at.starts_at).date()),
                )
                made["approved"] += 1
    db.session.flush()
    return made
