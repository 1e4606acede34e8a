"""People manage themselves: their name, job title and which optional e-mails they get;
every sender of reminders, digests and chases honours it; the secretariat sees the choices."""

from datetime import UTC, date, datetime, time

import sqlalchemy as sa
from freezegun import freeze_time

from board.actions import jobs
from board.actions import services as actions
from board.audit.models import AuditEntry
from board.common.outbox import OutboxMessage
from board.common.timeutil import london_to_utc
from board.extensions import db
from board.meetings import invitations
from board.meetings import services as meetings
from board.people.models import Body, MailOptOut, User
from tests.conftest import field_value, messages, text
from tests.submissions.conftest import make_meeting, open_round, update_of

ALL_ON = {"meeting_reminder": "on", "action_digest": "on", "update_reminder": "on", "update_chase": "on"}


def _user(email: str) -> User:
    return db.session.scalar(sa.select(User).where(User.email == email))


def _body(slug: str) -> Body:
    return db.session.scalar(sa.select(Body).where(Body.slug == slug))


def _sent_to(email: str, kind: str) -> list[OutboxMessage]:
    return list(
        db.session.scalars(
            sa.select(OutboxMessage).where(OutboxMessage.recipients == email, OutboxMessage.kind == kind)
        )
    )


def test_a_person_changes_their_own_name_and_job_title(client_as):
    """Anyone signed in: the new name and title show on their account; the audit says they made the change."""
    lead = client_as("lead.leeds@example.org")
    assert "Change your name or job title" in text(lead.get("/account"))
    response = lead.post_form("/account/details", {"name": "Rachel Whitaker-Shaw", "job_title": "Head of Partnerships"})
    assert response.status_code == 302
    account = text(lead.get("/account"))
    assert "Rachel Whitaker-Shaw" in account and "Head of Partnerships" in account
    me = _user("lead.leeds@example.org")
    entry = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.record_type == "user", AuditEntry.record_id == me.id)
    ).all()[-1]
    assert entry.actor_id == me.id and entry.changes["name"] == ["Rachel Whitaker", "Rachel Whitaker-Shaw"]


def test_an_empty_name_is_refused_and_what_was_typed_stays(client_as):
    lead = client_as("lead.leeds@example.org")
    page = lead.post_form("/account/details", {"name": "   ", "job_title": "Head of Partnerships"})
    assert page.status_code == 200 and any("Enter your full name" in m for m in messages(page))
    assert field_value(page, "job_title") == "Head of Partnerships"
    assert _user("lead.leeds@example.org").name == "Rachel Whitaker"


def test_turning_off_the_digest_stops_it_and_the_secretariat_sees_it(client_as, secretariat):
    """Owner turns the weekly digest off: no digest that week; the people page says so; turning it on brings it back."""
    owner = _user("vrp@example.org")
    vrp = client_as("vrp@example.org")
    assert vrp.post_form("/account/emails", {**ALL_ON, "action_digest": "off"}).status_code == 302
    assert "Your actions digest" in text(secretariat.get("/admin/users"))
    with freeze_time("2030-06-03 08:00:00"):
        actions.create_action(
            _body("board"), "Due in ten days", owner, date(2030, 6, 13), actor=_user("secretariat@example.org")
        )
        db.session.commit()
        jobs.send_action_digests(datetime.now(UTC))
        db.session.commit()
    assert _sent_to(owner.email, "action_digest") == []
    assert vrp.post_form("/account/emails", ALL_ON).status_code == 302
    with freeze_time("2030-06-10 08:00:00"):
        jobs.send_action_digests(datetime.now(UTC))
        db.session.commit()
    assert len(_sent_to(owner.email, "action_digest")) == 1


def test_meeting_reminders_go_only_to_those_who_want_them(client_as, app):
    """Member turns reminders off: the week-before reminder skips them but still reaches the others."""
    client_as("coroner@example.org").post_form("/account/emails", {**ALL_ON, "meeting_reminder": "off"})
    with freeze_time("2030-06-03 08:00:00"):
        meeting = meetings.create_meeting(
            _body("synthetic-opioids"),
            actor=_user("secretariat@example.org"),
            send=False,
            title="Reminder test",
            venue="Online",
            join_url="",
            notes="",
            starts_at=london_to_utc(date(2030, 6, 6), time(14)),
            ends_at=london_to_utc(date(2030, 6, 6), time(15)),
        )
        db.session.commit()
        invitations.remind_unanswered(datetime.now(UTC))
        db.session.commit()
    invited = {a.user.email for a in meeting.attendances}
    assert "coroner@example.org" in invited and len(invited) > 1
    reminded = {
        m.recipients
        for m in db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.kind == "meeting_reminder"))
    }
    assert "coroner@example.org" not in reminded
    assert reminded == invited - {"coroner@example.org"}


def test_a_chase_to_contacts_who_turned_chases_off_says_so(client_as, secretariat):
    """Secretariat chases Wakefield, whose only contact turned chases off: told why, nothing queued."""
    client_as("lead.wakefield@example.org").post_form("/account/emails", {**ALL_ON, "update_chase": "off"})
    board_round = open_round(make_meeting(40))
    update = update_of(board_round, "Wakefield")
    response = secretariat.post_form(f"/updates/{update.id}/chase", follow_redirects=True)
    assert "turned chases off" in text(response)
    assert _sent_to("lead.wakefield@example.org", "update_chase") == []


def test_choices_are_kept_and_shown_again(client_as):
    """Anyone: the page shows what they chose; saving the same choice twice keeps one row."""
    hmpps = client_as("hmpps@example.org")
    for _ in range(2):
        assert hmpps.post_form("/account/emails", {**ALL_ON, "update_reminder": "off"}).status_code == 302
    page = hmpps.get("/account/emails").get_data(as_text=True)
    assert 'name="update_reminder" type="radio" value="off" checked' in page or (
        'value="off" checked' in page and 'name="update_reminder"' in page
    )
    me = _user("hmpps@example.org")
    assert db.session.scalars(sa.select(MailOptOut.kind).where(MailOptOut.user_id == me.id)).all() == [
        "update_reminder"
    ]


def test_an_unknown_choice_is_refused(client_as):
    page = client_as("hmpps@example.org").post_form("/account/emails", {**ALL_ON, "action_digest": "daily"})
    assert page.status_code == 200 and messages(page)
    me = _user("hmpps@example.org")
    assert db.session.scalar(sa.select(MailOptOut.id).where(MailOptOut.user_id == me.id)) is None


def test_the_demo_has_someone_who_turned_the_digest_off(secretariat):
    """Demo data: the Kirklees lead opted out of the action digest, and the people page shows it."""
    page = secretariat.get("/admin/users").get_data(as_text=True)
    row = next(r for r in page.split("<tr") if "Daniel Okafor" in r)
    assert "Your actions digest" in row
