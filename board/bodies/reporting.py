"""A sub-group reports up: its approved minutes and what it marked "for the Board's
attention" become, in one click, the sub-group update item on the parent body's next
agenda; the parent's decisions on that item are its answer and link back. Never commits."""

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from board.agendas import services as agendas
from board.agendas.models import AgendaItem, ItemKind, Purpose
from board.audit.services import record
from board.bodies.models import ParentReport, ReportKind
from board.common.models import lock_row, utcnow
from board.decisions.models import Decision
from board.extensions import db
from board.meetings.models import Meeting
from board.minutes.models import Minutes, MinutesStatus
from board.people.models import Body


class ReportError(Exception):
    """A change the rules refuse; the message is for the person who asked."""


def sub_groups(body: Body) -> list[Body]:
    """The body's open sub-groups."""
    return list(
        db.session.scalars(sa.select(Body).where(Body.parent_id == body.id, Body.closed_on.is_(None)).order_by(Body.id))
    )


@dataclass
class MeetingRecord:
    """One sub-group meeting with approved minutes: its items, decisions and what is flagged."""

    meeting: Meeting
    minutes: Minutes
    items: list[AgendaItem]
    decisions: list[Decision]
    flags: dict[tuple[str, int], ParentReport] = field(default_factory=dict)
    minutes_report: ParentReport | None = None


def _reports(body: Body) -> list[ParentReport]:
    return list(
        db.session.scalars(
            sa.select(ParentReport)
            .where(ParentReport.body_id == body.id)
            .options(
                selectinload(ParentReport.meeting).selectinload(Meeting.body),
                selectinload(ParentReport.agenda_item),
                selectinload(ParentReport.decision),
                selectinload(ParentReport.reported_item).selectinload(AgendaItem.meeting),
            )
            .order_by(ParentReport.id)
        )
    )


def approved_minutes(body: Body, limit: int = 6) -> list[Minutes]:
    """The sub-group's approved minutes, latest meeting first."""
    return list(
        db.session.scalars(
            sa.select(Minutes)
            .join(Meeting, Minutes.meeting_id == Meeting.id)
            .where(Meeting.body_id == body.id, Minutes.status == MinutesStatus.APPROVED)
            .options(selectinload(Minutes.meeting).selectinload(Meeting.body))
            .order_by(Meeting.starts_at.desc())
            .limit(limit)
        )
    )


def meeting_records(body: Body) -> list[MeetingRecord]:
    """What the report-up page shows: recent approved minutes, each meeting's items and decisions."""
    minutes = approved_minutes(body)
    ids = [m.meeting_id for m in minutes]
    items = db.session.scalars(
        sa.select(AgendaItem).where(AgendaItem.meeting_id.in_(ids)).order_by(AgendaItem.position, AgendaItem.id)
    ).all()
    decisions = db.session.scalars(
        sa.select(Decision).where(Decision.meeting_id.in_(ids)).order_by(Decision.decided_on, Decision.id)
    ).all()
    records = {
        m.meeting_id: MeetingRecord(
            m.meeting,
            m,
            [i for i in items if i.meeting_id == m.meeting_id],
            [d for d in decisions if d.meeting_id == m.meeting_id],
        )
        for m in minutes
    }
    for report in _reports(body):
        rec = records.get(report.meeting_id)
        if rec is None:
            continue
        if report.kind == ReportKind.MINUTES:
            rec.minutes_report = report
        else:
            rec.flags[(report.kind, report.agenda_item_id or report.decision_id)] = report
    return list(records.values())


def pending(body: Body) -> tuple[list[Minutes], list[ParentReport]]:
    """Not yet reported to the parent: approved minutes, and flagged items and decisions."""
    reported_minutes = set(
        db.session.scalars(
            sa.select(ParentReport.minutes_id).where(
                ParentReport.body_id == body.id, ParentReport.kind == ReportKind.MINUTES
            )
        )
    )
    minutes = [m for m in approved_minutes(body) if m.id not in reported_minutes]
    flagged = [r for r in _reports(body) if r.kind != ReportKind.MINUTES and r.reported_item_id is None]
    return minutes, flagged


def flag(body: Body, *, kind: str, record_id: int, actor, note: str = "") -> ParentReport:
    """Secretariat: mark one of the sub-group's items or decisions "for the Board's attention"."""
    if body.parent_id is None:
        raise ReportError(f"The {body.short_name} does not report to another body")
    lock_row(body)
    if kind == ReportKind.ITEM:
        source = db.session.get(AgendaItem, record_id)
        meeting = source.meeting if source else None
        where = ParentReport.agenda_item_id == record_id
    elif kind == ReportKind.DECISION:
        source = db.session.get(Decision, record_id)
        meeting = source.meeting if source else None
        where = ParentReport.decision_id == record_id
    else:
        raise ReportError("Choose an item or a decision")
    if source is None or meeting is None or meeting.body_id != body.id:
        raise ReportError(f"That is not an item or decision of the {body.short_name}")
    if source.is_confidential:
        raise ReportError(f"“{source.title}” is confidential, so it cannot go on the {body.parent.short_name}'s agenda")
    if db.session.scalar(sa.select(ParentReport.id).where(where)):
        raise ReportError(f"“{source.title}” is already marked for the {body.parent.short_name}'s attention")
    report = ParentReport(
        body=body,
        meeting=meeting,
        kind=kind,
        agenda_item_id=record_id if kind == ReportKind.ITEM else None,
        decision_id=record_id if kind == ReportKind.DECISION else None,
        note=note[:500],
        flagged_by_id=actor.id,
    )
    db.session.add(report)
    db.session.flush()
    record("marked for the parent body", report, actor=actor, label=report.title)
    return report


