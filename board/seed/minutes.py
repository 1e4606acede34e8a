"""Demo minutes: approved minutes for every past meeting but the latest, a draft for the latest.

Who attended each held meeting is marked (the latest with a guest in attendance and one
member called away), so the minutes take their attendance from that record. The latest
approved minutes of each body carry members' comments from when they were circulated: one
accepted into a revision, one answered.

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
from board.meetings import attended as day_record
from board.meetings.models import Meeting, MeetingStatus, Response
from board.minutes import comments, inline, paragraphs, services, workflow
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


DAY_GUESTS = {
    "board": ("Priya Shah", "West Yorkshire Combined Authority", "in_attendance", ""),
    "sog": ("Dr Owen Hartley", "Leeds Teaching Hospitals", "in_attendance", ""),
}


def _mark_the_day(key: str, meeting, actor, latest: bool) -> None:
    """Who attended: those who said they would (the demo has no surprises), plus a guest at the latest."""
    if day_record.is_marked(meeting):
        return
    ticked = {a.id for a in meeting.attendances if a.response == Response.ATTENDING}
    # A member who said they would come but was called away: the record differs from the answers.
    if latest and ticked:
        ticked.discard(max(ticked))
    day_record.mark_attended(meeting, ticked, actor=actor)
    if latest:
        name, organisation, presence, standing_in = DAY_GUESTS[key]
        day_record.add_day_attendee(
            meeting, name=name, organisation=organisation, presence=presence, deputising_for=standing_in, actor=actor
        )


def _comment_and_resolve(key: str, minutes, actor, ctx) -> int:
    """Comments made while the minutes were circulated: one taken in by a revision, one answered."""
    users = ctx["users"]
    member = users["member@example.org"] if key == "board" else users["coroner@example.org"]
    chair = body_chair(minutes.meeting.body, to_london(minutes.meeting.starts_at).date())
    block = next((b for b in paragraphs.blocks(minutes.html) if not b.is_heading and b.text in minutes.source), None)
    made = 0
    if block is not None:
        first = comments.add_comment(
            minutes, author=member, text="Please record that the figures were for the quarter.", anchor=block.anchor
        )
        services.save_minutes(
            minutes,
            source=minutes.source.replace(block.text, f"{block.text} (Figures for the quarter.)", 1),
            declarations=minutes.declarations,
            base_revision=minutes.revision,
            actor=actor,
            note="Comment taken in",
        )
        comments.resolve_comment(first, outcome="accepted", revision=minutes.revision, actor=actor, notify=False)
        made += 1
    if chair is not None:
        second = comments.add_comment(minutes, author=chair, text="Should the date of the next meeting be added?")
        comments.resolve_comment(
            second,
            outcome="answered",
            reply="It is under the last item, as set out in the schedule of meetings.",
            actor=actor,
            notify=False,
        )
        made += 1
    return made


def seed_minutes(ctx) -> dict:
    """Minutes for the demo meetings that have been held; returns counts."""
    actor = ctx["users"]["secretariat@example.org"]
    made = {"minutes": 0, "approved": 0, "comments": 0}
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
            _mark_the_day(key, meeting, actor, latest=index + 1 == len(held))
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
                if index + 2 == len(held):  # the latest approved minutes: members commented on the draft
                    made["comments"] += _comment_and_resolve(key, minutes, actor, ctx)
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
