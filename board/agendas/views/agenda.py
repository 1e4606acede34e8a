"""Agenda pages: the builder, items, publishing, the agenda and its pack (routes in blueprint.py)."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload

from board import permissions
from board.agendas import pack, publishing, services
from board.agendas.files import format_size
from board.agendas.forms import ItemForm, PackUpdatesForm
from board.agendas.models import AgendaItem
from board.common.access import require
from board.common.exports import pdf_response
from board.common.forms import ConfirmForm, ConfirmSendingForm
from board.extensions import db
from board.meetings.models import Meeting


@login_required
def _signed_in():
    """Every page here needs a signed-in user; each view checks what they may do."""


def _editable_meeting(meeting_id: int) -> Meeting:
    meeting = db.get_or_404(Meeting, meeting_id)
    require(permissions.can_edit_agenda(current_user, meeting))
    return meeting


def _editable_item(item_id: int) -> AgendaItem:
    item = db.get_or_404(AgendaItem, item_id)
    require(permissions.can_edit_agenda(current_user, item.meeting))
    return item


def _builder(meeting: Meeting):
    return redirect(url_for("agendas.builder", meeting_id=meeting.id))


def _agenda_helpers():
    """`agenda_summary(meeting, user)` for the meeting page's panel; `format_size(bytes)`."""
    return {"agenda_summary": pack.agenda_summary, "format_size": format_size}


# --- the builder (secretariat) -----------------------------------------------------------


def builder(meeting_id: int):
    """Secretariat: the meeting's agenda as it stands, with times, order and publishing."""
    return _builder_page(_editable_meeting(meeting_id))


def _builder_page(meeting: Meeting, pack_form: PackUpdatesForm | None = None, status: int = 200):
    items = services.load_items(meeting)
    latest = publishing.latest_publication(meeting)
    plan = publishing.draft_schedule(meeting, items)
    stored = pack.stored_pack(latest) if latest is not None else None
    if pack_form is None:
        pack_form = PackUpdatesForm(formdata=None)
        pack_form.set_choices(_pack_choices(meeting, latest))
        pack_form.update_ids.data = list(stored.included_update_ids) if stored is not None else []
    page = render_template(
        "agendas/builder.html",
        meeting=meeting,
        plan=plan,
        publication=latest,
        stored_pack=stored,
        pack_form=pack_form,
        error_form=pack_form if pack_form.errors else None,
        has_changes=publishing.has_unpublished_changes(items, latest),
        template_count=len(services.load_template(meeting.body)),
        carry_candidates=services.carry_forward_candidates(meeting),
        confirm=ConfirmForm(),
    )
    return page, status


def start(meeting_id: int):
    """Secretariat: fill an empty agenda from the standing items and carried-forward items."""
    meeting = _editable_meeting(meeting_id)
    if ConfirmForm().validate_on_submit():
        try:
            items = services.start_agenda(meeting, by=current_user)
        except services.AgendaError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(f"The agenda now has {len(items)} items from the standing items.", "success")
    return _builder(meeting)


def carry_forward(meeting_id: int):
    """Secretariat: add items the previous meeting marked "carry forward"."""
    meeting = _editable_meeting(meeting_id)
    if ConfirmForm().validate_on_submit():
        count = services.bring_forward(meeting, by=current_user)
        db.session.commit()
        flash(f"{count} carried-forward item{'s' if count != 1 else ''} added.", "success")
    return _builder(meeting)


def new_item(meeting_id: int):
    """Secretariat: add an item to the agenda."""
    meeting = _editable_meeting(meeting_id)
    form = ItemForm()
    if request.method == "GET":
        form.purpose.data, form.duration_minutes.data, form.kind.data = "discussion", 15, "other"
    if form.validate_on_submit():
        item = services.add_item(meeting, form.values(), by=current_user)
        db.session.commit()
        flash(f"Item {item.position}, {item.title}, added.", "success")
        return _builder(meeting)
    return render_template("agendas/item_form.html", form=form, meeting=meeting, item=None)


def edit_item(item_id: int):
    """Secretariat: change an item."""
    item = _editable_item(item_id)
    form = ItemForm()
    if request.method == "GET":
        form.fill(item)
    if form.validate_on_submit():
        changes = services.update_item(item, form.values(), by=current_user)
        db.session.commit()
        flash(f"{item.title} saved." if changes else "Nothing was changed.", "success")
        return _builder(item.meeting)
    return render_template("agendas/item_form.html", form=form, meeting=item.meeting, item=item)


