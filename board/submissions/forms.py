"""Forms: opening a round, writing an update (one long form in sections), returning one."""

import re

import sqlalchemy as sa
from flask_wtf.file import MultipleFileField
from govuk_frontend_wtf.wtforms_widgets import GovFileInput
from wtforms import (
    BooleanField,
    DateField,
    Form,
    FormField,
    HiddenField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    validators,
)

from board.agendas.files import ALLOWED_LABEL, PaperRejected, check_paper, format_size
from board.agendas.papers import max_paper_bytes
from board.common.forms import (
    BaseForm,
    GovCheckboxesInput,
    GovCheckboxInput,
    GovDateInput,
    GovTextArea,
    GovTextInput,
    MarkdownLines,
    strip,
)
from board.extensions import db
from board.people.models import Organisation
from board.submissions.models import DEFAULT_FIGURES, PRIORITIES, THEMES
from board.submissions.services import MARKDOWN_FIELDS

TEXT_MAX = 20_000


def _date(label: str, message: str) -> DateField:
    return DateField(
        label,
        format="%d %m %Y",
        widget=GovDateInput(),
        description="For example, 27 3 2027",
        validators=[validators.InputRequired(message=message)],
    )


def figure_key(label: str) -> str:
    """A stable key for a figure's label, so the same figure links rounds over time."""
    return re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")[:40]


def _typed_key(label: str) -> str:
    """The key of a typed figure: a default figure's own key when its name is typed out."""
    for key, default_label in DEFAULT_FIGURES:
        if label.casefold() == default_label.casefold():
            return key
    return figure_key(label)


