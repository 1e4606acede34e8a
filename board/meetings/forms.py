"""Forms for scheduling meetings, planning a year, adding guests and answering."""

import re
from datetime import date, datetime, time
from urllib.parse import urlsplit

import sqlalchemy as sa
from wtforms import (
    DateField,
    FieldList,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    validators,
)

from board.common.forms import (
    BaseForm,
    GovCheckboxesInput,
    GovDateInput,
    GovRadioInput,
    GovSelect,
    GovTextArea,
    GovTextInput,
    email_field,
)
from board.common.timeutil import london_to_utc, to_london
from board.extensions import db
from board.people.models import User

_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$", re.IGNORECASE)


def parse_time(text: str) -> time | None:
    """'10:00', '14.30', '2pm', '9:30am' -> time; None when it is not a real time."""
    match = _TIME.match((text or "").strip())
    if not match:
        return None
    hour, minute, half = int(match[1]), int(match[2] or 0), (match[3] or "").lower()
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    elif match[2] is None:
        return None  # a bare '10' is ambiguous
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def parse_day(text: str) -> date | None:
    """'30/03/2027', '30 3 2027' or '2027-03-30' -> date; None when it is not a real date."""
    text = (text or "").strip()
    for fmt in ("%d/%m/%Y", "%d %m %Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


class RealDateField(DateField):
    """A GOV.UK day/month/year date that says plainly when the date does not exist."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError("Enter a real date, like 30 3 2027") from None


class TimeField(StringField):
    """A wall-clock time in London, typed like 10:00 or 2pm."""

    def __init__(self, label, **kwargs):
        kwargs.setdefault("widget", GovTextInput())
        kwargs.setdefault("description", "For example, 10:00 or 2:30pm (UK time)")
        super().__init__(label, **kwargs)

    def pre_validate(self, form):
        if not self.data:
            raise validators.StopValidation(f"Enter the {self.label.text.lower()}")
        if parse_time(self.data) is None:
            raise validators.StopValidation(f"Enter the {self.label.text.lower()} as a real time, like 10:00 or 2:30pm")


def web_link(form, field):
    if field.data:
        parts = urlsplit(field.data)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise validators.ValidationError("Enter a joining link that starts with https:// (or http://)")


def _exists_in_london(day: date, at: time) -> bool:
    """False for a time skipped when the clocks go forward (e.g. 01:30 on the last Sunday in March)."""
    return to_london(london_to_utc(day, at)).time() == at


class MeetingForm(BaseForm):
    title = StringField(
        "Title",
        validators=[validators.InputRequired(message="Enter a title"), validators.Length(max=200)],
        widget=GovTextInput(),
    )
    day = RealDateField(
        "Date",
        format="%d %m %Y",
        widget=GovDateInput(),
        description="For example, 30 3 2027",
        validators=[validators.InputRequired(message="Enter the date of the meeting")],
    )
    starts = TimeField("Start time")
    ends = TimeField("End time")
    venue = StringField("Venue (optional if online)", validators=[validators.Length(max=300)], widget=GovTextInput())
    join_url = StringField(
        "Online joining link (optional)",
        validators=[validators.Length(max=500), web_link],
        widget=GovTextInput(),
        description="For example, a Microsoft Teams link starting https://",
    )
    notes = TextAreaField(
        "Notes for attendees (optional)", validators=[validators.Length(max=5000)], widget=GovTextArea()
    )

    def validate_day(self, field):
        if field.data and field.data.year < 2000:
            raise validators.ValidationError("Enter a real date, like 30 3 2027")

    def validate_ends(self, field):
        starts, ends = parse_time(self.starts.data), parse_time(field.data)
        if starts and ends and ends <= starts:
            raise validators.ValidationError("The end time must be after the start time")

    def validate_starts(self, field):
        at = parse_time(field.data)
        if self.day.data and at and not _exists_in_london(self.day.data, at):
            raise validators.ValidationError("That time does not exist in the UK on that day (the clocks go forward)")

    def validate_venue(self, field):
        if not field.data and not self.join_url.data:
            raise validators.ValidationError("Enter a venue, an online joining link, or both")

    def values(self) -> dict:
        """The meeting's fields, with times converted from London to UTC."""
        return {
            "title": self.title.data,
            "starts_at": london_to_utc(self.day.data, parse_time(self.starts.data)),
            "ends_at": london_to_utc(self.day.data, parse_time(self.ends.data)),
            "venue": self.venue.data or "",
            "join_url": self.join_url.data or "",
            "notes": self.notes.data or "",
        }

    def fill_from(self, meeting) -> None:
        self.title.data = meeting.title
        self.day.data = to_london(meeting.starts_at).date()
        self.starts.data = to_london(meeting.starts_at).strftime("%H:%M")
        self.ends.data = to_london(meeting.ends_at).strftime("%H:%M")
        self.venue.data, self.join_url.data, self.notes.data = meeting.venue, meeting.join_url, meeting.notes


class CancelForm(BaseForm):
    reason = TextAreaField(
        "Why is the meeting cancelled?",
        widget=GovTextArea(),
        validators=[
            validators.InputRequired(message="Enter the reason for cancelling the meeting"),
            validators.Length(max=1000),
        ],
        description="Everyone invited will see this in the cancellation e-mail",
    )


class GuestForm(BaseForm):
    """Invite a guest: anyone with an enabled account whom the meeting does not invite yet."""

    user_id = SelectField(
        "Person",
        widget=GovSelect(),
        validate_choice=False,
        validators=[validators.InputRequired(message="Choose a person")],
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.invited = {a.user_id: a.user for a in meeting.attendances}
        people = db.session.scalars(sa.select(User).where(User.is_enabled.is_(True)).order_by(User.name)).all()
        self.user_id.choices = [("", "Choose a person")] + [
            (str(u.id), f"{u.name} ({u.email})") for u in people if u.id not in self.invited
        ]

    def validate_user_id(self, field):
        """Someone already invited (a member, or a guest added a moment ago) is named, not 'not a valid choice'."""
        chosen = int(field.data) if str(field.data).isdecimal() else None
        if chosen in self.invited:
            raise validators.ValidationError(f"{self.invited[chosen].name} is already invited to this meeting")
        if str(field.data) not in {value for value, _label in self.user_id.choices[1:]}:
            raise validators.ValidationError("Choose a person")


class AnswerForm(BaseForm):
    response = RadioField(
        "Will you attend?",
        widget=GovRadioInput(),
        choices=[
            ("attending", "Yes, I will attend"),
            ("apologies", "No, I send my apologies"),
            ("deputy", "No, I am sending a named deputy"),
        ],
        validators=[validators.InputRequired(message="Choose whether you will attend")],
    )
    deputy_email = email_field("Your deputy's email address (if sending a deputy)", default="")
    comment = StringField("Comment (optional)", validators=[validators.Length(max=500)], widget=GovTextInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The deputy's address matters only when sending a deputy.
        self.deputy_email.validators = [validators.Optional(), *self.deputy_email.validators[1:]]

    def validate_deputy_email(self, field):
        if self.response.data == "deputy" and not field.data:
            raise validators.ValidationError("Enter your deputy's email address")


class PlanForm(BaseForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):
            # BaseForm adds a strip filter to every field, but FieldList refuses filters.
            if unbound_field.field_class is FieldList:
                return unbound_field.bind(form=form, **options)
            return BaseForm.Meta.bind_field(self, form, unbound_field, options)

    title = StringField(
        "Title for each meeting",
        validators=[validators.InputRequired(message="Enter a title"), validators.Length(max=200)],
        widget=GovTextInput(),
    )
    starts = TimeField("Start time")
    ends = TimeField("End time")
    venue = StringField("Venue (optional if online)", validators=[validators.Length(max=300)], widget=GovTextInput())
    join_url = StringField(
        "Online joining link (optional)", validators=[validators.Length(max=500), web_link], widget=GovTextInput()
    )
    dates = FieldList(StringField("Date", widget=GovTextInput()), min_entries=1, max_entries=60)

    validate_venue = MeetingForm.validate_venue
    validate_ends = MeetingForm.validate_ends

    def validate_dates(self, field):
        bad = [str(i + 1) for i, entry in enumerate(field.entries) if entry.data and parse_day(entry.data) is None]
        if bad:
            raise validators.ValidationError(f"Enter real dates, like 30/03/2027 (check date {', '.join(bad)})")
        if not self.days():
            raise validators.ValidationError("Enter at least one date")

    def days(self) -> list[date]:
        return [d for d in (parse_day(e.data) for e in self.dates.entries if e.data) if d is not None]


class AttendedForm(BaseForm):
    """Secretariat: a tick for each person invited who actually attended on the day."""

    attended = SelectMultipleField(
        "Who attended?", coerce=int, widget=GovCheckboxesInput(), validate_choice=False, default=[]
    )


class DayAttendeeForm(BaseForm):
    """Secretariat: someone at the meeting who was not invited."""

    name = StringField(
        "Name",
        widget=GovTextInput(),
        validators=[
            validators.InputRequired(message="Enter the person's name"),
            validators.Length(max=200, message="A name must be 200 characters or fewer"),
        ],
    )
    organisation = StringField(
        "Organisation (optional)",
        widget=GovTextInput(),
        validators=[validators.Length(max=200, message="An organisation must be 200 characters or fewer")],
    )
    presence = RadioField(
        "How did they attend?",
        choices=[("in_attendance", "In attendance (an officer or adviser)"), ("present", "Present, as a deputy")],
        default="in_attendance",
        widget=GovRadioInput(),
        validators=[validators.InputRequired(message="Choose present or in attendance")],
    )
    deputising_for = StringField(
        "Deputising for (optional)",
        widget=GovTextInput(),
        description="The member they stood in for",
        validators=[validators.Length(max=200, message="A name must be 200 characters or fewer")],
    )
