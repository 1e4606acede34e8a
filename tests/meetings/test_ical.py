"""The calendars we send, checked against golden files and parsed back (pure, no database).

Regenerate the golden files after an intended change with UPDATE_GOLDEN=1.
"""

import os
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
import vobject
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from board.actions.jobs import action_event
from board.common.feeds import write_event
from board.common.timeutil import LONDON
from board.meetings.ical import (
    CANCEL,
    PUBLISH,
    REQUEST,
    Person,
    Site,
    feed_calendar,
    meeting_calendar,
    meeting_event,
    meeting_feed_event,
    meeting_summary,
)

GOLDEN = Path(__file__).parent / "golden"
SITE = Site("https://board.example.org", "cdp.secretariat@example.org", "CDP Secretariat")
NOW = datetime(2027, 1, 5, 12, 0, tzinfo=UTC)
CHAIR = Person("Helen Ashworth", "chair@example.org", "ACCEPTED")
MEMBER = Person("Imran Qureshi", "lead.bradford@example.org")


def meeting(**overrides):
    values = dict(
        id=42,
        title="Strategic Board",
        venue="Wellington House, Wakefield",
        join_url="https://teams.example.org/j/1",
        notes="Papers follow a week before.",
        status="scheduled",
        cancel_reason="",
        sequence=0,
        # The last Tuesday of March 2027: BST (UTC+1) has begun.
        starts_at=datetime(2027, 3, 30, 9, 0, tzinfo=UTC),
        ends_at=datetime(2027, 3, 30, 11, 0, tzinfo=UTC),
        body=SimpleNamespace(short_name="Board"),
        updated_at=NOW,
    )
    values.update(overrides)
    return SimpleNamespace(**values)


