"""The bodies blueprint and its route table: setting up and closing bodies, their seats and
terms of reference, forward plans, and sub-groups reporting up.

The agenda builder shows a small panel (templates/bodies/_builder_offers.html) fed by
``builder_helpers``; its buttons post here.
"""

from flask import Blueprint

from board.bodies.views import bodies, plan, reports

bp = Blueprint("bodies", __name__)

bp.before_request(bodies._signed_in)
bp.app_context_processor(reports.builder_helpers)

# --- bodies, terms of reference and seats ------------------------------------------------
bp.add_url_rule("/bodies/new", view_func=bodies.new_body, methods=["GET", "POST"])
bp.add_url_rule("/bodies/<slug>/edit", view_func=bodies.edit_body, methods=["GET", "POST"])
bp.add_url_rule("/bodies/<slug>/close", view_func=bodies.close_body, methods=["GET", "POST"])
bp.add_url_rule("/bodies/<slug>/terms-of-reference", view_func=bodies.terms_history)
bp.add_url_rule("/bodies/<slug>/members/new", view_func=bodies.edit_membership, methods=["GET", "POST"])
bp.add_url_rule(
    "/bodies/<slug>/members/<int:membership_id>/edit", view_func=bodies.edit_membership, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/bodies/<slug>/members/<int:membership_id>/remove", view_func=bodies.remove_membership, methods=["POST"]
)

# --- forward plan ------------------------------------------------------------------------
bp.add_url_rule("/bodies/<slug>/forward-plan", view_func=plan.forward_plan)
bp.add_url_rule("/bodies/<slug>/forward-plan/new", view_func=plan.new_plan_item, methods=["GET", "POST"])
bp.add_url_rule("/forward-plan/<int:item_id>", view_func=plan.plan_item)
bp.add_url_rule("/forward-plan/<int:item_id>/edit", view_func=plan.edit_plan_item, methods=["GET", "POST"])
bp.add_url_rule("/forward-plan/<int:item_id>/defer", view_func=plan.defer_plan_item, methods=["POST"])
bp.add_url_rule("/forward-plan/<int:item_id>/schedule", view_func=plan.schedule_plan_item, methods=["POST"])

# --- a sub-group reporting up --------------------------------------------------------------
bp.add_url_rule("/bodies/<slug>/report-up", view_func=reports.report_up)
bp.add_url_rule("/bodies/<slug>/report-up/mark", view_func=reports.mark_for_parent, methods=["POST"])
bp.add_url_rule("/parent-reports/<int:report_id>/unmark", view_func=reports.unmark_for_parent, methods=["POST"])
bp.add_url_rule("/bodies/<slug>/reports", view_func=reports.reports)
bp.add_url_rule(
    "/meetings/<int:meeting_id>/agenda/sub-group-report/<slug>", view_func=reports.report_to_parent, methods=["POST"]
)
