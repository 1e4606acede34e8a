"""Forms of the register of interests and of declarations at meetings."""

from wtforms import BooleanField, IntegerField, RadioField, SelectField, SubmitField, TextAreaField, validators

from board.common.forms import (
    BaseForm,
    DayMonthYearField,
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from board.interests.models import Category


class InterestForm(BaseForm):
    """A person: one interest for their register entry."""

    category = RadioField(
        "What kind of interest is it?",
        widget=GovRadioInput(),
        choices=[(c.value, c.label) for c in Category],
        validators=[validators.InputRequired(message="Choose the kind of interest")],
    )
    description = TextAreaField(
        "Describe the interest",
        widget=GovTextArea(),
        description="For example: the employer and your role, the company and your position, or who gave the gift",
        validators=[
            validators.InputRequired(message="Describe the interest"),
            validators.Length(max=2000, message="The description must be 2,000 characters or fewer"),
        ],
    )
    dated_on = DayMonthYearField(
        "Date the interest began (or the gift was received)",
        validators=[validators.InputRequired(message="Enter the date the interest began or the gift was received")],
    )
    value_pounds = IntegerField(
        "Value in pounds (gifts and hospitality only)",
        widget=GovTextInput(),
        validators=[
            validators.Optional(),
            validators.NumberRange(min=0, max=10_000_000, message="Enter a value from 0 to 10,000,000 pounds"),
        ],
    )


def _declaration_fields(form, items, register_items) -> None:
    form.agenda_item.choices = [("", "Choose the item")] + [(str(i.id), f"{n}. {i.title}") for n, i in items]
    form.register_item.choices = [("", "Not linked to a register entry")] + [
        (str(r.id), str(r)[:120]) for r in register_items
    ]


class DeclarationForm(BaseForm):
    """Secretariat: one declaration made at the meeting."""

    person = SelectField(
        "Who declared", widget=GovSelect(), validators=[validators.InputRequired(message="Choose who declared")]
    )
    # Not limited to the offered choices: the service names the problem (another meeting's item).
    agenda_item = SelectField(
        "On which agenda item",
        widget=GovSelect(),
        validate_choice=False,
        validators=[validators.InputRequired(message="Choose the agenda item the interest relates to")],
    )
    interest = TextAreaField(
        "The interest declared",
        widget=GovTextArea(),
        validators=[
            validators.InputRequired(message="Describe the interest declared"),
            validators.Length(max=2000, message="The interest must be 2,000 characters or fewer"),
        ],
    )
    register_item = SelectField(
        "Register entry it relates to (optional)",
        widget=GovSelect(),
        validate_choice=False,
        description="Choose the person, then show their entries",
        validators=[validators.Optional()],
    )
    show_entries = SubmitField("Show this person's register entries", widget=GovSubmitInput())
    is_withdrawn = BooleanField("They withdrew from the item", widget=GovCheckboxInput())

    def __init__(self, people, items, register_items, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.person.choices = [("", "Choose the person")] + [(str(p.id), p.name) for p in people]
        _declaration_fields(self, items, register_items)


class PreDeclarationForm(BaseForm):
    """A member, before the meeting: an interest on one of its items."""

    agenda_item = SelectField(
        "On which agenda item",
        widget=GovSelect(),
        validate_choice=False,
        validators=[validators.InputRequired(message="Choose the agenda item the interest relates to")],
    )
    interest = TextAreaField(
        "Your interest",
        widget=GovTextArea(),
        validators=[
            validators.InputRequired(message="Describe your interest"),
            validators.Length(max=2000, message="The interest must be 2,000 characters or fewer"),
        ],
    )
    register_item = SelectField(
        "Entry on your register it relates to (optional)",
        widget=GovSelect(),
        validate_choice=False,
        validators=[validators.Optional()],
    )

    def __init__(self, items, register_items, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _declaration_fields(self, items, register_items)
