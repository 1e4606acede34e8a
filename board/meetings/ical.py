"""iCalendar (RFC 5545 / iTIP RFC 5546) for meetings: pure functions, no database.

The UID is derived from the meeting's row and the site's domain, so every invitation,
update, cancellation, download and feed speaks of the same event. Times are written in
Europe/London with a VTIMEZONE of one STANDARD and one DAYLIGHT rule, the shape Outlook
accepts. DTSTAMP is passed in (``now``) so output is reproducible.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from flask import current_app
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vCalAddress

from board.common.feeds import REFRESH, FeedEvent, escape_text, fold, write_events
from board.common.sitesettings import calendar_uid_domain, domain_of
from board.common.timeutil import LONDON

PRODID = "-//West Yorkshire Combating Drugs Partnership//Board meetings//EN"

REQUEST = "REQUEST"
CANCEL = "CANCEL"
PUBLISH = "PUBLISH"

PARTSTAT = {
    "no_answer": "NEEDS-ACTION",
    "attending": "ACCEPTED",
    "apologies": "DECLINED",
    "deputy": "DELEGATED",
    "tentative": "TENTATIVE",
}


@dataclass(frozen=True)
class Site:
    """What the calendars need to know about the site: its address and mailbox."""

    base_url: str
    mailbox: str
    mailbox_name: str
    uid_domain: str = ""  # the stored UID domain (board.common.sitesettings)

    @property
    def domain(self) -> str:
        return self.uid_domain or domain_of(self.base_url)


def site() -> Site:
    """The site's address, mailbox and UID domain, for calendars and e-mails."""
    cfg = current_app.config
    return Site(cfg["BOARD_BASE_URL"], cfg["MAIL_FROM"], cfg["MAIL_FROM_NAME"], calendar_uid_domain())


@dataclass(frozen=True)
class Person:
    """An attendee; a deputy says whom they stand in for, a member whom they sent (RFC 5546 4.2.5)."""

    name: str
    email: str
    partstat: str = "NEEDS-ACTION"
    delegated_to: str = ""
    delegated_from: str = ""


def meeting_uid(meeting_id: int, site: Site) -> str:
    """The meeting's UID: never changes, whatever happens to the meeting."""
    return f"meeting-{meeting_id}@{site.domain}"


def meeting_url(meeting_id: int, site: Site) -> str:
    return f"{site.base_url.rstrip('/')}/meetings/{meeting_id}"


def london_timezone() -> Timezone:
    """VTIMEZONE for Europe/London: GMT in winter, BST from the last Sunday of March."""
    tz = Timezone()
    tz.add("tzid", "Europe/London")
    daylight = TimezoneDaylight()
    daylight.add("tzname", "BST")
    daylight.add("dtstart", datetime(1981, 3, 29, 1, 0, 0))
    daylight.add("tzoffsetfrom", _offset(0))
    daylight.add("tzoffsetto", _offset(1))
    daylight.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1SU"})
    standard = TimezoneStandard()
    standard.add("tzname", "GMT")
    standard.add("dtstart", datetime(1996, 10, 27, 2, 0, 0))
    standard.add("tzoffsetfrom", _offset(1))
    standard.add("tzoffsetto", _offset(0))
    standard.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1SU"})
    tz.add_component(daylight)
    tz.add_component(standard)
    return tz


def _offset(hours: int) -> timedelta:
    return timedelta(hours=hours)


def _address(person: Person, **params) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    address.params["CN"] = " ".join(person.name.split())
    for key, value in params.items():
        address.params[key.replace("_", "-").upper()] = value
    if person.delegated_to:
        address.params["DELEGATED-TO"] = f"mailto:{person.delegated_to}"
    if person.delegated_from:
        address.params["DELEGATED-FROM"] = f"mailto:{person.delegated_from}"
    return address


def meeting_summary(meeting) -> str:
    """What the meeting is, once: "Strategic Board", not "Strategic Board: Strategic Board meeting".

    The body's name leads unless the title already says it; a title that is only the
    body's name and "meeting" is the body's name.
    """
    body = " ".join(meeting.body.short_name.split())
    title = " ".join(meeting.title.split())
    bare = title[: -len(" meeting")] if title.lower().endswith(" meeting") else title
    if not bare or bare.casefold() == body.casefold():
        return body
    if body.casefold() in title.casefold():
        return title
    return f"{body}: {title}"


def _location(meeting) -> str:
    if meeting.venue and meeting.join_url:
        return f"{meeting.venue} (or online)"
    return meeting.venue or ("Online" if meeting.join_url else "")


def _description(meeting, site: Site, change_note: str) -> str:
    parts = []
    if change_note:
        parts.append(change_note)
    if meeting.status == "cancelled":
        parts.append(
            "This meeting has been cancelled." + (f" {meeting.cancel_reason}" if meeting.cancel_reason else "")
        )
    if meeting.notes:
        parts.append(meeting.notes)
    if meeting.join_url:
        parts.append(f"Join online: {meeting.join_url}")
    parts.append(f"Meeting page: {meeting_url(meeting.id, site)}")
    return "\n\n".join(parts)


