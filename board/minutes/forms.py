"""Forms of the minutes area."""

from flask import current_app
from wtforms import (
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    validators,
)
from wtforms.widgets import HiddenInput

from board.common.forms import (
    BaseForm,
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
    MarkdownLines,
)
from board.common.timeutil import to_london
from board.minutes.models import Presence

PRESENCE_CHOICES = [(p.value, p.label) for p in Presence]


class MinutesForm(BaseForm):
    """Secretariat: the minutes text, with the revision it was loaded from."""

    source = TextAreaField("Minutes (markdown)", widget=GovTextArea(), validators=[MarkdownLines("The minutes")])
    declarations = TextAreaField(
        "Declarations of interest (markdown, optional)",
        widget=GovTextArea(),
        validators=[
            validators.Length(max=20_000, message="Declarations of interest must be 20,000 characters or fewer"),
            MarkdownLines("Declarations of interest"),
        ],
    )
    reason = TextAreaField(
        "Reason for changing approved minutes",
        widget=GovTextArea(),
        validators=[validators.Length(max=2000, message="The reason must be 2,000 characters or fewer")],
    )
    base_revision = IntegerField(
        widget=HiddenInput(), validators=[validators.InputRequired(message="Reload the page and try again")]
    )
    preview = SubmitField("Preview", widget=GovSubmitInput())
    save = SubmitField("Save", widget=GovSubmitInput())

    def validate_source(self, field):
        limit = current_app.config["MINUTES_MAX_CHARS"]
        if len(field.data or "") > limit:
            raise validators.ValidationError(
                f"The minutes must be {limit:,} characters or fewer (they are {len(field.data):,})"
            )


class OutcomesForm(BaseForm):
    """Secretariat: confirm the entries to create, and choose which linked entries to update."""

    revision = IntegerField(widget=HiddenInput(), validators=[validators.InputRequired()])
    update_lines = SelectMultipleField(
        "Update these entries to match the minutes", coerce=int, widget=GovCheckboxesInput(), validate_choice=False
    )


def attendance_form(attendees, *args, **kwargs) -> BaseForm:
    """One select (and a 'deputising for' box) per attendance line."""

    class AttendanceForm(BaseForm):
        pass

    for row in attendees:
        setattr(
            AttendanceForm,
            f"presence_{row.id}",
            SelectField(f"{row.name}: attendance", choices=PRESENCE_CHOICES, default=row.presence, widget=GovSelect()),
        )
        setattr(
            AttendanceForm,
            f"deputising_{row.id}",
            StringField(
                f"{row.name}: deputising for",
                default=row.deputising_for,
                widget=GovTextInput(),
                validators=[validators.Length(max=200, message="A name must be 200 characters or fewer")],
            ),
        )
    return AttendanceForm(*args, **kwargs)


class AddAttendeeForm(BaseForm):
    """Secretariat: someone to add to the attendance record."""

    name = StringField(
        "Name",
        widget=GovTextInput(),
        validators=[validators.InputRequired(message="Enter the person's name"), validators.Length(max=200)],
    )
    organisation = StringField(
        "Organisation (optional)", widget=GovTextInput(), validators=[validators.Length(max=200)]
    )
    presence = SelectField("Attendance", choices=PRESENCE_CHOICES, widget=GovSelect())
    deputising_for = StringField(
        "Deputising for (optional)", widget=GovTextInput(), validators=[validators.Length(max=200)]
    )


class RefreshAttendanceForm(BaseForm):
    """Secretariat: take the attendance from the record of the day, as a new revision."""

    base_revision = IntegerField(
        widget=HiddenInput(), validators=[validators.InputRequired(message="Reload the page and try again")]
    )


class RestoreForm(BaseForm):
    """Secretariat: restore an earlier revision as a new one."""

    base_revision = IntegerField(widget=HiddenInput(), validators=[validators.InputRequired()])
    reason = TextAreaField(
        "Reason (needed once the minutes are approved)", widget=GovTextArea(), validators=[validators.Length(max=2000)]
    )


