"""Carry-forward into the next meeting, the weekly digest, and due dates in the calendar feed."""

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from flask import render_template_string
from freezegun import freeze_time

from board.actions import jobs, services
from board.actions.models import ActionStatus
from board.common.outbox import OutboxMessage
from board.common.timeutil import today_london
from board.extensions import db
from board.meetings.models import Meeting
from tests.actions.conftest import body, user

SECRETARIAT = "secretariat@example.org"


def _meeting(slug: str, starts: datetime, title: str) -> Meeting:
    meeting = Meeting(body=body(slug), title=title, starts_at=starts, ends_at=starts + timedelta(hours=2))
    db.session.add(meeting)
    db.session.flush()
    return meeting


def test_carry_forward_into_the_next_meeting(app):
    """The next meeting reviews live actions from earlier meetings and those closed since the last one."""
    actor = user(SECRETARIAT)
    # Far ahead, so the demo meetings do not fall between these two.
    first = _meeting("synthetic-opioids", datetime(2040, 1, 10, 10, tzinfo=UTC), "SOG 1")
    second = _meeting("synthetic-opioids", datetime(2040, 3, 1, 10, tzinfo=UTC), "SOG 2")
    sog, owner = body("synthetic-opioids"), user("lrf@example.org")
    due = today_london() + timedelta(days=30)
    live = services.create_action(sog, "Carry me", owner, due, meeting=first, actor=actor)
    done = services.create_action(sog, "Done, awaiting closure", owner, due, meeting=first, actor=actor)
    services.mark_done(done, actor=owner)
    closed = services.create_action(sog, "Closed between meetings", owner, due, meeting=first, actor=actor)
    services.set_status(closed, ActionStatus.CLOSED.value, actor=actor)
    closed.closed_at = datetime(2040, 2, 1, tzinfo=UTC)
    old = services.create_action(sog, "Closed long ago", owner, due, meeting=first, actor=actor)
    services.set_status(old, ActionStatus.CLOSED.value, actor=actor)
    old.closed_at = datetime(2039, 12, 1, tzinfo=UTC)
    raised_next = services.create_action(sog, "Raised at SOG 2", owner, due, meeting=second, actor=actor)
    other_body = services.create_action(body("board"), "Board business", owner, due, actor=actor)
    db.session.commit()

    review = services.meeting_actions(second)
    assert review.previous.id == first.id
    carried = {a.description for a in review.carried}
    assert {"Carry me", "Done, awaiting closure"} <= carried
    assert not carried & {"Closed between meetings", "Closed long ago", "Raised at SOG 2", "Board business"}
    assert [a.description for a in review.closed] == ["Closed between meetings"]
    assert [a.id for a in review.raised] == [raised_next.id]
    assert live.id in {a.id for a in review.carried} and other_body.id not in {a.id for a in review.carried}

    with app.test_request_context():
        from flask_login import login_user

        login_user(actor)
        html = render_template_string('{% include "actions/_on_meeting.html" %}', meeting=second)
        pack = render_template_string('{% include "actions/_in_pack.html" %}', meeting=second)
    assert live.reference in html and closed.reference in html and raised_next.reference in html
    assert live.reference in pack and closed.reference in pack and "href" not in pack


def test_digest_once_a_week(app):
    """Each owner gets one digest a week of actions overdue or due within 14 days."""
    actor = user(SECRETARIAT)
    owner = user("vrp@example.org")
    with freeze_time("2030-06-03 08:00:00"):  # a Monday
        soon = services.create_action(body("board"), "Due in ten days", owner, date(2030, 6, 13), actor=actor)
        services.create_action(body("board"), "Due much later", owner, date(2030, 9, 1), actor=actor)
        db.session.commit()
        first_run = jobs.send_action_digests(datetime.now(UTC))
        db.session.commit()
    assert first_run >= 1
    mail = db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.recipients == owner.email))
    assert mail.dedupe_key == "action-digest:%d:2030-W23" % owner.id
    raw = mail.raw.decode()
    assert soon.reference in raw and "Due much later" not in raw
    with freeze_time("2030-06-06 08:00:00"):  # same ISO week
        assert jobs.send_action_digests(datetime.now(UTC)) == 0
    with freeze_time("2030-06-10 08:00:00"):  # next week
        again = jobs.send_action_digests(datetime.now(UTC))
        db.session.commit()
    assert again >= 1
    assert db.session.scalar(sa.select(sa.func.count()).where(OutboxMessage.recipients == owner.email)) == 2


def test_closed_and_done_actions_are_not_in_the_digest(app):
    """Only actions still owed are chased."""
    actor = user(SECRETARIAT)
    owner = user("vrp@example.org")
    with freeze_time("2030-06-03 08:00:00"):
        action = services.create_action(body("board"), "Finished", owner, date(2030, 6, 5), actor=actor)
        services.mark_done(action, actor=owner)
        still_owed = services.create_action(body("board"), "Still owed", owner, date(2030, 6, 5), actor=actor)
        db.session.commit()
        jobs.send_action_digests(datetime.now(UTC))
    raws = db.session.scalars(sa.select(OutboxMessage.raw).where(OutboxMessage.recipients == owner.email)).all()
    digests = [raw for raw in raws if still_owed.reference.encode() in raw]
    assert digests, "the owner's digest (with the action still owed) was not sent"
    assert all(action.reference.encode() not in raw for raw in digests)


