"""Each body's cover paper template: sections, their order, guidance, which are required.

The secretariat edits it; a paper copies the sections when it is started, so a change
applies to new papers only. A body with no template gets the default (the seed's layout)
the first time it is read. Never commits.
"""

import sqlalchemy as sa

from board.audit.services import apply_changes, record
from board.extensions import db
from board.papers.models import SectionKind, TemplateSection
from board.papers.plan import DEFAULT_SECTIONS
from board.people.models import Body


class TemplateError(ValueError):
    """A template change refused for a reason the secretariat can fix."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def template_of(body: Body) -> list[TemplateSection]:
    """The body's sections in order, the default layout written first if it has none."""
    sections = db.session.scalars(
        sa.select(TemplateSection)
        .where(TemplateSection.body_id == body.id)
        .order_by(TemplateSection.position, TemplateSection.id)
    ).all()
    if sections:
        return list(sections)
    made = [
        TemplateSection(body_id=body.id, position=n, kind=kind, heading=heading, guidance=guidance, is_required=req)
        for n, (kind, heading, guidance, req) in enumerate(DEFAULT_SECTIONS, start=1)
    ]
    db.session.add_all(made)
    db.session.flush()
    return made


def sections_copy(body: Body) -> list[dict]:
    """The template as a paper keeps it (its own copy, unchanged by later edits)."""
    return [
        {
            "key": f"s{s.id}",
            "kind": s.kind,
            "heading": s.heading,
            "guidance": s.guidance,
            "required": s.is_required,
        }
        for s in template_of(body)
    ]


def _renumber(sections: list[TemplateSection]) -> None:
    for position, section in enumerate(sections, start=1):
        section.position = position


def add_section(body: Body, heading: str, guidance: str, is_required: bool, *, by) -> TemplateSection:
    """Secretariat: add a text section at the end of the template."""
    sections = template_of(body)
    section = TemplateSection(
        body_id=body.id,
        position=len(sections) + 1,
        kind=SectionKind.TEXT.value,
        heading=heading,
        guidance=guidance or "",
        is_required=bool(is_required),
    )
    db.session.add(section)
    db.session.flush()
    record("cover_template_section_added", section, actor=by, label=f"{body.short_name}: {heading}")
    return section


def update_section(section: TemplateSection, heading: str, guidance: str, is_required: bool, *, by) -> dict:
    """Secretariat: rename a section, change its guidance or whether it is required."""
    changes = apply_changes(section, {"heading": heading, "guidance": guidance or "", "is_required": bool(is_required)})
    if changes:
        record("cover_template_section_changed", section, actor=by, changes=changes)
    return changes


def delete_section(section: TemplateSection, *, by) -> None:
    """Secretariat: remove a text section (the structured ones stay: papers need them)."""
    if section.kind != SectionKind.TEXT:
        raise TemplateError(
            f"“{section.heading}” holds the paper’s {section.kind} and cannot be removed; rename it instead"
        )
    body = section.body
    record("cover_template_section_removed", section, actor=by, label=f"{body.short_name}: {section.heading}")
    db.session.delete(section)
    db.session.flush()
    _renumber(template_of(body))


def move_section(section: TemplateSection, direction: str, *, by) -> bool:
    """Secretariat: move a section up or down one place; False at either end."""
    sections = template_of(section.body)
    index = next(i for i, s in enumerate(sections) if s.id == section.id)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(sections):
        return False
    sections[index], sections[other] = sections[other], sections[index]
    _renumber(sections)
    record("cover_template_section_moved", section, actor=by, changes={"direction": [None, direction]})
    return True
