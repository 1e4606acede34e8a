"""Forms of the action log: filters, create/edit, progress notes."""

import sqlalchemy as sa
from wtforms import BooleanField, SelectField, TextAreaField, validators

from board.actions.models import NOTE_MAX_CHARS, ActionStatus
from board.agendas.models import AgendaItem
from board.common.forms import BaseForm, DayMonthYearField, GovCheckboxInput, GovSelect, GovTextArea
from board.common.timeutil import to_london, today_london
from board.extensions import db
from board.meetings.models import Meeting
from board.people.models import Organisation, User

SORT_CHOICES = [
    ("due", "Due date (soonest first)"),
    ("-due", "Due date (latest first)"),
    ("reference", "Reference"),
    ("-reference", "Reference (newest first)"),
    ("owner", "Owner"),
    ("status", "Status"),
]
STATUS_FILTER = [("", "Any status"), ("live", "Live (open, in progress or done)")] + [
    (s.value, s.label) for s in ActionStatus
]


def owner_choices():
    rows = db.session.execute(
        sa.select(User.id, User.name, Organisation.short_name)
        .outerjoin(Organisation)
        .where(User.is_enabled.is_(True))
        .order_by(User.name)
    ).all()
    return [("", "Choose an owner")] + [(str(i), f"{n} ({o})" if o else n) for i, n, o in rows]


def meeting_choices(body_ids: list[int] | None = None):
    query = sa.select(Meeting).order_by(Meeting.starts_at.desc())
    if body_ids:
        query = query.where(Meeting.body_id.in_(body_ids))
    rows = db.session.scalars(query).all()
    return [("", "Not raised at a meeting")] + [
        (str(m.id), f"{m.title}, {to_london(m.starts_at):%-d %b %Y}") for m in rows
    ]


def agenda_item_choices(body_ids: list[int] | None = None):
    """Agenda items of the bodies' meetings, newest meeting first ("3 Mar 2027 – Action log")."""
    query = (
        sa.select(AgendaItem.id, AgendaItem.title, Meeting.starts_at)
        .join(Meeting, AgendaItem.meeting_id == Meeting.id)
        .order_by(Meeting.starts_at.desc(), AgendaItem.position)
    )
    if body_ids:
        query = query.where(Meeting.body_id.in_(body_ids))
    rows = db.session.execute(query).all()
    return [("", "No agenda item")] + [(str(i), f"{to_london(at):%-d %b %Y} – {title}") for i, title, at in rows]


class LogFilterForm(BaseForm):
    """GET filters for the log and its CSV export (no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    body = SelectField("Body", widget=GovSelect(), validators=[validators.Optional()])
    # Live actions by default: the log is for chasing; "Any status" shows the closed too.
    status = SelectField(
        "Status", choices=STATUS_FILTER, default="live", widget=GovSelect(), validators=[validators.Optional()]
    )
    organisation = SelectField("Owner's organisation", widget=GovSelect(), validators=[validators.Optional()])
    overdue = BooleanField("Overdue only", widget=GovCheckboxInput())
    sort = SelectField(
        "Sort by", choices=SORT_CHOICES, default="due", widget=GovSelect(), validators=[validators.Optional()]
    )

    def __init__(self, bodies, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.body.choices = [("", "All your bodies")] + [(b.slug, b.short_name) for b in bodies]
        orgs = db.session.execute(
            sa.select(Organisation.id, Organisation.short_name).order_by(Organisation.short_name)
        ).all()
        self.organisation.choices = [("", "Any organisation")] + [(str(i), n) for i, n in orgs]


def _due_field(label="Due date"):
    return DayMonthYearField(label, description="For example, 28 2 2027")


class ActionForm(BaseForm):
    """Secretariat: an action's details."""

    body = SelectField("Body", widget=GovSelect(), validators=[validators.InputRequired(message="Choose the body")])
    description = TextAreaField(
        "What needs to be done",
        widget=GovTextArea(),
        validators=[
            validators.InputRequired(message="Enter what needs to be done"),
            validators.Length(max=4000, message="The description must be 4,000 characters or fewer"),
        ],
    )
    owner = SelectField(
        "Owner",
        widget=GovSelect(),
        validate_choice=False,
        validators=[validators.InputRequired(message="Choose an owner who has an account")],
    )
    due_on = _due_field()
    meeting = SelectField("Raised at (optional)", widget=GovSelect(), validators=[validators.Optional()])
    agenda_item = SelectField("Agenda item (optional)", widget=GovSelect(), validators=[validators.Optional()])

    def __init__(self, bodies, *args, is_new: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_new = is_new
        self.body.choices = [("", "Choose the body")] + [(b.slug, b.short_name) for b in bodies]
        self.owner.choices = owner_choices()
        self.meeting.choices = meeting_choices([b.id for b in bodies])
        self.agenda_item.choices = agenda_item_choices([b.id for b in bodies])

    def validate_owner(self, field):
        if field.data not in {v for v, _l in field.choices if v}:
            raise validators.ValidationError("Choose an owner who has an account")

    def validate_due_on(self, field):
        if field.data is None and not field.errors:
            raise validators.StopValidation("Enter the due date")
        if self.is_new and field.data and field.data < today_london():
            raise validators.ValidationError("The due date must be today or in the future")


class ActionEditForm(ActionForm):
    status = SelectField("Status", choices=[(s.value, s.label) for s in ActionStatus], widget=GovSelect())


class NoteForm(BaseForm):
    """Owner or secretariat: a progress note."""

    text = TextAreaField(
        "Progress note",
        widget=GovTextArea(),
        validators=[
            validators.InputRequired(message="Enter a progress note"),
            validators.Length(
                max=NOTE_MAX_CHARS, message=f"A progress note must be {NOTE_MAX_CHARS:,} characters or fewer"
            ),
        ],
    )
