"""The minutes blueprint and its route table: every page of the area, read in one place.

The pages live beside it: ``minutes`` (reading, writing, confirming outcomes, circulating,
approving), ``comments`` (members' comments on circulated drafts) and ``records`` (revisions and restore, attendance, downloads and print).
"""

from flask import Blueprint

from board.minutes.views import comments, minutes, records

bp = Blueprint("minutes", __name__)

bp.before_request(minutes._signed_in)
bp.app_context_processor(minutes._minutes_helpers)

# --- reading, writing and the workflow ---------------------------------------------------
bp.add_url_rule("/minutes/<int:minutes_id>", view_func=minutes.show)
bp.add_url_rule("/minutes/<int:minutes_id>/public", view_func=minutes.public)
bp.add_url_rule("/meetings/<int:meeting_id>/minutes/start", view_func=minutes.start, methods=["POST"])
bp.add_url_rule("/minutes/<int:minutes_id>/edit", view_func=minutes.edit, methods=["GET", "POST"])
bp.add_url_rule("/minutes/<int:minutes_id>/outcomes", view_func=minutes.outcomes, methods=["GET", "POST"])
bp.add_url_rule("/minutes/<int:minutes_id>/circulate", view_func=minutes.circulate, methods=["GET", "POST"])
bp.add_url_rule("/minutes/<int:minutes_id>/approve", view_func=minutes.approve, methods=["GET", "POST"])
bp.add_url_rule("/minutes/<int:minutes_id>/approval/undo", view_func=minutes.undo_approval, methods=["GET", "POST"])

# --- comments on circulated drafts ---------------------------------------------------------
bp.add_url_rule("/minutes/<int:minutes_id>/comments/new", view_func=comments.comment, methods=["GET", "POST"])
bp.add_url_rule("/minutes/comments/<int:comment_id>", view_func=comments.resolve, methods=["GET", "POST"])

# --- revisions, attendance and outputs ----------------------------------------------------
bp.add_url_rule("/minutes/<int:minutes_id>/revisions", view_func=records.revisions)
bp.add_url_rule("/minutes/<int:minutes_id>/compare", view_func=records.compare)
bp.add_url_rule("/minutes/<int:minutes_id>/revisions/<int:number>", view_func=records.revision, methods=["GET", "POST"])
bp.add_url_rule("/minutes/<int:minutes_id>/attendance", view_func=records.attendance, methods=["GET", "POST"])
bp.add_url_rule("/minutes/<int:minutes_id>/attendance/add", view_func=records.add_attendee, methods=["POST"])
bp.add_url_rule("/minutes/<int:minutes_id>/attendance/refresh", view_func=records.refresh_attendance, methods=["POST"])
bp.add_url_rule("/minutes/attendees/<int:attendee_id>/remove", view_func=records.remove_attendee, methods=["POST"])
bp.add_url_rule("/minutes/<int:minutes_id>/minutes.md", view_func=records.markdown_download)
bp.add_url_rule("/minutes/<int:minutes_id>/print", view_func=records.printable)
bp.add_url_rule("/minutes/<int:minutes_id>/minutes.pdf", view_func=records.pdf)
