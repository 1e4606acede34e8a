"""The submissions blueprint and its route table: every page of the area, read in one place.

The pages live beside it: ``rounds`` (the list, opening a round, the tracker, locking,
chasing), ``updates`` (one update: reading, writing with its files, returning, accepting,
revisions) and ``figures`` (figures over time); ``loading`` holds what they share.
"""

from flask import Blueprint
from werkzeug.exceptions import RequestEntityTooLarge

from board.submissions.views import figures, loading, rounds, updates

bp = Blueprint("submissions", __name__)

bp.before_request(loading._signed_in)
bp.app_context_processor(loading._helpers)
bp.register_error_handler(RequestEntityTooLarge, updates.too_large)

# --- lists and rounds (secretariat; contacts see their own updates) ------------------------
bp.add_url_rule("/updates", view_func=rounds.index)
bp.add_url_rule("/meetings/<int:meeting_id>/updates/new", view_func=rounds.open_round, methods=["GET", "POST"])
bp.add_url_rule("/rounds/<int:round_id>", view_func=rounds.tracker)
bp.add_url_rule("/rounds/<int:round_id>/<any(lock, unlock):change>", view_func=rounds.set_locked, methods=["POST"])
bp.add_url_rule("/rounds/<int:round_id>/chase", view_func=rounds.chase_all, methods=["GET", "POST"])
bp.add_url_rule("/updates/<int:update_id>/chase", view_func=rounds.chase, methods=["GET", "POST"])

# --- one update ----------------------------------------------------------------------------
bp.add_url_rule("/updates/<int:update_id>", view_func=updates.update)
bp.add_url_rule("/updates/<int:update_id>/edit", view_func=updates.edit_update, methods=["GET", "POST"])
bp.add_url_rule("/updates/files/<int:file_id>", view_func=updates.download_file)
bp.add_url_rule("/updates/<int:update_id>/return", view_func=updates.return_update, methods=["POST"])
bp.add_url_rule("/updates/<int:update_id>/accept", view_func=updates.accept_update, methods=["POST"])
bp.add_url_rule("/updates/<int:update_id>/revisions", view_func=updates.revisions)

# --- figures over time ---------------------------------------------------------------------
bp.add_url_rule("/bodies/<slug>/figures", view_func=figures.figures)
