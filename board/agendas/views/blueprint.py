"""The agendas blueprint and its route table: every page of the area, read in one place.

The pages live beside it: ``agenda`` (the builder, items, publishing, the agenda and its
pack), ``papers`` (uploads, versions, downloads) and ``template`` (each body's standing items).
"""

from flask import Blueprint
from werkzeug.exceptions import RequestEntityTooLarge

from board.agendas.views import agenda, papers, template

bp = Blueprint("agendas", __name__)

bp.before_request(agenda._signed_in)
bp.app_context_processor(agenda._agenda_helpers)
bp.register_error_handler(RequestEntityTooLarge, papers._too_large)

# --- the builder (secretariat) -----------------------------------------------------------
bp.add_url_rule("/meetings/<int:meeting_id>/agenda/build", view_func=agenda.builder)
bp.add_url_rule("/meetings/<int:meeting_id>/agenda/start", view_func=agenda.start, methods=["POST"])
bp.add_url_rule("/meetings/<int:meeting_id>/agenda/carry-forward", view_func=agenda.carry_forward, methods=["POST"])
bp.add_url_rule("/meetings/<int:meeting_id>/agenda/items/new", view_func=agenda.new_item, methods=["GET", "POST"])
bp.add_url_rule("/agenda-items/<int:item_id>/edit", view_func=agenda.edit_item, methods=["GET", "POST"])
bp.add_url_rule("/agenda-items/<int:item_id>/delete", view_func=agenda.delete_item, methods=["GET", "POST"])
bp.add_url_rule("/agenda-items/<int:item_id>/move/<direction>", view_func=agenda.move_item, methods=["POST"])
bp.add_url_rule("/meetings/<int:meeting_id>/agenda/publish", view_func=agenda.publish, methods=["GET", "POST"])
bp.add_url_rule("/meetings/<int:meeting_id>/agenda/pack/updates", view_func=agenda.pack_updates, methods=["POST"])

# --- reading (members and secretariat) ----------------------------------------------------
bp.add_url_rule("/meetings/<int:meeting_id>/agenda", view_func=agenda.agenda)
bp.add_url_rule("/meetings/<int:meeting_id>/agenda/pack", view_func=agenda.agenda_pack)
bp.add_url_rule("/meetings/<int:meeting_id>/agenda/pack.pdf", view_func=agenda.agenda_pack_pdf)

# --- papers ------------------------------------------------------------------------------
bp.add_url_rule("/agenda-items/<int:item_id>/papers", view_func=papers.item_papers, methods=["GET", "POST"])
bp.add_url_rule("/papers/<int:paper_id>/replace", view_func=papers.replace_paper, methods=["GET", "POST"])
bp.add_url_rule("/papers/<int:paper_id>/delete", view_func=papers.delete_paper, methods=["POST"])
bp.add_url_rule("/papers/versions/<int:version_id>/download", view_func=papers.download_paper)

# --- standing items ----------------------------------------------------------------------
bp.add_url_rule("/bodies/<slug>/agenda-template", view_func=template.template)
bp.add_url_rule("/bodies/<slug>/agenda-template/new", view_func=template.new_template_item, methods=["GET", "POST"])
bp.add_url_rule(
    "/agenda-template-items/<int:item_id>/edit", view_func=template.edit_template_item, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/agenda-template-items/<int:item_id>/delete", view_func=template.delete_template_item, methods=["POST"]
)
bp.add_url_rule(
    "/agenda-template-items/<int:item_id>/move/<direction>", view_func=template.move_template_item, methods=["POST"]
)
