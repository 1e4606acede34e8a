"""Approval only where it can happen: at a later meeting of the same body that has started, once; undone only with a reason."""

import re
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from freezegun import freeze_time

from board.audit.models import AuditEntry
from board.common.timeutil import london_to_utc
from board.decisions.models import Decision
from board.extensions import db
from board.meetings import services as meetings
from board.minutes import services
from tests.conftest import messages, text
from tests.minutes.conftest import body, user

APPROVALS = sa.select(sa.func.count(Decision.id)).where(Decision.title.like("Minutes of%"))


def circulate(client, minutes):
    assert client.post_form(f"/minutes/{minutes.id}/circulate").status_code == 302
    db.session.refresh(minutes)
    assert minutes.status == "circulated"


def options(page) -> list[tuple[str, str]]:
    """The meeting select's options, in order, as (value, selected) pairs."""
    html = page.get_data(as_text=True)
    select = re.search(r'<select[^>]*name="meeting"[^>]*>(.*?)</select>', html, flags=re.S).group(1)
    return re.findall(r'<option value="(\d+)"( selected)?', select)


def unchanged(minutes, approvals_before):
    db.session.refresh(minutes)
    assert minutes.status == "circulated" and minutes.approved_at_meeting_id is None
    assert minutes.approval_decision_id is None and minutes.approval_recorded_at is None
    assert db.session.scalar(APPROVALS) == approvals_before


def test_the_form_offers_only_meetings_that_have_started_the_next_one_first(secretariat, minutes, make_meeting):
    """Secretariat: later held meetings of the body are offered, the next first; future and cancelled ones are not."""
    circulate(secretariat, minutes)
    later, next_one = make_meeting(10, items=[]), make_meeting(20, items=[])
    called_off = make_meeting(15, items=[])
    meetings.cancel_meeting(called_off, reason="Room unavailable", actor=user("secretariat@example.org"))
    future = make_meeting(-10, items=[])
    earlier = make_meeting(60, items=[])
    db.session.commit()
    page = secretariat.get(f"/minutes/{minutes.id}/approve")
    offered = options(page)
    ids = [int(value) for value, _ in offered]
    assert ids[:2] == [next_one.id, later.id]
    assert offered[0][1] == " selected"
    for hidden in (future, called_off, earlier, minutes.meeting):
        assert hidden.id not in ids
    assert "Moved by (optional)" in text(page) and "Rachel Whitaker (Leeds)" in text(page)


def test_the_chair_cannot_approve_at_a_meeting_still_to_come(client_as, secretariat, minutes, make_meeting):
    """Chair: approving at next month's meeting today is refused, nothing changes; once it has started it works."""
    circulate(secretariat, minutes)
    future = make_meeting(-10)
    before = db.session.scalar(APPROVALS)
    chair = client_as("chair@example.org")
    form = text(chair.get(f"/minutes/{minutes.id}/approve"))
    assert "No later meeting of the Strategic Board has taken place yet" in form and future.title not in form
    refused = chair.post_form(f"/minutes/{minutes.id}/approve", {"meeting": future.id})
    assert refused.status_code == 200
    day = f"{future.starts_at:%-d %B %Y}"
    assert messages(refused) == [
        (f"The meeting of {day} has not taken place yet: minutes are approved at a meeting that has started")
    ]
    unchanged(minutes, before)

    with freeze_time(future.starts_at + timedelta(minutes=30)):  # the day comes (a new sign-in: sessions last 12 hours)
        chair = client_as("chair@example.org")
        offered = options(chair.get(f"/minutes/{minutes.id}/approve"))
        assert offered[0] == (str(future.id), " selected")
        done = chair.post_form(f"/minutes/{minutes.id}/approve", {"meeting": future.id})
        assert done.status_code == 302
    db.session.refresh(minutes)
    assert minutes.is_locked and minutes.approved_at_meeting_id == future.id
    assert minutes.approval_recorded_at == future.starts_at + timedelta(minutes=30)


def test_cancelled_other_body_earlier_same_and_twice_are_refused(secretariat, minutes, make_meeting):
    """Secretariat: each impossible approval has its own message; nothing changes."""
    circulate(secretariat, minutes)
    before = db.session.scalar(APPROVALS)
    called_off = make_meeting(15, items=[])
    meetings.cancel_meeting(called_off, reason="Not quorate", actor=user("secretariat@example.org"))
    db.session.commit()
    cases = [
        (called_off, "That meeting was cancelled"),
        (
            make_meeting(5, slug="synthetic-opioids", items=[]),
            "Minutes can only be approved at a meeting of the same body",
        ),
        (make_meeting(60, items=[]), "Minutes can only be approved at a later meeting"),
        (minutes.meeting, "Minutes can only be approved at a later meeting"),
    ]
    for meeting, message in cases:
        response = secretariat.post_form(f"/minutes/{minutes.id}/approve", {"meeting": meeting.id})
        assert response.status_code == 200 and messages(response) == [message], meeting
        unchanged(minutes, before)
    held = make_meeting(5)
    assert secretariat.post_form(f"/minutes/{minutes.id}/approve", {"meeting": held.id}).status_code == 302
    again = secretariat.post_form(f"/minutes/{minutes.id}/approve", {"meeting": held.id}, follow_redirects=True)
    assert "These minutes are already approved" in text(again)
    assert db.session.scalar(APPROVALS) == before + 1