def check_golden(name: str, data: bytes) -> None:
    """Byte-for-byte the golden file, and read back by a second, independent parser (vobject)."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_bytes(data)
    assert path.exists(), f"golden file {name} is missing (run once with UPDATE_GOLDEN=1 after checking the output)"
    assert data == path.read_bytes(), f"{name} differs from the golden file"
    strict = vobject.readOne(data.decode("utf-8"))
    ours = Calendar.from_ical(data)
    assert [str(e.uid.value) for e in strict.vevent_list] == [str(e["UID"]) for e in ours.walk("VEVENT")]
    for theirs, mine in zip(strict.vevent_list, ours.walk("VEVENT"), strict=True):
        assert theirs.summary.value == str(mine["SUMMARY"])
        assert theirs.dtstart.value == mine["DTSTART"].dt
        assert theirs.dtend.value == mine["DTEND"].dt
        if "LOCATION" in mine:
            assert theirs.location.value == str(mine["LOCATION"])


def attendees(event) -> list:
    value = event.get("ATTENDEE", [])
    return value if isinstance(value, list) else [value]


def parse(data: bytes) -> tuple[Calendar, object]:
    cal = Calendar.from_ical(data)
    events = list(cal.walk("VEVENT"))
    assert len(events) == 1
    return cal, events[0]


def test_invitation_matches_golden_and_parses_back():
    """A REQUEST to one member: UID, SEQUENCE, DTSTAMP, ORGANIZER, ATTENDEE with RSVP, the chair, STATUS, URL."""
    data = meeting_calendar(meeting(), REQUEST, SITE, now=NOW, attendee=MEMBER, chair=CHAIR)
    check_golden("invitation.ics", data)
    cal, event = parse(data)
    assert cal["METHOD"] == "REQUEST"
    assert str(event["UID"]) == "meeting-42@board.example.org"
    assert event["SEQUENCE"] == 0
    assert event["DTSTAMP"].dt == NOW
    assert event["ORGANIZER"] == "mailto:cdp.secretariat@example.org"
    assert event["ORGANIZER"].params["CN"] == "CDP Secretariat"
    people = attendees(event)
    assert [str(a) for a in people] == ["mailto:lead.bradford@example.org", "mailto:chair@example.org"]
    assert people[0].params["RSVP"] == "TRUE" and people[0].params["PARTSTAT"] == "NEEDS-ACTION"
    assert people[1].params["ROLE"] == "CHAIR"
    assert event["STATUS"] == "CONFIRMED"
    assert event["URL"] == "https://board.example.org/meetings/42"
    tz = list(cal.walk("VTIMEZONE"))[0]
    assert [c.name for c in tz.subcomponents] == ["DAYLIGHT", "STANDARD"]
    assert all("RRULE" in c for c in tz.subcomponents)


def test_update_matches_golden_with_higher_sequence_and_change_line():
    """A moved meeting: same UID, SEQUENCE 1, and the description says what changed."""
    moved = meeting(
        sequence=1, starts_at=datetime(2027, 3, 30, 13, 0, tzinfo=UTC), ends_at=datetime(2027, 3, 30, 15, 0, tzinfo=UTC)
    )
    data = meeting_calendar(
        moved,
        REQUEST,
        SITE,
        now=NOW,
        attendee=MEMBER,
        chair=CHAIR,
        change_note="This meeting has changed: new start time, end time.",
    )
    check_golden("update.ics", data)
    _cal, event = parse(data)
    assert str(event["UID"]) == "meeting-42@board.example.org"
    assert event["SEQUENCE"] == 1
    assert str(event["DESCRIPTION"]).startswith("This meeting has changed: new start time, end time.")


def test_cancellation_matches_golden():
    """A CANCEL: STATUS:CANCELLED, higher SEQUENCE, the attendee, the same UID."""
    data = meeting_calendar(
        meeting(status="cancelled", sequence=2, cancel_reason="Chair unavailable."),
        CANCEL,
        SITE,
        now=NOW,
        attendee=MEMBER,
        chair=CHAIR,
    )
    check_golden("cancellation.ics", data)
    cal, event = parse(data)
    assert cal["METHOD"] == "CANCEL"
    assert event["STATUS"] == "CANCELLED" and event["SEQUENCE"] == 2
    assert str(attendees(event)[0]) == "mailto:lead.bradford@example.org"


def test_feed_matches_golden_and_has_no_attendees():
    """A PUBLISH feed of two meetings (March and October, either side of the clock change)."""
    # The last Tuesday of October 2026 (27th): GMT, two days after the clocks went back.
    october = meeting(
        id=43,
        starts_at=datetime(2026, 10, 27, 10, 0, tzinfo=UTC),
        ends_at=datetime(2026, 10, 27, 12, 0, tzinfo=UTC),
        sequence=3,
    )
    events = [meeting_feed_event(october, SITE), meeting_feed_event(meeting(), SITE)]
    data = feed_calendar(events, "Helen Ashworth: CDP meetings and deadlines")
    check_golden("feed.ics", data)
    cal = Calendar.from_ical(data)
    assert cal["METHOD"] == "PUBLISH"
    parsed = list(cal.walk("VEVENT"))
    assert [str(e["UID"]) for e in parsed] == ["meeting-43@board.example.org", "meeting-42@board.example.org"]
    assert all("ATTENDEE" not in e for e in parsed)


@pytest.mark.parametrize(
    ("starts_utc", "london_hour", "wire"),
    [
        # Last Tuesday of March 2027 (30th): BST, so 09:00 UTC is 10:00 in London.
        (datetime(2027, 3, 30, 9, 0, tzinfo=UTC), 10, "DTSTART;TZID=Europe/London:20270330T100000"),
        # The Tuesday before the March change: still GMT.
        (datetime(2027, 3, 23, 10, 0, tzinfo=UTC), 10, "DTSTART;TZID=Europe/London:20270323T100000"),
        # Last Tuesday of October 2026 (27th): GMT again, so 10:00 UTC is 10:00 in London.
        (datetime(2026, 10, 27, 10, 0, tzinfo=UTC), 10, "DTSTART;TZID=Europe/London:20261027T100000"),
        # The Tuesday before the October change: still BST.
        (datetime(2026, 10, 20, 9, 0, tzinfo=UTC), 10, "DTSTART;TZID=Europe/London:20261020T100000"),
    ],
)
def test_time_zone_right_on_both_sides_of_the_clock_change(starts_utc, london_hour, wire):
    """Wall-clock London time on the wire and the same instant when read back."""
    m = meeting(starts_at=starts_utc, ends_at=starts_utc.replace(hour=starts_utc.hour + 2))
    data = meeting_calendar(m, PUBLISH, SITE, now=NOW)
    assert wire in data.decode()
    _cal, event = parse(data)
    start = event["DTSTART"].dt
    assert start.hour == london_hour
    assert start.astimezone(UTC) == starts_utc
    assert start.astimezone(LONDON).utcoffset() == starts_utc.astimezone(LONDON).utcoffset()


def test_line_breaks_in_the_title_never_make_new_properties():
    """A title with CR/LF and a fake property stays inside SUMMARY."""
    evil = meeting(title="Board\r\nDTSTART:20000101T000000Z\nATTENDEE:mailto:x@evil.test", venue="A\nLOCATION:B")
    data = meeting_calendar(evil, REQUEST, SITE, now=NOW, attendee=MEMBER)
    lines = data.decode().split("\r\n")
    assert not any(line.startswith("DTSTART:2000") for line in lines)
    assert not any("evil.test" in line and line.startswith("ATTENDEE") for line in lines)
    _cal, event = parse(data)
    assert "DTSTART:20000101T000000Z" in str(event["SUMMARY"])
    assert event["DTSTART"].dt.year == 2027
    assert [str(a) for a in attendees(event)] == ["mailto:lead.bradford@example.org"]


def test_publish_has_no_attendee_and_request_needs_one():
    """The download is PUBLISH without ATTENDEE; a REQUEST without an attendee is a bug."""
    _cal, event = parse(meeting_calendar(meeting(), PUBLISH, SITE, now=NOW, attendee=MEMBER, chair=CHAIR))
    assert "ATTENDEE" not in event
    with pytest.raises(ValueError):
        meeting_calendar(meeting(), REQUEST, SITE, now=NOW)


def test_cancellation_asks_for_no_answer():
    """A CANCEL carries no RSVP=TRUE: nobody's calendar should answer a cancellation."""
    data = meeting_calendar(meeting(status="cancelled", sequence=2), CANCEL, SITE, now=NOW, attendee=MEMBER)
    assert b"RSVP" not in data
    _cal, event = parse(data)
    assert "RSVP" not in attendees(event)[0].params


