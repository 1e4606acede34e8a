"""What calendar apps get from a personal feed: refresh, Last-Modified, gzip, cancelled
meetings, action titles, a stable UID domain; and the account page's feed block."""

import gzip
import re
from datetime import timedelta

import sqlalchemy as sa
import vobject
from icalendar import Calendar

from board import create_app
from board.actions import services as action_services
from board.common.sitesettings import SiteSetting
from board.common.timeutil import today_london
from board.extensions import db
from board.meetings import services
from tests.conftest import base_config
from tests.meetings.conftest import body, user
from tests.meetings.test_feeds import feed_url


def events_by_uid(data: bytes) -> dict:
    return {str(e["UID"]): e for e in Calendar.from_ical(data).walk("VEVENT")}


def test_feed_refreshes_hourly_and_says_its_window(client_as, client):
    """Calendar apps are asked to check hourly, and the feed says what it holds."""
    response = client.get(feed_url(client_as("lead.leeds@example.org")))
    cal = Calendar.from_ical(response.data)
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in response.data
    assert str(cal["X-PUBLISHED-TTL"]) == "PT1H"
    assert "the last 12 months and everything ahead" in str(cal["X-WR-CALDESC"])
    vobject.readOne(response.data.decode())  # the strict parser reads the live feed too


def test_last_modified_and_if_modified_since(client_as, client, make_meeting):
    """Unchanged feed: 304 to If-Modified-Since; a change moves Last-Modified on and answers 200."""
    meeting = make_meeting(day=today_london() + timedelta(days=30))
    url = feed_url(client_as("lead.leeds@example.org"))
    first = client.get(url)
    modified = first.headers["Last-Modified"]
    assert first.last_modified is not None
    same = client.get(url, headers={"If-Modified-Since": modified})
    assert same.status_code == 304 and same.data == b""
    assert client.get(url).headers["Last-Modified"] == modified  # polling again changes nothing

    services.cancel_meeting(meeting, reason="Chair unavailable.", actor=user("secretariat@example.org"))
    db.session.commit()
    changed = client.get(url, headers={"If-Modified-Since": modified})
    assert changed.status_code == 200
    assert changed.last_modified > first.last_modified
    assert client.get(url, headers={"If-Modified-Since": changed.headers["Last-Modified"]}).status_code == 304


def test_an_event_leaving_the_feed_moves_last_modified(client_as, client):
    """An action reassigned away leaves no newer row in this feed, yet Last-Modified moves on."""
    secretariat = user("secretariat@example.org")
    action = action_services.create_action(
        body("board"),
        "Share the naloxone figures",
        user("lead.leeds@example.org"),
        today_london() + timedelta(days=20),
        actor=secretariat,
    )
    db.session.commit()
    url = feed_url(client_as("lead.leeds@example.org"))
    first = client.get(url)
    assert f"action-{action.id}@localhost" in events_by_uid(first.data)
    action_services.update_action(action, owner=user("lead.bradford@example.org"), actor=secretariat)
    db.session.commit()
    after = client.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert after.status_code == 200
    assert f"action-{action.id}@localhost" not in events_by_uid(after.data)


def test_gzip_only_when_asked(client_as, client):
    """Accept-Encoding gzip: the same calendar gzipped, its own ETag, Vary; plain otherwise."""
    url = feed_url(client_as("lead.leeds@example.org"))
    plain = client.get(url)
    assert "Content-Encoding" not in plain.headers
    assert "Accept-Encoding" in plain.headers["Vary"]
    zipped = client.get(url, headers={"Accept-Encoding": "gzip, deflate"})
    assert zipped.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped.headers["Vary"]
    assert gzip.decompress(zipped.data) == plain.data
    assert zipped.headers["ETag"] != plain.headers["ETag"]
    again = client.get(url, headers={"Accept-Encoding": "gzip", "If-None-Match": zipped.headers["ETag"]})
    assert again.status_code == 304
    # Other responses are not compressed.
    signed_in = client_as("lead.leeds@example.org")
    assert "Content-Encoding" not in signed_in.get("/account", headers={"Accept-Encoding": "gzip"}).headers


