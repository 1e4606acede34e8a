"""Calendar downloads: one meeting's .ics, and each person's secret feed address."""

import gzip
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
    """Calendar apps, by secret address: a person's meetings and deadlines (404 if revoked).

    Answers 304 to If-None-Match or If-Modified-Since when nothing changed, and sends
    the feed gzipped to clients that accept it (a ten-year feed shrinks about tenfold).
    """
    user = feed.user_for_token(token)
    if user is None:
        abort(404)
    user_id, now = user.id, utcnow()
    body = feed.feed_bytes(user, now)
    etag = hashlib.sha256(body).hexdigest()[:32]
    changed_at = feed.feed_changed_at(user_id, etag, now)
    db.session.commit()
    gzipped = request.accept_encodings["gzip"] > 0
    if gzipped:
        # A different representation needs a different ETag; mtime=0 keeps the bytes stable.
        body, etag = gzip.compress(body, compresslevel=6, mtime=0), etag + "-gzip"
    response = make_response(body)
    response.headers["Content-Type"] = CALENDAR_TYPE
    response.headers["Content-Disposition"] = 'inline; filename="cdp-calendar.ics"'
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers["Vary"] = "Accept-Encoding"
    if gzipped:
        response.headers["Content-Encoding"] = "gzip"
    response.set_etag(etag)
    response.last_modified = changed_at
    return response.make_conditional(request)


def _show_new_address():
    """Make a new feed address, commit, and show it once (with its webcal:// twin)."""
    token = feed.new_calendar_token(current_user, actor=current_user)
    db.session.commit()
    address = site().base_url.rstrip("/") + url_for("meetings.feed", token=token)
    webcal = "webcal://" + address.split("://", 1)[1]
    response = make_response(render_template("meetings/feed_address.html", address=address, webcal=webcal))
    response.headers["Cache-Control"] = "no-store"
    return response


def new_feed_address():
    """The signed-in person with no feed: make their feed address, shown once.

    With a feed already on, nothing is replaced here (a second click, an old page): the
    person is sent to the page that explains what a new address does and asks them to confirm.
    """
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if current_user.calendar_token_hash:
        return redirect(url_for("meetings.replace_feed_address"), 303)
    return _show_new_address()


def replace_feed_address():
    """The signed-in person with a feed: confirm, then make a new address (the old one stops working)."""
    if not current_user.calendar_token_hash:
        return redirect(url_for("auth.account"))
    form = ConfirmForm()
    if form.validate_on_submit():
        return _show_new_address()
    return render_template("meetings/feed_replace.html", form=form)


def stop_feed():
    """The signed-in person: turn their feed off."""
    if ConfirmForm().validate_on_submit():
        feed.revoke_calendar_token(current_user, actor=current_user)
        db.session.commit()
    flash("Your calendar feed is turned off. Calendars subscribed to it will stop updating.", "success")
    return redirect(url_for("auth.account"))
