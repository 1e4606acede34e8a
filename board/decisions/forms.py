"""Forms of the decisions register."""

from wtforms import BooleanField, SelectField, StringField, TextAreaField, validators

from board.actions.forms import agenda_item_choices, meeting_choices
from board.common.forms import (
    BaseForm,
    DayMonthYearField,
    GovCheckboxInput,
    GovSelect,
    GovTextArea,
    GovTextInput,
    MarkdownLines,
)
from board.decisions.models import DecisionStatus


class RegisterFilterForm(BaseForm):
    """GET filters for the register and its CSV export (changes nothing, so no CSRF)."""

    class Meta:
        csrf = False

    q = StringField("Search", widget=GovTextInput(), validators=[validators.Optional(), validators.Length(max=200)])
    body = SelectField("Body", widget=GovSelect(), validators=[validators.Optional()])
    status = SelectField("Status", widget=GovSelect(), validators=[validators.Optional()],
                         choices=[("", "Any status")] + [(s.value, s.label) for s in DecisionStatus])

    def __init__(self, bodies, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.body.choices = [("", "All bodies")] + [(b.slug, b.short_name) for b in bodies]


class DecisionForm(BaseForm):
    """Secretariat: a decision's record."""

    body = SelectField("Body", widget=GovSelect(), validators=[validators.DataRequired(message="Choose the body")])
    title = StringField("Title", widget=GovTextInput(), validators=[
        validators.InputRequired(message="Enter a short title for the decision"),
        validators.Length(max=300, message="The title must be 300 characters or fewer")])
    text = TextAreaField("Decision (markdown)", widget=GovTextArea(), validators=[
        validators.InputRequired(message="Enter what was decided"),
        validators.Length(max=20_000, message="The decision must be 20,000 characters or fewer"),
        MarkdownLines("The decision")])
    rationale = TextAreaField("Rationale (optional)", widget=GovTextArea(), validators=[
        validators.Length(max=10_000, message="The rationale must be 10,000 characters or fewer")])
    decided_on = DayMonthYearField("Date of the decision", description="For example, 3 3 2027")
    meeting = SelectField("Meeting (optional)", widget=GovSelect(), validators=[validators.Optional()])
    agenda_item = SelectField("Agenda item (optional)", widget=GovSelect(), validators=[validators.Optional()])
    actions = StringField("Linked actions (optional)", widget=GovTextInput(),
                          description="Action references separated by commas, for example CDP-26-03, CDP-26-07",
                          validators=[validators.Length(max=1000)])
    is_confidential = BooleanField("Confidential: only members of the body may see it", widget=GovCheckboxInput())

    def __init__(self, bodies, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.body.choices = [("", "Choose the body")] + [(b.slug, b.short_name) for b in bodies]
        self.meeting.choices = meeting_choices([b.id for b in bodies])
        self.agenda_item.choices = agenda_item_choices([b.id for b in bodies])

    def validate_decided_on(self, field):
        if field.data is None and not field.errors:
            raise validators.StopValidation("Enter the date of the decision")


class StatusForm(BaseForm):
    """Secretariat: in force, superseded by a later decision, or rescinded."""

    status = SelectField("Status", widget=GovSelect(), choices=[(s.value, s.label) for s in DecisionStatus])
    superseded_by = SelectField("Superseded by", widget=GovSelect(), validators=[validators.Optional()])

    def __init__(self, later_decisions, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.superseded_by.choices = [("", "Choose the later decision")] + [
            (str(d.id), f"{d.reference} {d.title}") for d in later_decisions]

    def validate_superseded_by(self, field):
        if self.status.data == DecisionStatus.SUPERSEDED and not field.data:
            raise validators.ValidationError("Choose the later decision that supersedes this one")
