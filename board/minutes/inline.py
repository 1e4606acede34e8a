"""Turning ACTION and DECISION lines into entries of the action log and decisions register.

Two steps, so nothing is created by surprise: :func:`plan_outcomes` says what saving
would create or update (or which lines are wrong), and :func:`apply_outcomes` does it
through the actions and decisions services, then tags each new line with its reference
as a new revision. Never commits.
"""

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from board.actions import services as actions
from board.actions.models import Action
from board.common.markdown import render_markdown
from board.common.timeutil import to_london, today_london
from board.common.workdays import bank_holiday_name, is_weekend
from board.decisions import services as decisions
from board.decisions.models import Decision
from board.extensions import db
from board.minutes import reading
from board.minutes.models import Minutes
from board.minutes.outcomes import LineError, Outcome, parse_outcomes, replace_lines
from board.minutes.owners import resolve_owner, without_emails
from board.minutes.reading import reader_source, written_date
from board.minutes.sections import item_for_heading
from board.minutes.services import (
    MinutesConflict,
    MinutesError,
    agenda_refs,
    item_by_id,
    save_minutes,
)
from board.people.models import User

TITLE_MAX = 120


@dataclass
class Planned:
    """One line and what confirming would do with it."""

    outcome: Outcome
    owner: User | None = None
    item_id: int | None = None
    item_title: str = ""
    entry: Action | Decision | None = None  # the linked entry, for tagged lines
    changes: dict = field(default_factory=dict)  # field label -> (before, after), for updates

    @property
    def label(self) -> str:
        """'Action CDP-26-28' or 'Decision (not yet recorded)'."""
        return reading.label(self.outcome.kind, self.outcome.reference)

    @property
    def sentence(self) -> str:
        """What the line will read as: 'Review naloxone supply. Owner: Rachel Whitaker (Leeds). Due 31 March 2027.'"""
        o = self.outcome
        return reading.describe(o.kind, o.text, self.owner, o.due_on)


@dataclass
class OutcomePlan:
    revision: int
    creates: list[Planned] = field(default_factory=list)
    updates: list[Planned] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)
    warnings: list[LineError] = field(default_factory=list)  # worth a look, never a refusal
    unchanged: list[Planned] = field(default_factory=list)  # tagged lines that match their entries

    @property
    def lines(self) -> list[Planned]:
        """Every line that parsed, in the order of the text (for the preview)."""
        return sorted(self.creates + self.updates + self.unchanged, key=lambda p: p.outcome.line_no)

    @property
    def has_work(self) -> bool:
        return bool(self.creates or self.updates or self.errors)


def due_warning(day: date) -> str | None:
    """Why a due date may be a slip (a weekend or a bank holiday), or None."""
    holiday = bank_holiday_name(day)
    if holiday:
        return f"{written_date(day)} is a bank holiday ({holiday}): check the due date"
    if is_weekend(day):
        return f"{written_date(day)} is a {day:%A}: check the due date"
    return None


def decision_title(text: str) -> str:
    """A short register title from the decision's text."""
    text = " ".join(text.replace("*", "").split()).rstrip(".")
    return text if len(text) <= TITLE_MAX else text[: TITLE_MAX - 1].rstrip() + "…"


def _entries(outcomes: list[Outcome]) -> dict[tuple[str, str], Action | Decision]:
    """The entries the tagged lines name, loaded in two queries whatever their number."""
    found = {}
    for kind, model in (("action", Action), ("decision", Decision)):
        refs = [o.reference for o in outcomes if o.kind == kind and o.reference]
        if refs:
            query = sa.select(model).where(model.reference.in_(refs))
            if model is Action:
                query = query.options(selectinload(Action.owner))
            found.update({(kind, e.reference): e for e in db.session.scalars(query)})
    return found


def _entry(outcome: Outcome, body_id: int, entries: dict):
    entry = entries.get((outcome.kind, outcome.reference))
    if entry is None or entry.body_id != body_id:
        noun = "action" if outcome.kind == "action" else "decision"
        return LineError(outcome.line_no, f"There is no {noun} {outcome.reference} in this body's register")
    return entry


def _past(outcome: Outcome) -> LineError:
    return LineError(
        outcome.line_no, f"The due date {written_date(outcome.due_on)} has passed: choose a date from today on"
    )


