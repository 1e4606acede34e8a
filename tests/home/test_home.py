"""Home pages per role: secretariat readiness, member, chair and update contact sections."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from board.actions.models import Action
from board.agendas.models import AgendaItem, AgendaPublication
from board.audit.models import AuditEntry
from board.common.timeutil import today_london
from board.extensions import db
from board.meetings.models import Attendance, Meeting
from board.people.models import Body, User
from board.submissions.models import PartnerUpdate, UpdateRound
from tests.conftest import count_queries, text

ROLES = ["secretariat@example.org", "chair@example.org", "member@example.org", "lead.leeds@example.org"]


def _user(email):
    return db.session.scalar(sa.select(User).where(User.email == email))


def _body(slug):
    return db.session.scalar(sa.select(Body).where(Body.slug == slug))


def _next_meeting(slug):
    return db.session.scalar(
        sa.select(Meeting)
        .where(Meeting.body_id == _body(slug).id, Meeting.status == "scheduled", Meeting.starts_at >= datetime.now(UTC))
        .order_by(Meeting.starts_at)
        .limit(1)
    )


def test_secretariat_sees_readiness_of_each_next_meeting(secretariat):
    """Secretariat: agenda, papers, updates (late ones named), answers and quorum, previous minutes."""
    board = _next_meeting("board")
    round_ = db.session.scalar(sa.select(UpdateRound).where(UpdateRound.meeting_id == board.id))
    round_.deadline = today_london() - timedelta(days=2)
    db.session.commit()
    late = sorted(u.organisation.short_name for u in round_.updates if not u.is_handed_in)
    page = text(secretariat.get("/"))
    assert "Next meetings: how ready they are" in page
    assert "Strategic Board: " in page and "Synthetic Opioids Sub-group: " in page
    assert "Agenda" in page and "Papers" in page and "attached" in page
    handed_in = sum(1 for u in round_.updates if u.is_handed_in)
    assert f"{handed_in} of {len(round_.updates)} received" in page
    assert "Late " + ", ".join(late) in page
    assert "answered;" in page and "needed" in page
    assert "Previous minutes" in page


def test_secretariat_sees_overdue_actions_chart_with_a_table(secretariat):
    """Secretariat: overdue actions by organisation as an SVG chart and the same as a table."""
    action = db.session.scalar(sa.select(Action).where(Action.status == "open").limit(1))
    action.due_on = today_london() - timedelta(days=10)
    db.session.commit()
    html = secretariat.get("/").get_data(as_text=True)
    assert '<svg class="app-chart"' in html and "<script" not in html.split("<main")[1].split("</main>")[0]
    assert 'id="overdue-table"' in html
    assert action.owner.organisation.short_name in text(secretariat.get("/"))


def test_secretariat_sees_latest_changes(secretariat):
    """Secretariat: the newest audit entries, with who and what."""
    latest = db.session.scalar(sa.select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(1))
    page = text(secretariat.get("/"))
    assert "Latest changes" in page
    assert latest.record_label in page


def test_member_sees_meetings_with_answers_and_a_way_to_change_them(client_as):
    """Member: each next meeting with their answer and a link to the answer form."""
    member = _user("member@example.org")
    attendance = db.session.scalar(
        sa.select(Attendance)
        .join(Meeting)
        .where(Attendance.user_id == member.id, Meeting.status == "scheduled", Meeting.starts_at >= datetime.now(UTC))
        .order_by(Meeting.starts_at)
        .limit(1)
    )
    client = client_as("member@example.org")
    html = client.get("/").get_data(as_text=True)
    assert f"/meetings/{attendance.meeting_id}/attendance/{attendance.id}" in html
    page = text(client.get("/"))
    assert "Your next meetings" in page and attendance.response_label in page
    assert "Calendar feed" in page and "Outlook" in page and "Google" in page
    assert "Decisions due at the next Board" not in page
    assert "Next meetings: how ready they are" not in page


def test_my_actions_overdue_first(client_as):
    """Member: overdue actions come before those due later."""
    member = _user("member@example.org")
    mine = db.session.scalars(sa.select(Action).where(Action.owner_id == member.id, Action.status == "open")).all()
    late = mine[-1]
    late.due_on = today_london() - timedelta(days=5)
    db.session.commit()
    page = text(client_as("member@example.org").get("/"))
    section = page.split("My actions", 1)[1]
    assert (
        section.index(late.reference) < min(section.index(a.reference) for a in mine if a is not late)
        if len(mine) > 1
        else late.reference in section
    )


def test_chair_sees_minutes_awaiting_approval_and_decisions_due(client_as):
    """Chair: circulated minutes to approve, and the next Board's items for decision."""
    from board.minutes.models import Minutes

    held = db.session.scalar(
        sa.select(Meeting)
        .where(
            Meeting.body_id == _body("board").id,
            Meeting.status == "held",
            ~sa.exists().where(Minutes.meeting_id == Meeting.id),
        )
        .order_by(Meeting.starts_at.desc())
        .limit(1)
    )
    if held is not None:
        db.session.add(Minutes(meeting_id=held.id, status="circulated", source="Minutes text."))
        db.session.commit()
    circulated = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Minutes)
        .join(Meeting, Meeting.id == Minutes.meeting_id)
        .where(Minutes.status == "circulated", Meeting.body_id == _body("board").id)
    )
    board = _next_meeting("board")
    snapshot = db.session.scalar(
        sa.select(AgendaPublication.snapshot)
        .where(AgendaPublication.meeting_id == board.id)
        .order_by(AgendaPublication.revision.desc())
        .limit(1)
    )
    for_decision = [row["title"] for row in snapshot["items"] if row["purpose"] == "decision"]
    page = text(client_as("chair@example.org").get("/"))
    assert "Minutes awaiting approval" in page
    assert ("No minutes are waiting for approval" in page) == (circulated == 0)
    assert "Decisions due at the next Board" in page
    assert for_decision and all(title in page for title in for_decision)
    assert "Your next meetings" in page and "My actions" in page