def test_cancelled_meeting_stays_marked_and_actions_say_what_they_are(client_as, client, make_meeting):
    """A cancelled meeting stays as "Cancelled: …", free time; an action by reference and first words."""
    meeting = make_meeting(day=today_london() + timedelta(days=30), title="Strategic Board meeting")
    action = action_services.create_action(
        body("board"),
        "Circulate the naloxone pilot evaluation to all five district partnerships before the Board",
        user("lead.leeds@example.org"),
        today_london() + timedelta(days=20),
        actor=user("secretariat@example.org"),
    )
    services.cancel_meeting(meeting, reason="Chair unavailable.", actor=user("secretariat@example.org"))
    db.session.commit()
    events = events_by_uid(client.get(feed_url(client_as("lead.leeds@example.org"))).data)
    gone = events[f"meeting-{meeting.id}@localhost"]
    assert str(gone["SUMMARY"]) == "Cancelled: Strategic Board"
    assert gone["STATUS"] == "CANCELLED" and gone["TRANSP"] == "TRANSPARENT"
    due = events[f"action-{action.id}@localhost"]
    assert str(due["SUMMARY"]) == (
        f"Action {action.reference} due: Circulate the naloxone pilot evaluation to all five district…"
    )


def test_uid_domain_is_stored_and_survives_a_move(app, database_url, tmp_path, client_as, client, make_meeting):
    """The UID domain stored at first run stays when BOARD_BASE_URL changes; the setting overrides it."""
    meeting = make_meeting(day=today_london() + timedelta(days=30))
    stored = db.session.scalar(sa.select(SiteSetting.value).where(SiteSetting.key == "calendar_uid_domain"))
    assert stored == "localhost"  # the migration took the host of BOARD_BASE_URL, as UIDs were before
    url = feed_url(client_as("lead.leeds@example.org"))
    assert f"meeting-{meeting.id}@localhost" in events_by_uid(client.get(url).data)
    db.session.commit()
    for overrides, domain in (
        ({"BOARD_BASE_URL": "https://board.example.org"}, "localhost"),  # the site moved: same UIDs
        ({"BOARD_CALENDAR_UID_DOMAIN": "cdp.example.org"}, "cdp.example.org"),  # chosen explicitly
    ):
        other = create_app({**base_config(tmp_path, database_url), **overrides})
        with other.app_context():
            events = events_by_uid(other.test_client().get(url).data)
            db.session.remove()
            db.engine.dispose()
        assert f"meeting-{meeting.id}@{domain}" in events, (overrides, list(events))


def test_first_run_stores_the_host_of_the_base_url(empty_database_url, tmp_path):
    """init-db on a new database stores BOARD_BASE_URL's host as the UID domain."""
    fresh = create_app({**base_config(tmp_path, empty_database_url), "BOARD_BASE_URL": "https://board.example.org"})
    with fresh.app_context():
        result = fresh.test_cli_runner().invoke(args=["init-db"])
        assert result.exit_code == 0, result.output
        value = db.session.scalar(sa.select(SiteSetting.value).where(SiteSetting.key == "calendar_uid_domain"))
        db.session.remove()
        db.engine.dispose()
    assert value == "board.example.org"


def test_account_page_never_silently_replaces_a_feed(client_as, client):
    """With a feed, the account page says so; a new address needs a confirmation that warns the old stops."""
    leeds = client_as("lead.leeds@example.org")
    page = leeds.post_form("/account/calendar-feed").get_data(as_text=True)
    url = re.search(r"http://localhost(/calendar/[A-Za-z0-9_-]+\.ics)", page).group(1)
    assert f'href="webcal://localhost{url}"' in page
    assert 'data-copy-target="feed-address"' in page and 'id="feed-address"' in page
    assert f'value="http://localhost{url}"' in page  # selectable without JavaScript

    account = leeds.get("/account").get_data(as_text=True)
    assert "You have a calendar feed" in account
    assert "Get your calendar feed address" not in account
    assert 'href="/account/calendar-feed/new"' in account

    # An old page's button, pressed again: nothing replaced, sent to the confirmation instead.
    again = leeds.post_form("/account/calendar-feed")
    assert again.status_code == 303 and again.headers["Location"].endswith("/account/calendar-feed/new")
    assert client.get(url).status_code == 200

    confirm = leeds.get("/account/calendar-feed/new").get_data(as_text=True)
    assert "will stop working" in confirm and "stop updating" in confirm
    assert client.get(url).status_code == 200  # looking at the page changes nothing
    new_page = leeds.post_form("/account/calendar-feed/new").get_data(as_text=True)
    new_url = re.search(r"http://localhost(/calendar/[A-Za-z0-9_-]+\.ics)", new_page).group(1)
    assert new_url != url
    assert client.get(url).status_code == 404 and client.get(new_url).status_code == 200
