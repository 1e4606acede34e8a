"""Forms of the decisions register."""

import sqlalchemy as sa
from wtforms import (
    BooleanField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    validators,
)

from board.actions.forms import meeting_choices
from board.agendas.models import AgendaItem
from board.common.forms import (
    BaseForm,
    DayMonthYearField,
    GovCheckboxInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
    MarkdownLines,
)
from board.decisions import services
from board.decisions.models import Decision, DecisionStatus
from board.extensions import db


class RegisterFilterForm(BaseForm):
    """GET filters for the register and its CSV export (changes nothing, so no CSRF)."""

    class Meta:
        csrf = False

    q = StringField("Search", widget=GovTextInput(), validators=[validators.Optional(), validators.Length(max=200)])
    body = SelectField("Body", widget=GovSelect(), validators=[validators.Optional()])
    status = SelectField(
        "Status",
        widget=GovSelect(),
        validators=[validators.Optional()],
        choices=[("", "Any status")] + [(s.value, s.label) for s in DecisionStatus],
    )

    def __init__(self, bodies, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.body.choices = [("", "All bodies")] + [(b.slug, b.short_name) for b in bodies]


class DecisionForm(BaseForm):
    """Secretariat: a decision's record."""

    body = SelectField("Body", widget=GovSelect(), validators=[validators.DataRequired(message="Choose the body")])
    title = StringField(
        "Title",
        widget=GovTextInput(),
        validators=[
            validators.InputRequired(message="Enter a short title for the decision"),
            validators.Length(max=300, message="The title must be 300 characters or fewer"),
        ],
    )
    text = TextAreaField(
        "Decision (markdown)",
        widget=GovTextArea(),
        validators=[
            validators.InputRequired(message="Enter what was decided"),
            validators.Length(max=20_000, message="The decision must be 20,000 characters or fewer"),
            MarkdownLines("The decision"),
        ],
    )
    rationale = TextAreaField(
        "Rationale (optional)",
        widget=GovTextArea(),
        validators=[validators.Length(max=10_000, message="The rationale must be 10,000 characters or fewer")],
    )
    decided_on = DayMonthYearField("Date of the decision", description="For example, 3 3 2027")
    meeting = SelectField("Meeting (optional)", widget=GovSelect(), validators=[validators.Optional()])
    show_items = SubmitField("Show this meeting's agenda items", widget=GovSubmitInput())
    agenda_item = SelectField(
        "Agenda item (optional)", widget=GovSelect(), validate_choice=False, validators=[validators.Optional()]
    )
    supersedes = SelectField(
        "Supersedes (optional)",
        widget=GovSelect(),
        validate_choice=False,
        description="A decision in force of the same body that this one replaces; it is marked superseded by this one",
        validators=[validators.Optional()],
    )
    actions = StringField(
        "Linked actions (optional)",
        widget=GovTextInput(),
        description="Action references separated by commas, for example CDP-26-03, CDP-26-07",
        validators=[validators.Length(max=1000)],
    )
    is_confidential = BooleanField("Confidential: only members of the body may see it", widget=GovCheckboxInput())

    def __init__(self, bodies, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.body.choices = [("", "Choose the body")] + [(b.slug, b.short_name) for b in bodies]
        self.meeting.choices = meeting_choices([b.id for b in bodies])
        self._in_force = services.in_force([b.id for b in bodies])
        self.limit_choices()

    def limit_choices(self) -> None:
        """Agenda items of the chosen meeting only; decisions in force of the chosen body only.

        Call again after setting the meeting or body (a page's defaults)."""
        meeting_id = int(self.meeting.data) if str(self.meeting.data or "").isdigit() else None
        if meeting_id is None and str(self.agenda_item.data or "").isdigit():
            item = db.session.get(AgendaItem, int(self.agenda_item.data))  # an item alone implies its meeting
            meeting_id = item.meeting_id if item is not None else None
        self.agenda_item.choices = meeting_item_choices(meeting_id)
        chosen = [d for d in self._in_force if d.body.slug == self.body.data] if self.body.data else self._in_force
        self.supersedes.choices = [("", "None")] + [
            (str(d.id), f"{d.reference} {d.title}" + ("" if self.body.data else f" ({d.body.short_name})"))
            for d in chosen
        ]

    def validate_on_submit(self, extra_validators=None) -> bool:
        """'Show this meeting's agenda items' only lists them (the page works without JavaScript)."""
        if self.is_submitted() and self.show_items.data:
            return False
        return super().validate_on_submit(extra_validators)

    def validate_decided_on(self, field):
        if field.data is None and not field.errors:
            raise validators.StopValidation("Enter the date of the decision")

    def validate_agenda_item(self, field):
        if field.data and field.data not in {value for value, _ in field.choices}:
            raise validators.ValidationError(
                "Choose an item on the agenda of the chosen meeting (choose the meeting, then show its agenda items)"
            )

    def validate_supersedes(self, field):
        if field.data and field.data not in {value for value, _ in field.choices}:
            raise validators.ValidationError("Choose a decision in force of the same body")

    def chosen_supersedes(self) -> Decision | None:
        return next((d for d in self._in_force if str(d.id) == self.supersedes.data), None)


def meeting_item_choices(meeting_id: int | None) -> list[tuple[str, str]]:
    """The chosen meeting's agenda items, in agenda order (none until a meeting is chosen)."""
    if meeting_id is None:
        return [("", "Choose the meeting first")]
    items = db.session.scalars(
        sa.select(AgendaItem).where(AgendaItem.meeting_id == meeting_id).order_by(AgendaItem.position)
    ).all()
    return [("", "No agenda item")] + [(str(i.id), f"{n}. {i.title}") for n, i in enumerate(items, start=1)]


class StatusForm(BaseForm):
    """Secretariat: in force, superseded by a later decision, or rescinded."""

    status = SelectField("Status", widget=GovSelect(), choices=[(s.value, s.label) for s in DecisionStatus])
    superseded_by = SelectField("Superseded by", widget=GovSelect(), validators=[validators.Optional()])

    def __init__(self, later_decisions, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.superseded_by.choices = [("", "Choose the later decision")] + [
            (str(d.id), f"{d.reference} {d.title}") for d in later_decisions
        ]

    def validate_superseded_by(self, field):
        if self.status.data == DecisionStatus.SUPERSEDED and not field.data:
            raise validators.ValidationError("Choose the later decision that supersedes this one")