def test_due_dates_in_the_personal_calendar_feed(app):
    """Owner: each live action is an all-day event on its due date with a stable UID."""
    owner = user("vrp@example.org")
    action = services.create_action(
        body("board"), "Feed me", owner, today_london() + timedelta(days=5), actor=user(SECRETARIAT)
    )
    db.session.commit()
    events = jobs.action_due_dates(owner, datetime.now(UTC) - timedelta(days=1))
    event = next(e for e in events if str(e["uid"]) == f"action-{action.id}@localhost")
    assert event.decoded("dtstart") == action.due_on
    assert event.decoded("dtend") == action.due_on + timedelta(days=1)
    assert "VALUE=DATE" in event.to_ical().decode()
    assert action.reference in str(event["summary"])
    services.set_status(action, ActionStatus.CANCELLED.value, actor=user(SECRETARIAT))
    assert action.id not in {
        int(str(e["uid"]).split("-")[1].split("@")[0])
        for e in jobs.action_due_dates(owner, datetime.now(UTC) - timedelta(days=1))
    }
    from board.common import feeds, reminders

    assert jobs.action_due_dates in feeds.sources()
    assert "action-digest" in [name for name, _ in reminders.jobs()]


def test_action_and_decision_raised_at_an_agenda_item(app, secretariat):
    """Secretariat: choosing an agenda item records it and its meeting; an item of another meeting is refused."""
    from board.actions.models import Action
    from board.agendas.models import AgendaItem
    from board.decisions.models import Decision

    items = db.session.scalars(
        sa.select(AgendaItem)
        .join(Meeting, AgendaItem.meeting_id == Meeting.id)
        .where(Meeting.body_id == body("board").id)
        .order_by(AgendaItem.id)
    ).all()
    item = items[0]
    other_meeting = next(i.meeting for i in items if i.meeting_id != item.meeting_id)
    due = (today_london() + timedelta(days=9)).strftime("%d %m %Y").split()
    response = secretariat.post_form(
        "/actions/new",
        {
            "body": "board",
            "description": "From the item",
            "owner": str(user("lead.leeds@example.org").id),
            "due_on": due,
            "agenda_item": str(item.id),
        },
    )
    assert response.status_code == 302
    action = db.session.scalar(sa.select(Action).where(Action.description == "From the item"))
    assert action.agenda_item_id == item.id and action.meeting_id == item.meeting_id
    assert item.title in secretariat.get(f"/actions/{action.id}").get_data(as_text=True)
    refused = secretariat.post_form(
        "/actions/new",
        {
            "body": "board",
            "description": "Mismatch",
            "owner": str(user("lead.leeds@example.org").id),
            "due_on": due,
            "meeting": str(other_meeting.id),
            "agenda_item": str(item.id),
        },
    )
    assert "The agenda item must belong to the meeting" in refused.get_data(as_text=True)
    assert (
        secretariat.post_form(
            "/decisions/new",
            {
                "body": "board",
                "title": "Itemised",
                "text": "x",
                "decided_on": ["3", "3", "2027"],
                "agenda_item": str(item.id),
            },
        ).status_code
        == 302
    )
    decision = db.session.scalar(sa.select(Decision).where(Decision.title == "Itemised"))
    assert decision.agenda_item_id == item.id and decision.meeting_id == item.meeting_id


def test_meeting_page_and_agenda_pack_show_the_action_log(app, secretariat):
    """Members: the next meeting's page and pack list the actions carried forward; nav has both entries."""
    from board.agendas.models import AgendaItem

    meeting = db.session.scalar(
        sa.select(Meeting)
        .join(AgendaItem, AgendaItem.meeting_id == Meeting.id)
        .where(
            Meeting.body_id == body("board").id, AgendaItem.kind == "action_log", Meeting.starts_at > datetime.now(UTC)
        )
        .order_by(Meeting.starts_at)
        .limit(1)
    )
    review = services.meeting_actions(meeting)
    assert review.carried
    page = secretariat.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Actions carried forward" in page and review.carried[0].reference in page
    assert 'href="/actions"' in page and 'href="/decisions"' in page  # navigation
    pack = secretariat.get(f"/meetings/{meeting.id}/agenda/pack")
    assert pack.status_code == 200
    assert "Actions carried forward" in pack.get_data(as_text=True)
    assert review.carried[0].reference in pack.get_data(as_text=True)


def test_send_reminders_command_runs_the_digest_once(app):
    """Cron: `flask send-reminders` queues the action digests, and a second run the same day queues none."""
    runner = app.test_cli_runner()
    first = runner.invoke(args=["send-reminders"])
    assert first.exit_code == 0, first.output
    count = int(first.output.split("action-digest: ")[1].split()[0])
    assert count >= 1  # the demo data has overdue actions
    second = runner.invoke(args=["send-reminders"])
    assert "action-digest: 0 queued" in second.output