def test_approval_records_the_mover_and_the_decision_follows_the_approving_meeting(secretariat, client_as):
    """Secretariat: December minutes approved in January: the decision is January's (date and reference year)."""
    secretary = user("secretariat@example.org")
    made = []
    for day in (date(2025, 12, 9), date(2026, 1, 13)):
        made.append(
            meetings.create_meeting(
                body("board"),
                actor=secretary,
                send=False,
                title=f"Board of {day:%-d %B %Y}",
                starts_at=london_to_utc(day, time(10)),
                ends_at=london_to_utc(day, time(12)),
                venue="Wellington House",
                join_url="",
                notes="",
            )
        )
    december, january = made
    db.session.commit()
    minutes = services.start_minutes(december, actor=secretary)
    db.session.commit()
    circulate(secretariat, minutes)
    chair = user("chair@example.org")
    at = datetime(2026, 1, 13, 11, 15, tzinfo=UTC)
    with freeze_time(at):
        on_the_day = client_as("secretariat@example.org")  # sessions last 12 hours: sign in on the day
        outsider = on_the_day.post_form(f"/minutes/{minutes.id}/approve", {"meeting": january.id, "moved_by": "999999"})
        assert outsider.status_code == 200
        assert "Choose who moved the approval from the list" in " ".join(messages(outsider))
        response = on_the_day.post_form(f"/minutes/{minutes.id}/approve", {"meeting": january.id, "moved_by": chair.id})
    assert response.status_code == 302
    db.session.refresh(minutes)
    assert minutes.approval_moved_by_id == chair.id and minutes.approval_recorded_at == at
    decision = db.session.get(Decision, minutes.approval_decision_id)
    assert decision.meeting_id == january.id and decision.decided_on == date(2026, 1, 13)
    assert decision.year == 2026 and "-D-26-" in decision.reference
    assert f"Moved by {chair.name}" in decision.text
    page = text(secretariat.get(f"/minutes/{minutes.id}"))
    assert f"moved by {chair.name}" in page and "recorded 13 January 2026" in page


def test_undoing_an_approval_needs_a_reason_and_the_secretariat(secretariat, client_as, minutes, make_meeting):
    """Secretariat: undo keeps the decision (rescinded), unlocks the minutes and audits the reason; others cannot."""
    circulate(secretariat, minutes)
    held = make_meeting(5)
    secretariat.post_form(f"/minutes/{minutes.id}/approve", {"meeting": held.id})
    db.session.refresh(minutes)
    decision_id = minutes.approval_decision_id

    chair = client_as("chair@example.org")
    assert chair.get(f"/minutes/{minutes.id}/approval/undo").status_code == 403
    assert chair.post_form(f"/minutes/{minutes.id}/approval/undo", {"reason": "Mine"}).status_code == 403
    blank = secretariat.post_form(f"/minutes/{minutes.id}/approval/undo", {"reason": "   "})
    assert blank.status_code == 200 and messages(blank) == ["Give the reason for undoing the approval"]
    db.session.refresh(minutes)
    assert minutes.is_locked and db.session.get(Decision, decision_id).status == "in_force"

    reason = "Recorded against the wrong meeting"
    done = secretariat.post_form(f"/minutes/{minutes.id}/approval/undo", {"reason": reason}, follow_redirects=True)
    db.session.refresh(minutes)
    decision = db.session.get(Decision, decision_id)
    assert minutes.status == "circulated" and minutes.approved_at_meeting_id is None
    assert decision is not None and decision.status == "rescinded"
    assert f"{decision.reference} is marked rescinded" in text(done)
    audit = db.session.scalars(
        sa.select(AuditEntry).where(
            AuditEntry.record_type == "minutes",
            AuditEntry.record_id == minutes.id,
            AuditEntry.action == "approval undone",
        )
    ).one()
    assert audit.changes["reason"] == [None, reason]
    decision_audit = db.session.scalars(
        sa.select(AuditEntry).where(
            AuditEntry.record_type == "decision", AuditEntry.record_id == decision_id, AuditEntry.action == "rescinded"
        )
    ).one()
    assert reason in decision_audit.changes["reason"][1]

    nothing = secretariat.post_form(f"/minutes/{minutes.id}/approval/undo", {"reason": reason})
    assert messages(nothing) == ["These minutes are not approved, so there is no approval to undo"]
    # Approved again, properly: a new decision; the rescinded one stays in the register.
    assert secretariat.post_form(f"/minutes/{minutes.id}/approve", {"meeting": held.id}).status_code == 302
    db.session.refresh(minutes)
    assert minutes.is_locked and minutes.approval_decision_id != decision_id