def test_deputy_invitation_matches_golden_with_delegation():
    """A deputy's invitation says for whom (DELEGATED-FROM), and the member sent them (DELEGATED-TO)."""
    member = Person("Imran Qureshi", "lead.bradford@example.org", "DELEGATED", delegated_to="deputy@example.org")
    deputy = Person("Dana Deputy", "deputy@example.org", delegated_from="lead.bradford@example.org")
    data = meeting_calendar(meeting(), REQUEST, SITE, now=NOW, attendee=deputy, chair=CHAIR, delegator=member)
    check_golden("delegation.ics", data)
    _cal, event = parse(data)
    people = {str(a): a.params for a in attendees(event)}
    assert people["mailto:deputy@example.org"]["DELEGATED-FROM"] == "mailto:lead.bradford@example.org"
    assert people["mailto:deputy@example.org"]["RSVP"] == "TRUE"
    assert people["mailto:lead.bradford@example.org"]["DELEGATED-TO"] == "mailto:deputy@example.org"
    assert people["mailto:lead.bradford@example.org"]["PARTSTAT"] == "DELEGATED"
    strict = vobject.readOne(data.decode()).vevent
    assert {a.value: a.params.get("DELEGATED-FROM") for a in strict.attendee_list}["mailto:deputy@example.org"] == [
        "mailto:lead.bradford@example.org"
    ]