def test_chair_sees_only_the_published_agenda_items(client_as):
    """Chair: an item for decision added to the draft agenda stays hidden until published."""
    board = _next_meeting("board")
    db.session.add(AgendaItem(meeting_id=board.id, title="Unpublished funding choice", purpose="decision", position=50))
    db.session.commit()
    assert "Unpublished funding choice" not in text(client_as("chair@example.org").get("/"))


def test_update_contact_sees_their_updates_to_write(client_as):
    """Leeds lead: their organisation's open updates with deadlines."""
    page = text(client_as("lead.leeds@example.org").get("/"))
    assert "Updates you owe" in page and "Leeds update for" in page and "Due " in page
    assert "Minutes awaiting approval" not in page


# --- a fixed number of queries, whatever the data ------------------------------------------------


def _add_bulk_data(n_actions=200, n_meetings=40, start=0):
    """Many more actions, meetings, invitations, updates, minutes and audit entries."""
    from board.minutes.models import Minutes

    people = {e: _user(e) for e in ROLES}
    bodies = [_body("board"), _body("synthetic-opioids")]
    today = today_london()
    for i in range(start, start + n_actions):
        owner = list(people.values())[i % len(people)]
        body = bodies[i % 2]
        db.session.add(
            Action(
                body_id=body.id,
                reference=f"{body.reference_prefix}-99-{i:04d}",
                year=2099,
                sequence=i + 1,
                description=f"Bulk action {i}",
                owner_id=owner.id,
                due_on=today + timedelta(days=(i % 40) - 20),
                status="open",
            )
        )
    far = datetime(2031, 1, 6, 10, 0, tzinfo=UTC)  # after every demo meeting
    past = datetime(2020, 1, 6, 10, 0, tzinfo=UTC)
    leeds = people["lead.leeds@example.org"].organisation_id
    for i in range(start, start + n_meetings):
        body = bodies[i % 2]
        starts = far + timedelta(days=7 * i)
        meeting = Meeting(body_id=body.id, title=f"Extra {i}", starts_at=starts, ends_at=starts + timedelta(hours=2))
        meeting.attendances = [Attendance(user_id=u.id) for u in people.values()]
        db.session.add(meeting)
        db.session.flush()
        round_ = UpdateRound(
            meeting_id=meeting.id,
            deadline=today + timedelta(days=30 + i),
            period_from=today,
            period_to=today + timedelta(days=1),
        )
        round_.updates = [PartnerUpdate(organisation_id=leeds)]
        db.session.add(round_)
        db.session.add(AgendaItem(meeting_id=meeting.id, title=f"Choice {i}", purpose="decision", position=i))
        old = Meeting(
            body_id=body.id,
            title=f"Old {i}",
            starts_at=past + timedelta(days=7 * i),
            ends_at=past + timedelta(days=7 * i, hours=2),
            status="held",
        )
        db.session.add(old)
        db.session.flush()
        db.session.add(Minutes(meeting_id=old.id, status="circulated", source=f"Old minutes {i}"))
    for i in range(start, start + n_actions // 2):
        db.session.add(
            AuditEntry(
                action="bulk",
                record_type="test",
                record_label=f"Bulk change {i}",
                actor_id=people["secretariat@example.org"].id,
            )
        )
    db.session.commit()


def _queries_for_home(client) -> int:
    assert client.get("/").status_code == 200  # warm caches that are per process, not per data
    with count_queries() as n:
        assert client.get("/").status_code == 200
    return n()


@pytest.mark.parametrize("email", ROLES)
def test_home_query_count_does_not_grow_with_data(client_as, email):
    """Every role: the home page runs the same number of queries with far more data."""
    client = client_as(email)
    _add_bulk_data(n_actions=2, n_meetings=1)  # the demo data plus one of each thing a home shows
    small = _queries_for_home(client)
    _add_bulk_data(n_actions=200, n_meetings=40, start=100)
    large = _queries_for_home(client)
    assert large == small, f"{email}: {small} queries with the demo data, {large} with more"
    assert small < 40


def test_secretariat_sees_the_previous_minutes_status(secretariat):
    """Secretariat: whether the previous meeting's minutes are written, circulated or approved."""
    from board.home.queries import previous_meetings
    from board.minutes.models import Minutes

    previous = previous_meetings([_body("board").id])[_body("board").id]
    minutes = db.session.scalar(sa.select(Minutes).where(Minutes.meeting_id == previous.id))
    section = text(secretariat.get("/")).split("Previous minutes", 1)[1]
    expected = minutes.status_label if minutes else "Not written"
    assert expected in section.split("Synthetic Opioids")[0]
