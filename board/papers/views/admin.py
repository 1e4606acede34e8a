"""The secretariat's settings for cover papers: each body's template and the acronym glossary."""

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from board import permissions
from board.common.access import require
from board.common.forms import ConfirmForm, show_refusal
from board.extensions import db
from board.papers import services, template
from board.papers.forms import GlossaryForm, TemplateSectionForm
from board.papers.models import GlossaryTerm, TemplateSection
from board.people.models import Body


def _body(slug: str) -> Body:
    body = db.first_or_404(sa.select(Body).where(Body.slug == slug))
    require(permissions.can_edit_cover_template(current_user, body))
    return body


def _section(section_id: int) -> TemplateSection:
    section = db.get_or_404(TemplateSection, section_id)
    require(permissions.can_edit_cover_template(current_user, section.body))
    return section


def _back(body: Body):
    return redirect(url_for("papers.template", slug=body.slug))


def template_page(slug: str):
    """Secretariat: the body's cover paper template (the seed's layout until changed)."""
    body = _body(slug)
    sections = template.template_of(body)
    db.session.commit()  # the default, written the first time it is read
    return render_template("papers/template.html", body=body, sections=sections, confirm=ConfirmForm())


def new_section(slug: str):
    """Secretariat: add a text section to the template (new papers only)."""
    body = _body(slug)
    form = TemplateSectionForm()
    if form.validate_on_submit():
        section = template.add_section(
            body, form.heading.data, form.guidance.data, form.is_required.data, by=current_user
        )
        db.session.commit()
        flash(f"Section {section.heading} added. Papers started from now on have it.", "success")
        return _back(body)
    return render_template("papers/section_form.html", form=form, body=body, section=None)


def edit_section(section_id: int):
    """Secretariat: rename a section, change its guidance, or whether authors must write it."""
    section = _section(section_id)
    form = TemplateSectionForm(obj=section if request.method == "GET" else None)
    if form.validate_on_submit():
        template.update_section(section, form.heading.data, form.guidance.data, form.is_required.data, by=current_user)
        db.session.commit()
        flash(f"Section {section.heading} saved. Papers already started keep their own copy.", "success")
        return _back(section.body)
    return render_template("papers/section_form.html", form=form, body=section.body, section=section)


def delete_section(section_id: int):
    """Secretariat: remove a text section from the template."""
    section = _section(section_id)
    body = section.body
    if ConfirmForm().validate_on_submit():
        try:
            template.delete_section(section, by=current_user)
        except template.TemplateError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash("Section removed.", "success")
    return _back(body)


def move_section(section_id: int, direction: str):
    """Secretariat: move a section up or down."""
    section = _section(section_id)
    if ConfirmForm().validate_on_submit() and template.move_section(section, direction, by=current_user):
        db.session.commit()
    return _back(section.body)


def glossary():
    """Secretariat: the acronyms papers are checked against (used before spelled out)."""
    require(permissions.can_edit_cover_template(current_user))
    form = GlossaryForm()
    if form.validate_on_submit():
        try:
            term = services.add_term(form.acronym.data, form.meaning.data, by=current_user)
        except services.PaperError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(f"{term.acronym} added.", "success")
            return redirect(url_for("papers.glossary"))
    terms = db.session.scalars(sa.select(GlossaryTerm).order_by(GlossaryTerm.acronym)).all()
    return render_template("papers/glossary.html", form=form, terms=terms, confirm=ConfirmForm(formdata=None))


def delete_term(term_id: int):
    """Secretariat: remove an acronym from the glossary."""
    require(permissions.can_edit_cover_template(current_user))
    term = db.get_or_404(GlossaryTerm, term_id)
    if ConfirmForm().validate_on_submit():
        services.delete_term(term, by=current_user)
        db.session.commit()
        flash("Acronym removed.", "success")
    return redirect(url_for("papers.glossary"))
