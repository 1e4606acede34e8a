"""Forms for creating and closing bodies, and for the forward plan."""

import sqlalchemy as sa
from wtforms import HiddenField, IntegerField, RadioField, SelectField, StringField, TextAreaField, validators

from board.agendas.models import Purpose
from board.bodies.models import PlanStatus
from board.common.filters import london_datetime
from board.common.forms import BaseForm, GovRadioInput, GovSelect, GovTextArea, GovTextInput, MarkdownLines
from board.common.models import utcnow
from board.extensions import db
from board.meetings.models import Meeting, MeetingStatus
from board.people.forms import BodyForm, organisation_choices, user_choices
from board.people.models import Body


class NewBodyForm(BodyForm):
    """A new body: the settings every body has, plus its reference prefix and parent."""

    reference_prefix = StringField(
        "Reference prefix",
        validators=[validators.InputRequired(message="Enter a reference prefix"), validators.Length(max=6)],
        widget=GovTextInput(),
        description="2 to 6 letters that start its action and decision references, for example TFG",
    )
    parent_id = SelectField("Reports to", widget=GovSelect(), validators=[validators.Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rows = db.session.execute(sa.select(Body.id, Body.name).where(Body.closed_on.is_(None)).order_by(Body.id)).all()
        self.parent_id.choices = [("", "No parent body")] + [(str(i), n) for i, n in rows]


class CloseBodyForm(BaseForm):
    """Closing a body; with future meetings, the secretariat must choose to cancel them."""

    cancel_meetings = RadioField(
        "What should happen to its future meetings?",
        choices=[
            ("cancel", "Cancel them and send everyone invited a cancellation"),
            ("keep", "Keep them: do not close"),
        ],
        widget=GovRadioInput(),
        validators=[validators.Optional()],
    )
    reason = TextAreaField(
        "Why are the meetings cancelled?",
        widget=GovTextArea(),
        validators=[validators.Length(max=1000)],
        description="Everyone invited will see this in the cancellation e-mail",
    )


class PlanItemForm(BaseForm):
    """One item of a body's forward plan."""

    title = StringField(
        "Title",
        validators=[validators.InputRequired(message="Enter the item's title"), validators.Length(max=200)],
        widget=GovTextInput(),
    )
    purpose = RadioField(
        "Purpose",
        choices=[(p.value, p.label) for p in Purpose],
        default=Purpose.DISCUSSION.value,
        widget=GovRadioInput(),
        validators=[validators.InputRequired(message="Choose the item's purpose")],
    )
    lead_organisation_id = SelectField(
        "Lead organisation (optional)", widget=GovSelect(), validators=[validators.Optional()]
    )
    lead_user_id = SelectField("Lead person (optional)", widget=GovSelect(), validators=[validators.Optional()])
    meeting_id = SelectField("Target meeting (optional)", widget=GovSelect(), validators=[validators.Optional()])
    status = RadioField(
        "Status",
        choices=[(s.value, s.label) for s in PlanStatus],
        default=PlanStatus.PROPOSED.value,
        widget=GovRadioInput(),
        validators=[validators.InputRequired(message="Choose a status")],
    )
    notes = TextAreaField(
        "Notes (optional)",
        widget=GovTextArea(),
        validators=[
            validators.Length(max=5000, message="Notes must be 5,000 characters or fewer"),
            MarkdownLines("Notes"),
        ],
    )

    def __init__(self, *args, body: Body, current_meeting_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lead_organisation_id.choices = organisation_choices("No lead organisation")
        self.lead_user_id.choices = user_choices("No lead person")
        meetings = db.session.scalars(
            sa.select(Meeting)
            .where(
                Meeting.body_id == body.id,
                sa.or_(
                    sa.and_(Meeting.status == MeetingStatus.SCHEDULED, Meeting.starts_at > utcnow()),
                    Meeting.id == (current_meeting_id or -1),
                ),
            )
            .order_by(Meeting.starts_at)
        ).all()
        self.meeting_id.choices = [("", "Not yet decided")] + [
            (str(m.id), f"{m.title}, {london_datetime(m.starts_at)}") for m in meetings
        ]


class DeferForm(BaseForm):
    """Why an item moves to the next meeting (kept in its history)."""

    note = StringField("Why is it deferred? (optional)", validators=[validators.Length(max=500)], widget=GovTextInput())


class MarkForm(BaseForm):
    """Mark one of a sub-group's items or decisions for the parent body (hidden kind and id)."""

    kind = HiddenField(validators=[validators.AnyOf(["item", "decision"], message="Choose an item or a decision")])
    record_id = IntegerField(
        validators=[
            validators.InputRequired(message="Choose an item or a decision"),
            validators.NumberRange(min=1, max=2**31 - 1, message="Choose an item or a decision"),
        ]
    )
    note = StringField("Note for the Board (optional)", validators=[validators.Length(max=500)], widget=GovTextInput())