def delete_item(item_id: int):
    """Secretariat: remove an item (asks first)."""
    item = _editable_item(item_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        meeting, title = item.meeting, item.title
        services.delete_item(item, by=current_user)
        db.session.commit()
        flash(f"{title} removed from the agenda.", "success")
        return _builder(meeting)
    return render_template("agendas/item_delete.html", item=item, meeting=item.meeting, confirm=form)


def move_item(item_id: int, direction: str):
    """Secretariat: move an item up or down one place (a button; no JavaScript)."""
    if direction not in {"up", "down"}:
        abort(404)
    item = _editable_item(item_id)
    if ConfirmForm().validate_on_submit():
        services.move_item(item, direction, by=current_user)
        db.session.commit()
    return redirect(url_for("agendas.builder", meeting_id=item.meeting_id, _anchor=f"item-{item.id}"))


def publish(meeting_id: int):
    """Secretariat: a confirmation page naming everyone who will be e-mailed (GET); the
    confirming POST publishes or re-publishes the agenda and e-mails the body's members."""
    meeting = _editable_meeting(meeting_id)
    form = ConfirmSendingForm()
    recipients = publishing.members_to_notify(meeting)
    if form.validate_on_submit():
        if form.list_changed(len(recipients)):
            flash("The list of members changed since you opened this page: check it, then confirm again.", "error")
        else:
            try:
                publication = publishing.publish_agenda(meeting, by=current_user)
            except services.AgendaError as error:
                flash(str(error), "error")
            else:
                pack.store_pack_when_published(publication, by=current_user)
                db.session.commit()
                verb = "published" if publication.revision == 1 else "re-published"
                flash(f"Agenda {verb}; {len(recipients)} members have been e-mailed a link.", "success")
            return _builder(meeting)
    elif form.is_submitted():
        return _builder(meeting)
    latest = publishing.latest_publication(meeting)
    return render_template(
        "agendas/publish_confirm.html", meeting=meeting, recipients=recipients, publication=latest, form=form
    )


def _pack_choices(meeting: Meeting, publication) -> list:
    """The not-yet-accepted updates of organisations presenting an item of the published agenda."""
    if publication is None:
        return []
    return pack.pack_choices(meeting, publishing.published_schedule(meeting, publication)[0])


def pack_updates(meeting_id: int):
    """Secretariat: choose which not-yet-accepted updates the pack prints, and render it again."""
    meeting = _editable_meeting(meeting_id)
    publication = publishing.latest_publication(meeting)
    if publication is None:
        flash("Publish the agenda first: the pack is made when it is published.", "error")
        return _builder(meeting)
    form = PackUpdatesForm()
    form.set_choices(_pack_choices(meeting, publication))
    if not form.validate_on_submit():
        return _builder_page(meeting, form)
    try:
        stored = pack.store_pack(publication, by=current_user, included_update_ids=form.update_ids.data or [])
    except pack.PdfUnavailable as error:
        flash(f"The pack could not be made on this server ({error}).", "error")
        return _builder(meeting)
    db.session.commit()
    flash(f"The agenda pack has been made again ({stored.page_count} pages).", "success")
    return _builder(meeting)


# --- reading (members and secretariat) ----------------------------------------------------


def _readable(meeting_id: int):
    """The meeting, and the version of its agenda this reader may see (404 before publishing)."""
    meeting = db.first_or_404(sa.select(Meeting).where(Meeting.id == meeting_id).options(joinedload(Meeting.body)))
    require(permissions.can_view_agenda(current_user, meeting))
    draft = permissions.can_edit_agenda(current_user, meeting) and request.args.get("draft") == "1"
    publication = publishing.latest_publication_for_page(meeting)
    if draft or (publication is None and permissions.can_edit_agenda(current_user, meeting)):
        plan, removed = publishing.draft_schedule(meeting, services.load_items(meeting)), []
        return meeting, None, plan, removed
    if publication is None:
        abort(404)
    plan, removed = publishing.published_schedule(meeting, publication)
    return meeting, publication, plan, removed


def agenda(meeting_id: int):
    """Members: the published agenda with times, purposes and papers."""
    meeting, publication, plan, removed = _readable(meeting_id)
    return render_template("agendas/agenda.html", meeting=meeting, publication=publication, plan=plan, removed=removed)


def agenda_pack(meeting_id: int):
    """Members: the printable agenda pack (cover, agenda, each item's text and papers)."""
    meeting, publication, plan, removed = _readable(meeting_id)
    return render_template("agendas/pack.html", **pack.pack_context(meeting, publication, plan, removed))


def agenda_pack_pdf(meeting_id: int):
    """Members: the agenda pack PDF, as stored when the agenda was published (drafts: made now)."""
    meeting = db.first_or_404(sa.select(Meeting).where(Meeting.id == meeting_id).options(joinedload(Meeting.body)))
    require(permissions.can_view_agenda(current_user, meeting))
    draft = permissions.can_edit_agenda(current_user, meeting) and request.args.get("draft") == "1"
    publication = None if draft else publishing.latest_publication_for_page(meeting)
    try:
        if publication is not None:
            stored = pack.stored_pack(publication)
            data = pack.pack_bytes(stored) if stored is not None else _store_late(publication)
            return pdf_response(data, pack.pdf_filename(meeting))
        meeting, publication, plan, removed = _readable(meeting_id)
        pdf, _pages = pack.render_pack_pdf(pack.pack_context(meeting, publication, plan, removed, absolute_links=True))
    except pack.PdfUnavailable as error:
        flash(
            f"The PDF could not be made on this server ({error}). Use your browser's Print on this page instead.",
            "error",
        )
        args = {"draft": "1"} if draft or publication is None else {}
        return redirect(url_for("agendas.agenda_pack", meeting_id=meeting.id, **args))
    return pdf_response(pdf, pack.pdf_filename(meeting))


def _store_late(publication) -> bytes:
    """A publication from before packs were stored: render its pack now and keep it.

    Another reader storing it at the same moment is no error (theirs is kept).
    """
    data = pack.store_pack(publication).data
    try:
        db.session.commit()
    except (sa.exc.IntegrityError, sa.exc.OperationalError):
        db.session.rollback()
    return data
