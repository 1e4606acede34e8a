"""The meetings blueprint and its route table: every page of the area, read in one place.

The pages live beside it: ``meetings`` (lists, the meeting page, scheduling, planning,
answers), ``attended`` (who actually attended, marked on the day) and ``calendars`` (one meeting's .ics and each person's secret feed address).
"""

from flask import Blueprint

from board.meetings.views import attended, calendars, meetings

bp = Blueprint("meetings", __name__)

bp.before_request(meetings._signed_in)

# --- meetings ----------------------------------------------------------------------------
bp.add_url_rule("/meetings", view_func=meetings.index)
bp.add_url_rule("/bodies/<slug>/meetings", view_func=meetings.body_meetings)
bp.add_url_rule("/bodies/<slug>/meetings/new", view_func=meetings.new_meeting, methods=["GET", "POST"])
bp.add_url_rule("/meetings/<int:meeting_id>", view_func=meetings.meeting)
bp.add_url_rule("/meetings/<int:meeting_id>/edit", view_func=meetings.edit_meeting, methods=["GET", "POST"])
bp.add_url_rule("/meetings/<int:meeting_id>/cancel", view_func=meetings.cancel_meeting, methods=["GET", "POST"])
bp.add_url_rule("/meetings/<int:meeting_id>/held", view_func=meetings.mark_held, methods=["POST"])
bp.add_url_rule("/meetings/<int:meeting_id>/guests", view_func=meetings.add_guest, methods=["GET", "POST"])
bp.add_url_rule(
    "/meetings/<int:meeting_id>/attendance/<int:attendance_id>", view_func=meetings.answer, methods=["GET", "POST"]
)
bp.add_url_rule("/bodies/<slug>/meetings/plan", view_func=meetings.plan, methods=["GET", "POST"])

# --- who actually attended, on the day ----------------------------------------------------
bp.add_url_rule("/meetings/<int:meeting_id>/attended", view_func=attended.attended, methods=["GET", "POST"])
bp.add_url_rule("/meetings/<int:meeting_id>/attended/add", view_func=attended.add_day_attendee, methods=["POST"])
bp.add_url_rule(
    "/meetings/day-attendees/<int:extra_id>/remove", view_func=attended.remove_day_attendee, methods=["POST"]
)

# --- calendars ---------------------------------------------------------------------------
bp.add_url_rule("/meetings/<int:meeting_id>.ics", view_func=calendars.meeting_ics)
bp.add_url_rule("/calendar/<token>.ics", endpoint="feed", view_func=calendars.calendar_feed)
bp.add_url_rule("/account/calendar-feed", view_func=calendars.new_feed_address, methods=["POST"])
bp.add_url_rule("/account/calendar-feed/new", view_func=calendars.replace_feed_address, methods=["GET", "POST"])
bp.add_url_rule("/account/calendar-feed/off", view_func=calendars.stop_feed, methods=["POST"])