@pytest.mark.parametrize(
    ("short_name", "title", "summary"),
    [
        ("Strategic Board", "Strategic Board meeting", "Strategic Board"),
        ("Strategic Board", "Strategic Board", "Strategic Board"),
        ("Board", "Strategic Board", "Strategic Board"),
        ("Strategic Board", "Extraordinary meeting", "Strategic Board: Extraordinary meeting"),
        ("Synthetic Opioids Sub-group", "Naloxone workshop", "Synthetic Opioids Sub-group: Naloxone workshop"),
    ],
)
def test_event_titles_say_what_the_meeting_is_once(short_name, title, summary):
    """ "Strategic Board", never "Strategic Board: Strategic Board meeting"."""
    assert meeting_summary(meeting(title=title, body=SimpleNamespace(short_name=short_name))) == summary


def test_feed_writer_writes_what_the_library_writes():
    """The fast feed writer gives, byte for byte, the VEVENT the icalendar library makes."""
    for m in (
        meeting(),
        meeting(status="cancelled", cancel_reason="Chair unavailable.", sequence=4),
        meeting(venue="Wellington House — Wakefield; room 3, floor 2", join_url="", notes="A\\B\nC " * 30),
    ):
        library = meeting_event(m, SITE, now=m.updated_at).to_ical().decode()
        assert write_event(meeting_feed_event(m, SITE)) == library


def test_feed_matches_golden_with_refresh_cancelled_meeting_and_action():
    """The feed: refreshed hourly, says its window, keeps a cancelled meeting (free time) and
    names an action by its reference and first words; parsed back by both parsers."""
    cancelled = meeting(
        id=44, status="cancelled", cancel_reason="Chair unavailable.", sequence=1, venue="Wellington House — Wakefield"
    )
    action = SimpleNamespace(
        id=7,
        reference="CDP-26-04",
        description="Circulate the naloxone pilot evaluation to all five district partnerships before the next Board",
        due_on=datetime(2027, 3, 1).date(),
        updated_at=NOW,
        created_at=NOW,
    )
    events = [
        meeting_feed_event(meeting(), SITE),
        meeting_feed_event(cancelled, SITE),
        action_event(action, "board.example.org", "https://board.example.org"),
    ]
    data = feed_calendar(
        events, "Helen Ashworth: CDP meetings and deadlines", "The last 12 months and everything ahead."
    )
    check_golden("feed-window.ics", data)
    cal = Calendar.from_ical(data)
    assert str(cal["REFRESH-INTERVAL"].dt) == "1:00:00" and cal["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert str(cal["X-PUBLISHED-TTL"]) == "PT1H"
    assert str(cal["X-WR-CALDESC"]) == "The last 12 months and everything ahead."
    by_uid = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    gone = by_uid["meeting-44@board.example.org"]
    assert str(gone["SUMMARY"]) == "Cancelled: Strategic Board"
    assert gone["STATUS"] == "CANCELLED" and gone["TRANSP"] == "TRANSPARENT"
    assert str(gone["LOCATION"]) == "Wellington House — Wakefield (or online)"
    due = by_uid["action-7@board.example.org"]
    assert str(due["SUMMARY"]) == "Action CDP-26-04 due: Circulate the naloxone pilot evaluation to all five district…"
    assert due["DTSTART"].dt == action.due_on
    strict = vobject.readOne(data.decode())
    assert strict.contents["refresh-interval"][0].value == "PT1H"
    assert {e.summary.value for e in strict.vevent_list} >= {"Cancelled: Strategic Board", "Strategic Board"}


@settings(max_examples=60, deadline=None)
@given(title=st.text(max_size=120), venue=st.text(max_size=200), notes=st.text(max_size=400))
def test_feed_writer_agrees_with_the_library_on_any_text(title, venue, notes):
    """Any title, venue and notes (escapes, non-ASCII, long lines): the same bytes as icalendar."""
    m = meeting(title=title, venue=venue, notes=notes, join_url="")
    assert write_event(meeting_feed_event(m, SITE)) == meeting_event(m, SITE, now=m.updated_at).to_ical().decode()