def unflag(report: ParentReport, *, actor) -> None:
    """Secretariat: take a mark back, before it has been reported."""
    if report.reported_item_id is not None:
        raise ReportError("This has already been reported; it stays on the record")
    record("unmarked for the parent body", report, actor=actor, label=report.title)
    db.session.delete(report)


def _subgroup_item(meeting: Meeting, body: Body) -> AgendaItem | None:
    """The parent meeting's sub-group update item for this sub-group (its name in the title wins)."""
    items = [i for i in agendas.load_items(meeting) if i.kind == ItemKind.SUBGROUP_UPDATE]
    named = [i for i in items if body.short_name.casefold() in i.title.casefold()]
    return (named or items or [None])[0]


def _markdown(body: Body, minutes: list[Minutes], flagged: list[ParentReport]) -> str:
    lines = [f"**From the {body.name}**", ""]
    page = f"/bodies/{body.slug}/reports"
    for m in minutes:
        lines.append(f"- [Approved minutes of {m.meeting.title}]({page}#minutes-{m.id})")
    if flagged:
        lines += ["", f"For the {body.parent.short_name}'s attention:", ""]
        for r in flagged:
            link = f"/decisions/{r.decision_id}" if r.decision_id else f"{page}#item-{r.agenda_item_id}"
            note = f": {r.note}" if r.note else ""
            lines.append(f"- [{r.title}]({link}) ({r.meeting.title}){note}")
    return "\n".join(lines)


def report_to_parent(meeting: Meeting, body: Body, *, actor) -> AgendaItem:
    """Secretariat: put the sub-group's approved minutes and flagged items on the parent's
    meeting as its sub-group update item (one click in the agenda builder)."""
    if body.parent_id != meeting.body_id:
        raise ReportError(f"The {body.short_name} does not report to the {meeting.body.short_name}")
    if not meeting.is_scheduled:
        raise ReportError("This meeting is no longer open to changes")
    lock_row(body)
    minutes, flagged = pending(body)
    if not minutes and not flagged:
        raise ReportError(f"The {body.short_name} has nothing new to report")
    text = _markdown(body, minutes, flagged)
    item = _subgroup_item(meeting, body)
    if item is None:
        item = agendas.add_item(
            meeting,
            {
                "title": f"{body.short_name} update",
                "kind": ItemKind.SUBGROUP_UPDATE.value,
                "purpose": Purpose.INFORMATION.value,
                "description": text,
            },
            by=actor,
        )
    else:
        joined = f"{item.description}\n\n{text}" if item.description.strip() else text
        agendas.update_item(item, {"description": joined}, by=actor)
    db.session.flush()
    now = utcnow()
    for m in minutes:
        db.session.add(
            ParentReport(
                body=body,
                meeting_id=m.meeting_id,
                kind=ReportKind.MINUTES.value,
                minutes_id=m.id,
                flagged_by_id=actor.id,
                reported_item_id=item.id,
                reported_at=now,
            )
        )
    for r in flagged:
        r.reported_item_id = item.id
        r.reported_at = now
    record(
        "reported to the parent body",
        body,
        actor=actor,
        changes={
            "minutes": [0, len(minutes)],
            "items and decisions": [0, len(flagged)],
            "agenda item": [None, item.title],
        },
    )
    return item


def parent_answers(reports: list[ParentReport]) -> dict[int, list[Decision]]:
    """The parent body's decisions on each agenda item that carried a report, by that item's id."""
    ids = {r.reported_item_id for r in reports if r.reported_item_id}
    if not ids:
        return {}
    out: dict[int, list[Decision]] = {}
    for decision in db.session.scalars(
        sa.select(Decision).where(Decision.agenda_item_id.in_(ids)).order_by(Decision.id)
    ):
        out.setdefault(decision.agenda_item_id, []).append(decision)
    return out


def reported(body: Body) -> list[ParentReport]:
    """Everything the sub-group has reported up, latest first."""
    return [r for r in reversed(_reports(body)) if r.reported_item_id is not None]


def reports_answered_by(decision: Decision) -> list[Body]:
    """The sub-groups whose report the decision's agenda item carried (for the decision's page)."""
    if decision.agenda_item_id is None:
        return []
    return list(
        db.session.scalars(
            sa.select(Body)
            .join(ParentReport, ParentReport.body_id == Body.id)
            .where(ParentReport.reported_item_id == decision.agenda_item_id)
            .distinct()
        )
    )
