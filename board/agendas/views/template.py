"""Each body's standing agenda items (the template new agendas start from)."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from board import permissions
from board.agendas import services
from board.agendas.forms import ItemForm
from board.agendas.models import AgendaTemplateItem
from board.common.access import require
from board.common.forms import ConfirmForm
from board.extensions import db
from board.people.models import Body


def _body(slug: str) -> Body:
    body = db.first_or_404(sa.select(Body).where(Body.slug == slug))
    require(permissions.can_edit_agenda_template(current_user, body))
    return body


def _template_item(item_id: int) -> AgendaTemplateItem:
    item = db.get_or_404(AgendaTemplateItem, item_id)
    require(permissions.can_edit_agenda_template(current_user, item.body))
    return item


def _back(body: Body):
    return redirect(url_for("agendas.template", slug=body.slug))


def template(slug: str):
    """Secretariat: the body's standing items, in order, with their usual durations."""
    body = _body(slug)
    items = services.load_template(body)
    return render_template(
        "agendas/template.html",
        body=body,
        items=items,
        total=sum(i.duration_minutes for i in items),
        confirm=ConfirmForm(),
    )


def new_template_item(slug: str):
    """Secretariat: add a standing item."""
    body = _body(slug)
    form = ItemForm()
    if request.method == "GET":
        form.purpose.data, form.duration_minutes.data, form.kind.data = "information", 10, "standing"
    if form.validate_on_submit():
        item = services.add_template_item(body, form.values(with_carry_forward=False), by=current_user)
        db.session.commit()
        flash(f"Standing item {item.title} added.", "success")
        return _back(body)
    return render_template("agendas/template_item_form.html", form=form, body=body, item=None)


def edit_template_item(item_id: int):
    """Secretariat: change a standing item (agendas already started keep their own copies)."""
    item = _template_item(item_id)
    form = ItemForm()
    if request.method == "GET":
        form.fill(item)
    if form.validate_on_submit():
        services.update_template_item(item, form.values(with_carry_forward=False), by=current_user)
        db.session.commit()
        flash(f"Standing item {item.title} saved.", "success")
        return _back(item.body)
    return render_template("agendas/template_item_form.html", form=form, body=item.body, item=item)


def delete_template_item(item_id: int):
    """Secretariat: remove a standing item from the template."""
    item = _template_item(item_id)
    body = item.body
    if ConfirmForm().validate_on_submit():
        title = item.title
        services.delete_template_item(item, by=current_user)
        db.session.commit()
        flash(f"Standing item {title} removed.", "success")
    return _back(body)


def move_template_item(item_id: int, direction: str):
    """Secretariat: move a standing item up or down one place."""
    if direction not in {"up", "down"}:
        abort(404)
    item = _template_item(item_id)
    if ConfirmForm().validate_on_submit():
        services.move_template_item(item, direction, by=current_user)
        db.session.commit()
    return _back(item.body)
