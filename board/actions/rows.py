"""Actions as plain rows for the pages that list them (log, meeting review, pack, organisation).

A list page shows a handful of columns per action; reading them as tuples of those columns
(one joined select) costs a fraction of building ``Action`` objects with their owner,
organisation and body attached, which the list would never touch again.
"""

from datetime import date, datetime
from typing import NamedTuple

import sqlalchemy as sa

from board.actions.models import STATUS_LABELS, Action, rag_status
from board.people.models import Body, Organisation, User

_LABELS = {status.value: label for status, label in STATUS_LABELS.items()}


class ActionRow(NamedTuple):
    """One line of an action table: what ``actions/_macros.html`` prints."""

    id: int
    reference: str
    description: str
    due_on: date
    status: str
    closed_at: datetime | None
    sequence: int
    meeting_id: int | None
    body_short_name: str
    owner_name: str
    owner_organisation: str | None

    @property
    def status_label(self) -> str:
        return _LABELS[self.status]

    def rag(self, today: date) -> str:
        return rag_status(self.status, self.due_on, today)


COLUMNS = (
    Action.id,
    Action.reference,
    Action.description,
    Action.due_on,
    Action.status,
    Action.closed_at,
    Action.sequence,
    Action.meeting_id,
    Body.short_name.label("body_short_name"),
    User.name.label("owner_name"),
    Organisation.short_name.label("owner_organisation"),
)


def as_rows(query: sa.Select) -> sa.Select:
    """``query`` (a select of ``Action`` already joined to its owner as ``User``) reading row columns."""
    return (
        query.with_only_columns(*COLUMNS, maintain_column_froms=False)
        .join(Body, Body.id == Action.body_id)
        .outerjoin(Organisation, Organisation.id == User.organisation_id)
    )


def to_rows(result) -> list[ActionRow]:
    return [ActionRow._make(r) for r in result]