def meeting_event(
    meeting,
    site: Site,
    *,
    now: datetime,
    attendee: Person | None = None,
    chair: Person | None = None,
    change_note: str = "",
    rsvp: bool = True,
    delegator: Person | None = None,
) -> Event:
    """One VEVENT for the meeting; ``attendee`` (and the chair) only in iTIP messages.

    ``rsvp`` asks the attendee's calendar to answer (a REQUEST; never a CANCEL). A
    deputy's invitation names the member they stand in for as ``delegator``
    (PARTSTAT=DELEGATED, DELEGATED-TO the deputy). Without an attendee (a download or a
    feed), a cancelled meeting says so in its title and no longer blocks the time.
    """
    cancelled = meeting.status == "cancelled"
    summary = meeting_summary(meeting)
    event = Event()
    event.add("uid", meeting_uid(meeting.id, site))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", now)
    event.add("dtstart", meeting.starts_at.astimezone(LONDON))
    event.add("dtend", meeting.ends_at.astimezone(LONDON))
    event.add("summary", f"Cancelled: {summary}" if cancelled and attendee is None else summary)
    location = _location(meeting)
    if location:
        event.add("location", location)
    event.add("description", _description(meeting, site, change_note))
    event.add("url", meeting_url(meeting.id, site))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
    event.add("organizer", _address(Person(site.mailbox_name, site.mailbox)))
    if attendee is not None:
        is_chair = chair is not None and chair.email.lower() == attendee.email.lower()
        params = dict(cutype="INDIVIDUAL", role="CHAIR" if is_chair else "REQ-PARTICIPANT", partstat=attendee.partstat)
        if rsvp:
            params["rsvp"] = "TRUE"
        event.add("attendee", _address(attendee, **params))
        if delegator is not None:
            event.add(
                "attendee", _address(delegator, cutype="INDIVIDUAL", role="REQ-PARTICIPANT", partstat="DELEGATED")
            )
        if chair is not None and not is_chair:
            event.add("attendee", _address(chair, cutype="INDIVIDUAL", role="CHAIR", partstat=chair.partstat))
    return event


def meeting_feed_event(meeting, site: Site) -> FeedEvent:
    """The meeting as a feed shows it: the download's event, written without the library.

    DTSTAMP is the row's last change, so an unchanged feed is byte-for-byte the same (ETag).
    """
    cancelled = meeting.status == "cancelled"
    summary = meeting_summary(meeting)
    return FeedEvent(
        uid=meeting_uid(meeting.id, site),
        summary=f"Cancelled: {summary}" if cancelled else summary,
        start=meeting.starts_at,
        end=meeting.ends_at,
        stamp=meeting.updated_at,
        sequence=meeting.sequence,
        description=_description(meeting, site, ""),
        location=_location(meeting),
        organizer=(site.mailbox_name, site.mailbox),
        status="CANCELLED" if cancelled else "CONFIRMED",
        transp="TRANSPARENT" if cancelled else "OPAQUE",
        url=meeting_url(meeting.id, site),
    )


def _calendar(method: str, name: str | None = None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
        cal.add("x-wr-timezone", "Europe/London")
    cal.add_component(london_timezone())
    return cal


def meeting_calendar(
    meeting,
    method: str,
    site: Site,
    *,
    now: datetime,
    attendee: Person | None = None,
    chair: Person | None = None,
    change_note: str = "",
    delegator: Person | None = None,
) -> bytes:
    """A whole calendar for one meeting: REQUEST or CANCEL to one attendee, or PUBLISH."""
    if method in {REQUEST, CANCEL} and attendee is None:
        raise ValueError(f"METHOD:{method} needs an attendee")
    if method == PUBLISH:
        attendee = chair = delegator = None
    cal = _calendar(method)
    cal.add_component(
        meeting_event(
            meeting,
            site,
            now=now,
            attendee=attendee,
            chair=chair,
            change_note=change_note,
            rsvp=method == REQUEST,
            delegator=delegator,
        )
    )
    return cal.to_ical()


@cache
def _feed_head() -> str:
    """Everything a feed has before its events: the PUBLISH header and the VTIMEZONE."""
    cal = _calendar(PUBLISH).to_ical().decode()
    return cal.removesuffix("END:VCALENDAR\r\n")


def feed_calendar(events, name: str, description: str = "") -> bytes:
    """A subscribable feed (METHOD:PUBLISH) of ready-made events, in a stable order.

    It asks calendar apps to fetch it again hourly (REFRESH-INTERVAL, X-PUBLISHED-TTL).
    """
    head = _feed_head()
    before, _, after = head.partition("BEGIN:VTIMEZONE")
    names = [fold("X-WR-CALNAME:" + escape_text(name)), "X-WR-TIMEZONE:Europe/London\r\n"]
    if description:
        names.append(fold("X-WR-CALDESC:" + escape_text(description)))
    names += [f"REFRESH-INTERVAL;VALUE=DURATION:{REFRESH}\r\n", f"X-PUBLISHED-TTL:{REFRESH}\r\n"]
    body = before + "".join(names) + "BEGIN:VTIMEZONE" + after + write_events(events) + "END:VCALENDAR\r\n"
    return body.encode()
