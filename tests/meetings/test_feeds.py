"""Calendar downloads and personal feeds: tokens, ETags, revocation; and reminders."""

import re
from datetime import UTC, datetime, time, timedelta

import sqlalchemy as sa
from icalendar import Calendar

from board.common.outbox import OutboxMessage
from board.common.reminders import run_all
from board.common.timeutil import today_london
from board.extensions import db
from board.meetings import services
from tests.meetings.conftest import user


def feed_url(client, renew: bool = False) -> str:
    """Ask for a feed address the way a person does, from the account page (``renew``: confirmed)."""
    page = client.post_form("/account/calendar-feed/new" if renew else "/account/calendar-feed").get_data(as_text=True)
    return re.search(r"http://localhost(/calendar/[A-Za-z0-9_-]+\.ics)", page).group(1)


def test_meeting_download_is_publish_without_attendees(client_as, make_meeting):
    """A member downloads one meeting's .ics: METHOD:PUBLISH, the invitation's UID, no ATTENDEE."""
    meeting = make_meeting()
    response = client_as("lead.leeds@example.org").get(f"/meetings/{meeting.id}.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    cal = Calendar.from_ical(response.data)
    event = list(cal.walk("VEVENT"))[0]
    assert cal["METHOD"] == "PUBLISH" and "ATTENDEE" not in event
    assert str(event["UID"]) == f"meeting-{meeting.id}@localhost"


def test_personal_feed_token_etag_and_revocation(client_as, client, make_meeting):
    """A member's feed: hashed token, the meetings they are invited to, 304 on If-None-Match, 404 once renewed."""
    recent = make_meeting(day=today_london() + timedelta(days=40))
    old = make_meeting(day=today_london() - timedelta(days=500))
    sog = make_meeting("synthetic-opioids", day=today_london() + timedelta(days=20), title="Sub-group")
    leeds = client_as("lead.leeds@example.org")
    url = feed_url(leeds)
    token = url.split("/")[-1].removesuffix(".ics")
    assert len(token) >= 22  # at least 128 bits, url-safe base64
    stored = user("lead.leeds@example.org").calendar_token_hash
    db.session.expire_all()
    stored = user("lead.leeds@example.org").calendar_token_hash
    assert stored and token not in stored

    response = client.get(url)  # calendar apps are not signed in
    assert response.status_code == 200
    uids = {str(e["UID"]) for e in Calendar.from_ical(response.data).walk("VEVENT")}
    assert f"meeting-{recent.id}@localhost" in uids and f"meeting-{sog.id}@localhost" in uids
    assert f"meeting-{old.id}@localhost" not in uids  # outside the 12-month window
    etag = response.headers["ETag"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""

    # A change to a meeting changes the feed.
    services.update_meeting(
        recent,
        actor=user("secretariat@example.org"),
        title="Renamed",
        starts_at=recent.starts_at,
        ends_at=recent.ends_at,
        venue=recent.venue,
        join_url="",
        notes="",
    )
    db.session.commit()
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200

    # A new address makes the old one stop working; so does deactivation.
    new_url = feed_url(leeds, renew=True)
    assert client.get(url).status_code == 404
    assert client.get(new_url).status_code == 200
    person = user("lead.leeds@example.org")
    person.is_enabled = False
    db.session.commit()
    assert client.get(new_url).status_code == 404


def test_feed_can_be_turned_off_and_account_page_offers_it(client_as, client):
    """The account page shows the feed partial; turning it off revokes the address."""
    leeds = client_as("lead.leeds@example.org")
    assert "Get your calendar feed address" in leeds.get("/account").get_data(as_text=True)
    url = feed_url(leeds)
    assert "Make a new feed address" in leeds.get("/account").get_data(as_text=True)
    leeds.post_form("/account/calendar-feed/off")
    assert client.get(url).status_code == 404
    assert client.get("/calendar/not-a-token.ics").status_code == 404


def test_reminders_go_a_week_before_to_those_who_have_not_answered_once(make_meeting):
    """send-reminders: only unanswered invitees of meetings in the next 7 days; never twice."""
    now = datetime.now(UTC)
    soon = make_meeting(day=(now + timedelta(days=5)).date(), start=time(10), end=time(12))
    make_meeting("synthetic-opioids", day=(now + timedelta(days=30)).date(), title="Later")
    services.answer(
        next(a for a in soon.attendances if a.user.email == "lead.leeds@example.org"),
        response="attending",
        actor=user("lead.leeds@example.org"),
    )
    db.session.commit()
    counts = dict(run_all(now))
    expected = len([a for a in soon.attendances if not a.has_answered])
    assert counts["meeting-answers"] >= expected
    db.session.commit()
    assert dict(run_all(now))["meeting-answers"] == 0
    rows = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.dedupe_key.like(f"meeting-answer-reminder:{soon.id}:%"))
    ).all()
    assert len(rows) == expected
    assert "lead.leeds@example.org" not in {r.recipients for r in rows}