class RoundForm(BaseForm):
    """The secretariat opens a round: who is asked, by when, for which period and figures."""

    organisation_ids = SelectMultipleField(
        "Organisations asked for an update",
        widget=GovCheckboxesInput(),
        validators=[validators.InputRequired(message="Choose at least one organisation to ask")],
    )
    deadline = _date("Deadline", "Enter the deadline")
    period_from = _date("Reporting period from", "Enter the start of the reporting period")
    period_to = _date("Reporting period to", "Enter the end of the reporting period")
    figures = SelectMultipleField(
        "Figures asked for",
        choices=DEFAULT_FIGURES,
        widget=GovCheckboxesInput(),
        validators=[validators.Optional()],
    )
    other_figures = TextAreaField(
        "Other figures (optional)",
        widget=GovTextArea(),
        description="One figure a line, for example Drug checking samples tested",
        validators=[validators.Length(max=2000)],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rows = db.session.execute(sa.select(Organisation.id, Organisation.name).order_by(Organisation.name)).all()
        self.organisation_ids.choices = [(str(i), n) for i, n in rows]

    def validate_period_to(self, field):
        if field.data and self.period_from.data and field.data < self.period_from.data:
            raise validators.ValidationError("The end of the reporting period must be on or after its start")

    def validate_other_figures(self, field):
        """Each typed figure needs a name of its own: not one ticked above, nor typed twice."""
        ticked = {key: label for key, label in DEFAULT_FIGURES if key in (self.figures.data or [])}
        seen: dict[str, str] = {}
        for line in self.extra_figure_labels():
            if len(line) > 200:
                raise validators.ValidationError("Each figure's name must be 200 characters or fewer")
            key = _typed_key(line)
            if not key:
                raise validators.ValidationError(f"‘{line}’ needs letters or numbers in its name")
            if key in ticked:
                raise validators.ValidationError(
                    f"‘{line}’ is already asked for ({ticked[key]}, ticked above): remove it from other figures"
                )
            if key in seen:
                same = (
                    "is typed twice"
                    if seen[key].casefold() == line.casefold()
                    else f"and ‘{seen[key]}’ are the same figure"
                )
                raise validators.ValidationError(f"‘{line}’ {same}: give each figure once, with a name of its own")
            seen[key] = line

    def validate_figures(self, field):
        if not field.data and not self.extra_figure_labels():
            raise validators.ValidationError("Choose at least one figure, or type one under other figures")

    def extra_figure_labels(self) -> list[str]:
        return [line.strip() for line in (self.other_figures.data or "").splitlines() if line.strip()]

    def figure_pairs(self) -> list[tuple[str, str]]:
        """(key, label) for each figure asked for, defaults first, without duplicates."""
        labels = dict(DEFAULT_FIGURES)
        pairs = [(key, labels[key]) for key, _ in DEFAULT_FIGURES if key in (self.figures.data or [])]
        for label in self.extra_figure_labels():
            key = _typed_key(label)
            if all(k != key for k, _ in pairs):
                pairs.append((key, label))
        return pairs


def _figure_form(label: str):
    """A sub-form for one figure; its messages name the figure."""

    lower = label[:1].lower() + label[1:]  # "Test on Arrest" keeps its capitals

    class FigureForm(Form):
        value = StringField(label, widget=GovTextInput(), filters=[strip], description="A whole number, for example 42")
        is_not_available = BooleanField(f"{label} is not available", widget=GovCheckboxInput())
        reason = TextAreaField(
            f"Why is the number of {lower} not available?",
            widget=GovTextArea(),
            filters=[strip],
            validators=[validators.Length(max=2000)],
        )

        def check(self, *, complete: bool) -> None:
            """Add errors for this figure; a draft only needs what was typed to be valid."""
            raw = self.value.data or ""
            if raw:
                if not re.fullmatch(r"-?\d+", raw.replace(",", "")):
                    self.value.errors.append(f"{label} must be a whole number, like 42")
                elif int(raw.replace(",", "")) < 0:
                    self.value.errors.append(f"{label} must be 0 or more")
                elif int(raw.replace(",", "")) > 10_000_000:
                    self.value.errors.append(f"{label} must be 10,000,000 or fewer")
            if self.is_not_available.data and raw:
                self.value.errors.append(f"Either enter {lower} or say it is not available, not both")
            if complete:
                if not raw and not self.is_not_available.data:
                    self.value.errors.append(f"Enter {lower}, or say it is not available and why")
                if self.is_not_available.data and not self.reason.data:
                    self.reason.errors.append(f"Say why {lower} is not available")

        @property
        def number(self) -> int | None:
            raw = (self.value.data or "").replace(",", "")
            return int(raw) if raw else None

    return FigureForm


def _text(label: str, hint: str) -> TextAreaField:
    return TextAreaField(
        label,
        widget=GovTextArea(),
        description=hint,
        validators=[
            validators.Length(max=TEXT_MAX, message=f"{label} must be {TEXT_MAX:,} characters or fewer"),
            MarkdownLines(label),
        ],
    )


def _nothing(label: str) -> BooleanField:
    return BooleanField(f"Nothing to report on {label[:1].lower()}{label[1:]}", widget=GovCheckboxInput())


# What a section's empty box asks for on submission, and what "both" means, in the section's words.
_SECTION_ASKS = {
    "progress": "progress since the last meeting",
    "risks": "risks and issues",
    "asks": "asks of the Board",
    "good_practice": "good practice to share",
}


class UpdateFormBase(BaseForm):
    """Fields every update has; figure sub-forms are added per round by update_form_class.

    One multipart form: the text, the figures, files to add and files to remove are
    saved together, so nothing typed is lost to an upload.
    """

    class Meta:
        def bind_field(self, form, unbound_field, options):
            # Sub-forms strip their own fields; WTForms refuses filters on a FormField.
            if unbound_field.field_class is FormField:
                return unbound_field.bind(form=form, **options)
            return BaseForm.Meta.bind_field(self, form, unbound_field, options)

    version = HiddenField()
    # Which button was pressed: "draft" (save and come back) or "submit".
    action = HiddenField()
    progress = _text("Progress since the last meeting", "You can use markdown: **bold**, lists with -, links")
    progress_none = _nothing("Progress since the last meeting")
    risks = _text("Risks and issues", "What could stop progress, and what you are doing about it")
    risks_none = _nothing("Risks and issues")
    asks = _text("Asks of the Board", "What you need the Board or its partners to do")
    asks_none = _nothing("Asks of the Board")
    good_practice = _text("Good practice to share", "What worked that others could use")
    good_practice_none = _nothing("Good practice to share")
    priorities = SelectMultipleField(
        "Police and Crime Plan priorities this supports",
        choices=PRIORITIES,
        widget=GovCheckboxesInput(),
        validators=[validators.Optional()],
    )
    themes = SelectMultipleField(
        "Cross-cutting themes this supports",
        choices=THEMES,
        widget=GovCheckboxesInput(),
        validators=[validators.Optional()],
    )
    new_files = MultipleFileField("Add supporting files (optional)", widget=GovFileInput(multiple=True))
    # Ticked files are removed when the form is saved; choices are the update's own files.
    remove_files = SelectMultipleField("Remove", choices=[], validate_choice=False, validators=[validators.Optional()])
    FIGURE_FIELDS: list[tuple[int, str]] = []

    def __init__(self, *args, files=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.remove_files.choices = [(str(f.id), f.filename) for f in files]
        self.new_files.description = f"{ALLOWED_LABEL}, up to {format_size(max_paper_bytes())} each."
        self.checked_files: list[tuple[object, bytes]] = []
        self._file_errors: list[str] | None = None

    def figure_forms(self):
        return [(figure_id, getattr(self, name)) for figure_id, name in self.FIGURE_FIELDS]

    def validate_remove_files(self, field):
        if set(field.data or []) - {value for value, _name in field.choices}:
            raise validators.ValidationError(
                "A file ticked to remove is not one of this update’s files: nothing was removed"
            )

    def check(self, *, complete: bool) -> bool:
        """Validate: a draft needs only valid input (figures typed are numbers, files are
        acceptable); a submission also needs every section and figure (see gaps)."""
        ok = self.validate()  # clears every field's errors, the file box's included
        if self._file_errors is None:
            self._check_files()  # an upload's stream is read once
        self.new_files.errors = [*self.new_files.errors, *self._file_errors]
        for name in MARKDOWN_FIELDS:
            text, none = getattr(self, name), getattr(self, f"{name}_none")
            if text.data and none.data:
                text.errors.append(f"Either write about {_SECTION_ASKS[name]} or tick ‘Nothing to report’, not both")
            elif complete and not text.data and not none.data:
                text.errors.append(f"Write about {_SECTION_ASKS[name]}, or tick ‘Nothing to report’")
        for _figure_id, field in self.figure_forms():
            field.form.check(complete=complete)
        return ok and not self.errors_present()

    def _check_files(self) -> None:
        """Each chosen file is checked as agenda papers are (type by content, size, archive bombs)."""
        limit = max_paper_bytes()
        self.checked_files, self._file_errors = [], []
        for upload in self.new_files.data or []:
            if upload is None or not getattr(upload, "filename", ""):
                continue  # the empty file box a browser always sends
            data = upload.stream.read(limit + 1)
            try:
                self.checked_files.append((check_paper(upload.filename, data, limit), data))
            except PaperRejected as error:
                self._file_errors.append(f"{upload.filename}: {error}")

    @property
    def chosen_file_names(self) -> list[str]:
        return [checked.filename for checked, _data in self.checked_files]

    def errors_present(self) -> bool:
        if any(f.errors for name, f in self._fields.items() if not name.startswith("fig_")):
            return True
        return any(
            sub.form.value.errors or sub.form.reason.errors or sub.form.is_not_available.errors
            for _i, sub in self.figure_forms()
        )

    def gap_count(self) -> int:
        """How many sections and figures the error summary lists."""
        return sum(bool(getattr(self, n).errors) for n in MARKDOWN_FIELDS) + sum(
            bool(sub.form.value.errors or sub.form.reason.errors) for _i, sub in self.figure_forms()
        )

    def content(self) -> dict:
        """The typed content as plain values for the services."""
        return {
            "progress": self.progress.data or "",
            "risks": self.risks.data or "",
            "asks": self.asks.data or "",
            "good_practice": self.good_practice.data or "",
            "nothing_to_report": [n for n in MARKDOWN_FIELDS if getattr(self, f"{n}_none").data],
            "priorities": list(self.priorities.data or []),
            "themes": list(self.themes.data or []),
            "figures": {
                figure_id: (sub.form.number, bool(sub.form.is_not_available.data), sub.form.reason.data or "")
                for figure_id, sub in self.figure_forms()
            },
        }

    def removed_file_ids(self) -> set[int]:
        return {int(v) for v in self.remove_files.data or []}


def update_form_class(round_figures) -> type[UpdateFormBase]:
    """A form class for a round: the shared fields plus one sub-form per figure asked for."""
    attrs = {"FIGURE_FIELDS": []}
    for figure in round_figures:
        name = f"fig_{figure.id}"
        attrs[name] = FormField(_figure_form(figure.label), label=figure.label)
        attrs["FIGURE_FIELDS"].append((figure.id, name))
    return type("UpdateForm", (UpdateFormBase,), attrs)


def update_form(update, *, posted: bool):
    """The update's form, filled from what was posted, or else from the saved update."""
    cls = update_form_class(update.round.figures)
    if posted:
        return cls(files=update.files)
    data = {
        "version": str(update.version),
        **{f"{name}_none": update.has_nothing_to_report(name) for name in MARKDOWN_FIELDS},
        "progress": update.progress,
        "risks": update.risks,
        "asks": update.asks,
        "good_practice": update.good_practice,
        "priorities": update.priorities or [],
        "themes": update.themes or [],
    }
    for figure_id, name in cls.FIGURE_FIELDS:
        saved = update.figure_for(figure_id)
        data[name] = {
            "value": "" if saved is None or saved.value is None else str(saved.value),
            "is_not_available": bool(saved and saved.is_not_available),
            "reason": saved.reason if saved else "",
        }
    return cls(formdata=None, data=data, files=update.files)


class ReturnForm(BaseForm):
    comment = TextAreaField(
        "What needs to change",
        widget=GovTextArea(),
        validators=[
            validators.InputRequired(message="Say what needs to change before you return the update"),
            validators.Length(max=5000),
        ],
    )
