"""The cover papers blueprint and its route table: every page of the area, read in one place.

The pages live beside it: ``papers`` (start, read, write, review, outputs), ``attachments``,
``records`` (recommendation outcomes, the list, the plan-alignment table) and ``admin``
(each body's template and the acronym glossary).
"""

from flask import Blueprint
from werkzeug.exceptions import RequestEntityTooLarge

from board.papers.views import admin, attachments, common, papers, records

bp = Blueprint("papers", __name__)

bp.before_request(common._signed_in)
bp.app_context_processor(common.helpers)
bp.register_error_handler(RequestEntityTooLarge, attachments.too_large)

# --- papers ------------------------------------------------------------------------------
bp.add_url_rule("/cover-papers", view_func=records.index)
bp.add_url_rule("/cover-papers/plan-alignment", view_func=records.alignment)
bp.add_url_rule("/agenda-items/<int:item_id>/cover-paper", view_func=papers.start, methods=["GET", "POST"])
bp.add_url_rule("/cover-papers/<int:paper_id>", view_func=papers.show)
bp.add_url_rule("/cover-papers/<int:paper_id>/edit", view_func=papers.edit, methods=["GET", "POST"])
bp.add_url_rule("/cover-papers/<int:paper_id>/submit", view_func=papers.submit, methods=["POST"])
bp.add_url_rule("/cover-papers/<int:paper_id>/review", view_func=papers.review, methods=["GET", "POST"])
bp.add_url_rule("/cover-papers/<int:paper_id>/cover-paper.pdf", view_func=papers.pdf)
bp.add_url_rule("/cover-papers/<int:paper_id>/cover-paper.docx", view_func=papers.docx)
bp.add_url_rule("/cover-papers/<int:paper_id>/outcomes", view_func=records.record_outcomes, methods=["GET", "POST"])

# --- attachments -------------------------------------------------------------------------
bp.add_url_rule(
    "/cover-papers/<int:paper_id>/attachments", view_func=attachments.paper_attachments, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/cover-attachments/<int:attachment_id>/replace", view_func=attachments.replace_attachment, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/cover-attachments/<int:attachment_id>/delete", view_func=attachments.delete_attachment, methods=["POST"]
)
bp.add_url_rule("/cover-attachments/versions/<int:version_id>/download", view_func=attachments.download_attachment)

# --- settings (secretariat) --------------------------------------------------------------
bp.add_url_rule("/bodies/<slug>/cover-paper-template", view_func=admin.template_page, endpoint="template")
bp.add_url_rule("/bodies/<slug>/cover-paper-template/new", view_func=admin.new_section, methods=["GET", "POST"])
bp.add_url_rule("/cover-template-sections/<int:section_id>/edit", view_func=admin.edit_section, methods=["GET", "POST"])
bp.add_url_rule("/cover-template-sections/<int:section_id>/delete", view_func=admin.delete_section, methods=["POST"])
bp.add_url_rule(
    "/cover-template-sections/<int:section_id>/move/<direction>", view_func=admin.move_section, methods=["POST"]
)
bp.add_url_rule("/cover-papers/glossary", view_func=admin.glossary, methods=["GET", "POST"])
bp.add_url_rule("/cover-papers/glossary/<int:term_id>/delete", view_func=admin.delete_term, methods=["POST"])