def _optional_id(value):
    return int(value) if value not in (None, "") else None


class ApproveForm(BaseForm):
    """Secretariat or chair: the meeting that approved the minutes as a true record, and who moved it."""

    meeting = SelectField(
        "Approved at",
        coerce=int,
        widget=GovSelect(),
        validate_choice=False,
        description="Meetings of the same body that have taken place since, the next one first",
        validators=[validators.InputRequired(message="Choose the meeting that approved the minutes")],
    )
    moved_by = SelectField(
        "Moved by (optional)",
        coerce=_optional_id,
        widget=GovSelect(),
        validate_choice=False,
        description="A member of the body, or someone invited to that meeting",
    )

    def set_choices(self, meetings, people) -> None:
        """The meetings that may approve (the most likely first, and chosen) and who may have moved it."""
        self.meeting.choices = [(m.id, f"{m.title}, {to_london(m.starts_at):%-d %B %Y}") for m in meetings]
        self.moved_by.choices = [("", "Not recorded")] + [
            (u.id, f"{u.name} ({u.organisation.short_name})" if u.organisation else u.name) for u in people
        ]
        if not self.is_submitted() and meetings:
            self.meeting.data = meetings[0].id

    def validate_moved_by(self, field):
        if field.data is not None and field.data not in {value for value, _ in field.choices}:
            raise validators.ValidationError("Choose who moved the approval from the list, or “Not recorded”")


class UndoApprovalForm(BaseForm):
    """Secretariat: withdraw an approval recorded in error, saying why."""

    reason = TextAreaField(
        "Why is the approval being undone?",
        widget=GovTextArea(),
        validators=[
            validators.InputRequired(message="Give the reason for undoing the approval"),
            validators.Length(max=2000, message="The reason must be 2,000 characters or fewer"),
        ],
    )


class CommentForm(BaseForm):
    """A member: a comment on one paragraph (``anchor``) or on the minutes as a whole."""

    anchor = StringField(widget=HiddenInput(), validators=[validators.Length(max=40)])
    text = TextAreaField(
        "Your comment",
        widget=GovTextArea(),
        validators=[
            validators.InputRequired(message="Write your comment"),
            validators.Length(max=5000, message="A comment must be 5,000 characters or fewer"),
        ],
    )


class ResolveCommentForm(BaseForm):
    """Secretariat: mark a comment accepted (with the revision that took it in) or answered."""

    outcome = RadioField(
        "What happened to this comment?",
        choices=[
            ("accepted", "Accepted: the minutes were changed"),
            ("answered", "Answered: reply to the commenter"),
        ],
        widget=GovRadioInput(),
        validators=[validators.InputRequired(message="Choose accepted or answered")],
    )
    revision = SelectField(
        "Revision that took it in (when accepted)",
        coerce=_optional_id,
        widget=GovSelect(),
        validate_choice=False,
    )
    reply = TextAreaField(
        "Reply to the commenter (needed when answered; optional when accepted)",
        widget=GovTextArea(),
        validators=[validators.Length(max=5000, message="The reply must be 5,000 characters or fewer")],
    )

    def set_revisions(self, numbers: list[int]) -> None:
        """The revisions that could have taken the comment in, the latest first (and chosen)."""
        self.revision.choices = [("", "Choose a revision")] + [(n, f"Revision {n}") for n in numbers]
        if not self.is_submitted() and numbers:
            self.revision.data = numbers[0]


class CompareForm(BaseForm):
    """Any two revisions to compare (a GET form)."""

    class Meta:
        csrf = False

    a = SelectField("From revision", coerce=int, widget=GovSelect(), validate_choice=False)
    b = SelectField("To revision", coerce=int, widget=GovSelect(), validate_choice=False)


__all__ = [
    "MinutesForm",
    "OutcomesForm",
    "attendance_form",
    "AddAttendeeForm",
    "RestoreForm",
    "RefreshAttendanceForm",
    "ApproveForm",
    "UndoApprovalForm",
    "CompareForm",
    "CommentForm",
    "ResolveCommentForm",
]
