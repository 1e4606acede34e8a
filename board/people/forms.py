"""Forms for managing organisations, people, bodies and memberships."""

import sqlalchemy as sa
from wtforms import BooleanField, IntegerField, RadioField, SelectField, StringField, TextAreaField, validators

from board.common.forms import (
    BaseForm,
    DayMonthYearField,
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovTextArea,
    GovTextInput,
    MarkdownLines,
    email_field,
)
from board.extensions import db
from board.people.mail_choices import OPTIONAL
from board.people.models import Organisation, OrganisationKind, Role, User


def _required(what: str):
    return validators.InputRequired(message=f"Enter {what}")


def organisation_choices(blank: str | None = "Choose an organisation"):
    rows = db.session.execute(sa.select(Organisation.id, Organisation.name).order_by(Organisation.name)).all()
    choices = [(str(i), n) for i, n in rows]
    return ([("", blank)] if blank else []) + choices


def user_choices(blank: str):
    rows = db.session.execute(
        sa.select(User.id, User.name, User.email).where(User.is_enabled.is_(True)).order_by(User.name)
    ).all()
    return [("", blank)] + [(str(i), f"{n} ({e})") for i, n, e in rows]


def _date_field(label: str, **kwargs) -> DayMonthYearField:
    return DayMonthYearField(label, **kwargs)


class UserForm(BaseForm):
    name = StringField(
        "Full name", validators=[_required("the person's full name"), validators.Length(max=200)], widget=GovTextInput()
    )
    email = email_field()
    job_title = StringField("Job title (optional)", validators=[validators.Length(max=200)], widget=GovTextInput())
    organisation_id = SelectField(
        "Organisation", validators=[validators.InputRequired(message="Choose an organisation")], widget=GovSelect()
    )
    is_secretariat = BooleanField("Secretariat (may manage everything)", widget=GovCheckboxInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation_id.choices = organisation_choices()


class OrganisationForm(BaseForm):
    name = StringField(
        "Name", validators=[_required("the organisation's name"), validators.Length(max=200)], widget=GovTextInput()
    )
    short_name = StringField(
        "Short name",
        validators=[_required("a short name"), validators.Length(max=40)],
        widget=GovTextInput(),
        description="Shown in tables, for example Leeds or HMPPS",
    )
    kind = SelectField(
        "Kind",
        choices=[(k.value, k.label) for k in OrganisationKind],
        widget=GovSelect(),
    )


class BodyForm(BaseForm):
    name = StringField(
        "Name", validators=[_required("the body's name"), validators.Length(max=200)], widget=GovTextInput()
    )
    short_name = StringField(
        "Short name", validators=[_required("a short name"), validators.Length(max=60)], widget=GovTextInput()
    )
    cadence_weeks = IntegerField(
        "Meets every (weeks)",
        validators=[
            validators.InputRequired(message="Enter how many weeks between meetings"),
            validators.NumberRange(min=1, max=104, message="Weeks between meetings must be between 1 and 104"),
        ],
        widget=GovTextInput(),
    )
    quorum_members = IntegerField(
        "Quorum: members present",
        validators=[
            validators.InputRequired(message="Enter the quorum"),
            validators.NumberRange(min=1, max=100, message="The quorum must be between 1 and 100"),
        ],
        widget=GovTextInput(),
    )
    quorum_needs_chair = BooleanField("The chair or vice-chair must be present", widget=GovCheckboxInput())
    terms_of_reference = TextAreaField(
        "Terms of reference (markdown)",
        widget=GovTextArea(),
        validators=[
            validators.Length(max=50_000, message="Terms of reference must be 50,000 characters or fewer"),
            MarkdownLines("Terms of reference"),
        ],
    )


class MembershipForm(BaseForm):
    user_id = SelectField(
        "Person", validators=[validators.InputRequired(message="Choose a person")], widget=GovSelect()
    )
    role = RadioField(
        "Role",
        choices=[(r.value, r.label) for r in Role],
        default=Role.MEMBER.value,
        widget=GovRadioInput(),
        validators=[validators.InputRequired(message="Choose a role")],
    )
    deputy_id = SelectField("Named deputy (optional)", widget=GovSelect(), validators=[validators.Optional()])
    starts_on = _date_field("From (optional)")
    ends_on = _date_field("To (optional)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user_id.choices = user_choices("Choose a person")
        self.deputy_id.choices = user_choices("No named deputy")

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise validators.ValidationError("The end date must be the same as or after the start date")


class UpdateContactForm(BaseForm):
    user_id = SelectField(
        "Person", validators=[validators.InputRequired(message="Choose a person")], widget=GovSelect()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user_id.choices = user_choices("Choose a person")


class OwnDetailsForm(BaseForm):
    """A person's own name and job title (the secretariat changes e-mail and organisation)."""

    name = StringField(
        "Full name", validators=[_required("your full name"), validators.Length(max=200)], widget=GovTextInput()
    )
    job_title = StringField("Job title (optional)", validators=[validators.Length(max=200)], widget=GovTextInput())


def _choice(kind: str) -> RadioField:
    label, on, off = OPTIONAL[kind]
    return RadioField(
        label,
        choices=[("on", on), ("off", off)],
        default="on",
        widget=GovRadioInput(),
        validators=[validators.InputRequired(message=f"Choose whether to get {label.lower()}")],
    )


class MailChoicesForm(BaseForm):
    """Which optional e-mails a person gets; one on/off choice per kind in mail_choices.OPTIONAL."""

    meeting_reminder = _choice("meeting_reminder")
    action_digest = _choice("action_digest")
    update_reminder = _choice("update_reminder")
    update_chase = _choice("update_chase")

    def turned_off(self) -> set[str]:
        return {kind for kind in OPTIONAL if getattr(self, kind).data == "off"}
