"""Calendar downloads: one meeting's .ics, and each person's secret feed address."""

import hashlib

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user

from board import permissions
from board.common.access import require
from board.common.forms import ConfirmForm
from board.common.models import utcnow
from board.extensions import db
from board.meetings import feed
from board.meetings.ical import PUBLISH, meeting_calendar, site
from board.meetings.views.meetings import _load_meeting

CALENDAR_TYPE = "text/calendar; charset=utf-8"


def _calendar_response(body: bytes, filename: str, *, private: bool):
    """Serve a calendar with an ETag; answer 304 when the client already has it."""
    etag = hashlib.sha256(body).hexdigest()[:32]
    response = make_response(body)
    response.headers["Content-Type"] = CALENDAR_TYPE
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-cache" if private else "no-cache"
    response.set_etag(etag)
    return response.make_conditional(request)


def meeting_ics(meeting_id: int):
    """Anyone who may see the meeting: add it to a calendar (METHOD:PUBLISH, no attendees)."""
    meeting = _load_meeting(meeting_id)
    require(permissions.can_view_meeting(current_user, meeting))
    body = meeting_calendar(meeting, PUBLISH, site(), now=meeting.updated_at)
    return _calendar_response(body, f"meeting-{meeting.id}.ics", private=True)


def calendar_feed(token: str):
    """Calendar apps, by secret address: a person's meetings and deadlines (404 if revoked)."""
    user = feed.user_for_token(token)
    if user is None:
        abort(404)
    body = feed.feed_bytes(user, utcnow())
    return _calendar_response(body, "cdp-calendar.ics", private=True)


def new_feed_address():
    """The signed-in person: make a new feed address (the old one stops working), shown once."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    token = feed.new_calendar_token(current_user, actor=current_user)
    db.session.commit()
    address = site().base_url.rstrip("/") + url_for("meetings.feed", token=token)
    response = make_response(render_template("meetings/feed_address.html", address=address))
    response.headers["Cache-Control"] = "no-store"
    return response


def stop_feed():
    """The signed-in person: turn their feed off."""
    if ConfirmForm().validate_on_submit():
        feed.revoke_calendar_token(current_user, actor=current_user)
        db.session.commit()
    flash("Your calendar feed is turned off. Calendars subscribed to it will stop updating.", "success")
    return redirect(url_for("auth.account"))
