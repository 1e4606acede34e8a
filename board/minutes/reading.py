"""Minutes as readers see them: ACTION and DECISION lines written out as sentences, no e-mail addresses.

The source keeps its syntax for the editor; this turns a line such as
``ACTION [CDP-26-28]: Review naloxone supply — @lead.leeds@example.org by 2027-03-31`` into
``**[Action CDP-26-28](/actions/7)** — Review naloxone supply. Owner: Rachel Whitaker (Leeds).
Due 31 March 2027.`` before the markdown is rendered. Never commits.
"""

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from board.actions.models import Action
from board.decisions.models import Decision
from board.extensions import db
from board.minutes.outcomes import Outcome, parse_outcomes, replace_lines
from board.minutes.owners import person, resolve_owner, without_emails
from board.people.models import User


def written_date(day: date) -> str:
    """'31 March 2027'."""
    return f"{day.day} {day:%B %Y}"


def _stop(text: str) -> str:
    text = text.rstrip()
    return text if text.endswith((".", "!", "?", "…")) else f"{text}."


def describe(kind: str, text: str, owner: User | None = None, due_on: date | None = None) -> str:
    """'Review naloxone supply. Owner: Rachel Whitaker (Leeds). Due 31 March 2027.' (decisions: the text)."""
    if kind != "action":
        return text.strip()
    owner_text = person(owner) if owner is not None else "to be confirmed"
    due = f" Due {written_date(due_on)}." if due_on else ""
    return f"{_stop(text)} Owner: {owner_text}.{due}"


def label(kind: str, reference: str | None) -> str:
    """'Action CDP-26-28', or 'Action (not yet recorded)' before the line is confirmed."""
    noun = "Action" if kind == "action" else "Decision"
    return f"{noun} {reference}" if reference else f"{noun} (not yet recorded)"


def _entries(outcomes: list[Outcome], body_id: int | None) -> dict[tuple[str, str], Action | Decision]:
    found = {}
    for kind, model in (("action", Action), ("decision", Decision)):
        refs = [o.reference for o in outcomes if o.kind == kind and o.reference]
        if not refs:
            continue
        query = sa.select(model).where(model.reference.in_(refs))
        if body_id is not None:
            query = query.where(model.body_id == body_id)
        if model is Action:
            query = query.options(selectinload(Action.owner).selectinload(User.organisation))
        found.update({(kind, e.reference): e for e in db.session.scalars(query)})
    return found


def _line(outcome: Outcome, entry, owner: User | None) -> str:
    name = label(outcome.kind, outcome.reference)
    if entry is not None:
        page = f"/actions/{entry.id}" if outcome.kind == "action" else f"/decisions/{entry.id}"
        name = f"[{name}]({page})"
    # Two trailing spaces: a line break, so outcome lines written one under another stay apart.
    hard_break = "" if outcome.lead.strip() else "  "
    return f"{outcome.lead}**{name}** — {describe(outcome.kind, outcome.text, owner, outcome.due_on)}{hard_break}"


def reader_source(source: str, body_id: int | None = None) -> str:
    """The minutes' markdown as readers get it: outcome lines as sentences linked to their entries,
    and every e-mail address replaced by the person's name."""
    parsed = parse_outcomes(source or "")
    users = db.session.scalars(
        sa.select(User).where(User.is_enabled.is_(True)).options(selectinload(User.organisation))
    ).all()
    if not parsed.outcomes:
        return without_emails(source or "", users)
    entries = _entries(parsed.outcomes, body_id)
    lines = {}
    for outcome in parsed.outcomes:
        entry = entries.get((outcome.kind, outcome.reference)) if outcome.reference else None
        owner = None
        if outcome.kind == "action":
            found = resolve_owner(outcome.owner, users)
            owner = found if isinstance(found, User) else (entry.owner if entry is not None else None)
        lines[outcome.line_no] = _line(outcome, entry, owner)
    return without_emails(replace_lines(source, lines), users)