def plan_outcomes(minutes: Minutes, today: date | None = None, source: str | None = None) -> OutcomePlan:
    """What confirming the minutes' inline outcomes would create and update, or the errors.

    ``source`` plans text not yet saved (the edit page's Preview).
    """
    today = today or today_london()
    body = minutes.meeting.body
    items = agenda_refs(minutes.meeting)
    plan = OutcomePlan(revision=minutes.revision)
    parsed = parse_outcomes(minutes.source if source is None else source)
    plan.errors.extend(parsed.errors)
    seen: dict[str, int] = {}
    entries = _entries(parsed.outcomes)
    users = None  # loaded once, on the first action line
    owners: dict[str, User | str] = {}  # one look-up per distinct @owner
    for outcome in parsed.outcomes:
        item = item_for_heading(outcome.heading, items)
        planned = Planned(outcome, item_id=item.id if item else None, item_title=item.title if item else "")
        if outcome.kind == "action":
            owner = owners.get(outcome.owner.lower())
            if owner is None:
                if users is None:
                    users = db.session.scalars(
                        sa.select(User).where(User.is_enabled.is_(True)).options(selectinload(User.organisation))
                    ).all()
                owner = owners[outcome.owner.lower()] = resolve_owner(outcome.owner, users)
            if isinstance(owner, str):
                plan.errors.append(LineError(outcome.line_no, owner))
                continue
            planned.owner = owner
        if outcome.reference is None:
            if outcome.kind == "action" and outcome.due_on < today:
                plan.errors.append(_past(outcome))
                continue
            if outcome.kind == "action" and (warning := due_warning(outcome.due_on)):
                plan.warnings.append(LineError(outcome.line_no, warning))
            plan.creates.append(planned)
            continue
        if outcome.reference in seen:
            plan.errors.append(
                LineError(outcome.line_no, f"{outcome.reference} is already on line {seen[outcome.reference]}")
            )
            continue
        seen[outcome.reference] = outcome.line_no
        entry = _entry(outcome, body.id, entries)
        if isinstance(entry, LineError):
            plan.errors.append(entry)
            continue
        planned.entry = entry
        if outcome.kind == "action":
            if entry.description != outcome.text:
                planned.changes["Description"] = (entry.description, outcome.text)
            if entry.owner_id != planned.owner.id:
                planned.changes["Owner"] = (entry.owner.name, planned.owner.name)
            if entry.due_on != outcome.due_on:
                if outcome.due_on < today:
                    plan.errors.append(_past(outcome))
                    continue
                if warning := due_warning(outcome.due_on):
                    plan.warnings.append(LineError(outcome.line_no, warning))
                planned.changes["Due"] = (written_date(entry.due_on), written_date(outcome.due_on))
        elif entry.text != outcome.text:
            planned.changes["Decision"] = (entry.text, outcome.text)
        (plan.updates if planned.changes else plan.unchanged).append(planned)
    plan.errors.sort(key=lambda e: e.line_no)
    plan.warnings.sort(key=lambda e: e.line_no)
    return plan


def apply_outcomes(
    minutes: Minutes, *, revision: int, update_lines: set[int], actor, today: date | None = None
) -> tuple[list, list]:
    """Secretariat: create the planned entries, update the chosen ones, tag the lines.

    ``revision`` is the revision the person confirmed; a newer one refuses. Returns
    (created entries, updated entries).
    """
    if revision != minutes.revision:
        raise MinutesConflict(minutes, revision)
    plan = plan_outcomes(minutes, today)
    if plan.errors:
        raise MinutesError("Some outcome lines need correcting before anything is created")
    meeting, body = minutes.meeting, minutes.meeting.body
    day = to_london(meeting.starts_at).date()
    created, updated, tags = [], [], {}
    try:
        for planned in plan.creates:
            o, item = planned.outcome, item_by_id(planned.item_id)
            if o.kind == "action":
                entry = actions.create_action(
                    body, o.text, planned.owner, o.due_on, meeting=meeting, agenda_item=item, actor=actor, today=today
                )
            else:
                entry = decisions.create_decision(
                    body,
                    decision_title(o.text),
                    o.text,
                    day,
                    meeting=meeting,
                    agenda_item=item,
                    actor=actor,
                    is_confidential=bool(item and item.is_confidential),
                )
            created.append(entry)
            tags[o.line_no] = o.tagged_line(entry.reference)
        for planned in plan.updates:
            if planned.outcome.line_no not in update_lines:
                continue
            o, entry = planned.outcome, planned.entry
            if o.kind == "action":
                actions.update_action(entry, actor=actor, description=o.text, owner=planned.owner, due_on=o.due_on)
            else:
                decisions.update_decision(entry, actor=actor, text=o.text)
            updated.append(entry)
    except (actions.ActionError, decisions.DecisionError) as error:
        line = planned.outcome.line_no
        raise MinutesError(f"Line {line}: {error}") from error
    if tags:
        refs = ", ".join(e.reference for e in created)
        save_minutes(
            minutes,
            source=replace_lines(minutes.source, tags),
            declarations=minutes.declarations,
            base_revision=minutes.revision,
            actor=actor,
            note=f"Recorded {refs}",
            reason=f"Recorded {refs}" if minutes.is_locked else "",
        )
    return created, updated


def preview(minutes: Minutes, source: str, declarations: str) -> dict:
    """The edit page's Preview (nothing saved): the text as readers will see it, and what each
    ACTION and DECISION line will become, or what is wrong on which line."""
    return {
        "html": render_markdown(reader_source(source, minutes.meeting.body_id)),
        "declarations": render_markdown(without_emails(declarations)) if declarations else "",
        "plan": plan_outcomes(minutes, source=source),
    }


def meeting_actions_by_owner(minutes: Minutes) -> dict[int, list[Action]]:
    """The actions raised at the minutes' meeting, by owner id (for the circulation e-mails)."""
    rows = db.session.scalars(
        sa.select(Action).where(Action.meeting_id == minutes.meeting_id).order_by(Action.sequence)
    ).all()
    out: dict[int, list[Action]] = {}
    for action in rows:
        out.setdefault(action.owner_id, []).append(action)
    return out
