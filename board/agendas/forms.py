"""Forms for agenda items, standing items and papers."""

import sqlalchemy as sa
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    validators,
)

from board.agendas.files import ALLOWED_LABEL, PaperRejected, check_paper, format_size
from board.agendas.models import ItemKind, Purpose
from board.agendas.papers import max_paper_bytes
from board.common.forms import (
    BaseForm,
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovTextArea,
    GovTextInput,
    MarkdownLines,
)
from board.extensions import db
from board.people.models import Organisation, User

try:  # govuk-frontend-wtf ships a GOV.UK file input widget
    from govuk_frontend_wtf.wtforms_widgets import GovFileInput
except ImportError:  # pragma: no cover
    GovFileInput = None

MAX_MINUTES = 8 * 60


def _choices(pairs) -> list[tuple[str, str]]:
    return list(pairs)


class ItemForm(BaseForm):
    """An agenda item (also used, without the carry-forward box, for a standing item)."""

    title = StringField(
        "Title",
        widget=GovTextInput(),
        validators=[
            validators.InputRequired(message="Enter a title for the item"),
            validators.Length(max=200, message="Title must be 200 characters or fewer"),
        ],
    )
    description = TextAreaField(
        "Description (optional)",
        widget=GovTextArea(),
        description="You can use Markdown: **bold**, lists starting with -, links.",
        validators=[
            validators.Length(max=20_000, message="Description must be 20,000 characters or fewer"),
            MarkdownLines("Description"),
        ],
    )
    purpose = RadioField(
        "Purpose",
        widget=GovRadioInput(),
        choices=_choices((p.value, p.label) for p in Purpose),
        validators=[validators.InputRequired(message="Choose the item's purpose")],
    )
    duration_minutes = IntegerField(
        "Duration in minutes",
        widget=GovTextInput(),
        validators=[
            validators.InputRequired(message="Enter the item's duration in minutes, as a whole number"),
            validators.NumberRange(
                min=1, max=MAX_MINUTES, message="Duration must be between 1 minute and 8 hours (480 minutes)"
            ),
        ],
    )
    presenter_user_id = SelectField("Presenter (person, optional)", widget=GovSelect(), validate_choice=True)
    presenter_organisation_id = SelectField(
        "Presenter (organisation, optional)",
        widget=GovSelect(),
        validate_choice=True,
        description="District updates have the district here; partner updates are matched to the item by it.",
    )
    kind = SelectField("Kind of item", widget=GovSelect(), choices=_choices((k.value, k.label) for k in ItemKind))
    is_confidential = BooleanField(
        "Confidential (members only; left out of anything public)", widget=GovCheckboxInput()
    )
    is_carried_forward = BooleanField("Carry forward to the next meeting's agenda", widget=GovCheckboxInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        people = db.session.execute(
            sa.select(User.id, User.name).where(User.is_enabled.is_(True)).order_by(User.name)
        ).all()
        orgs = db.session.execute(sa.select(Organisation.id, Organisation.name).order_by(Organisation.name)).all()
        self.presenter_user_id.choices = _choices([("", "No one named")] + [(str(i), n) for i, n in people])
        self.presenter_organisation_id.choices = _choices([("", "No organisation")] + [(str(i), n) for i, n in orgs])

    def fill(self, item) -> None:
        """Show an existing item (on GET)."""
        self.process(obj=item)
        self.presenter_user_id.data = str(item.presenter_user_id or "")
        self.presenter_organisation_id.data = str(item.presenter_organisation_id or "")

    def values(self, *, with_carry_forward: bool = True) -> dict:
        """What the service needs, with presenters as rows."""
        values = {
            "title": self.title.data,
            "description": self.description.data or "",
            "purpose": self.purpose.data,
            "duration_minutes": self.duration_minutes.data,
            "kind": self.kind.data,
            "is_confidential": bool(self.is_confidential.data),
            "presenter_user": db.session.get(User, int(self.presenter_user_id.data))
            if self.presenter_user_id.data
            else None,
            "presenter_organisation": (
                db.session.get(Organisation, int(self.presenter_organisation_id.data))
                if self.presenter_organisation_id.data
                else None
            ),
        }
        if with_carry_forward:
            values["is_carried_forward"] = bool(self.is_carried_forward.data)
        return values


class PaperForm(BaseForm):
    """Upload a paper (a new one, or a new version of one)."""

    title = StringField(
        "Paper title (optional)",
        widget=GovTextInput(),
        description="Leave blank to use the file name.",
        validators=[validators.Length(max=200, message="Paper title must be 200 characters or fewer")],
    )
    file = FileField("File", description="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if GovFileInput is not None:
            self.file.widget = GovFileInput()
        self.file.description = f"{ALLOWED_LABEL}, up to {format_size(max_paper_bytes())}."
        self.checked = None
        self.file_bytes = b""

    def validate_file(self, field) -> None:
        """The file must be there, not empty, not too big, and what its name says it is."""
        upload = field.data
        if upload is None or not getattr(upload, "filename", ""):
            raise validators.StopValidation("Select a file to upload")
        limit = max_paper_bytes()
        data = upload.stream.read(limit + 1)
        try:
            self.checked = check_paper(upload.filename, data, limit)
        except PaperRejected as error:
            raise validators.StopValidation(str(error)) from None
        self.file_bytes = data


class PackUpdatesForm(BaseForm):
    """Secretariat: which handed-in updates not yet accepted the pack prints anyway (marked as such)."""

    update_ids = SelectMultipleField(
        "Print these updates in the pack, marked “not yet accepted”",
        coerce=int,
        widget=GovCheckboxesInput(),
        validators=[validators.Optional()],
    )

    def set_choices(self, updates) -> None:
        self.update_ids.choices = [
            (u.id, f"{u.organisation.name} ({u.status_label.lower()}{', late' if u.is_late else ''})") for u in updates
        ]
