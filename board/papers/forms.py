"""Forms of the cover papers area. The paper's form is built per paper from the sections
it copied from its template: one markdown box per text section, with its guidance."""

import re

from wtforms import (
    BooleanField,
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
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
    MarkdownLines,
)
from board.papers.models import Outcome
from board.papers.plan import PRIORITIES, THEMES
from board.papers.services import MAX_SECTION_CHARS

_NUMBERED = re.compile(r"^\s*(?:\d+[.)]|[-*•·])\s*")


def recommendation_lines(text: str | None) -> list[str]:
    """One recommendation per line; a number or bullet typed in front is dropped."""
    return [_NUMBERED.sub("", line).strip() for line in (text or "").splitlines() if line.strip()]


class PaperFormBase(BaseForm):
    """The fields every cover paper has; the section boxes are added per paper."""

    title = StringField(
        "Title",
        widget=GovTextInput(),
        validators=[validators.Length(max=200, message="The title must be 200 characters or fewer")],
    )
    produced_by = StringField(
        "Report produced by",
        widget=GovTextInput(),
        description="The organisation that wrote the attached report, for example West Yorkshire Police.",
        validators=[validators.Length(max=200, message="The organisation must be 200 characters or fewer")],
    )
    recommendations = TextAreaField(
        "Recommendations",
        widget=GovTextArea(),
        validators=[
            validators.Length(max=MAX_SECTION_CHARS, message="The recommendations are too long"),
            MarkdownLines("The recommendations"),
        ],
    )
    priorities = SelectMultipleField(
        "Priorities of the plan", choices=PRIORITIES, widget=GovCheckboxesInput(), validate_choice=True
    )
    themes = SelectMultipleField(
        "Cross-cutting themes", choices=THEMES, widget=GovCheckboxesInput(), validate_choice=True
    )
    contact_name = StringField(
        "Contact’s name",
        widget=GovTextInput(),
        validators=[validators.Length(max=200, message="The contact’s name must be 200 characters or fewer")],
    )
    contact_email = StringField(
        "Contact’s e-mail address",
        widget=GovTextInput(),
        validators=[
            validators.Optional(),
            validators.Length(max=254, message="The e-mail address must be 254 characters or fewer"),
            validators.Email(message="Enter the e-mail address in the correct format, like name@example.org"),
        ],
    )
    base_revision = IntegerField(
        widget=HiddenInput(), validators=[validators.InputRequired(message="Reload the page and try again")]
    )
    save = SubmitField("Save draft", widget=GovSubmitInput())
    send = SubmitField("Save and send for review", widget=GovSubmitInput())

    section_keys: list[str] = []

    def values(self) -> dict:
        return {
            "title": self.title.data,
            "produced_by": self.produced_by.data,
            "texts": {key: getattr(self, f"section_{key}").data or "" for key in self.section_keys},
            "recommendations": recommendation_lines(self.recommendations.data),
            "alignment": list(self.priorities.data or []) + list(self.themes.data or []),
            "contact_name": self.contact_name.data,
            "contact_email": self.contact_email.data,
        }

    def fill(self, paper) -> None:
        content = paper.content or {}
        self.title.data = paper.title
        self.produced_by.data = content.get("produced_by", "")
        self.recommendations.data = "\n".join(content.get("recommendations") or [])
        chosen = set(content.get("alignment") or [])
        self.priorities.data = [k for k, _ in PRIORITIES if k in chosen]
        self.themes.data = [k for k, _ in THEMES if k in chosen]
        contact = content.get("contact") or {}
        self.contact_name.data, self.contact_email.data = contact.get("name", ""), contact.get("email", "")
        for key in self.section_keys:
            getattr(self, f"section_{key}").data = (content.get("texts") or {}).get(key, "")
        self.base_revision.data = paper.revision


def paper_form(paper, **kwargs) -> PaperFormBase:
    """The form for this paper: a markdown box for each of its text sections, in order."""
    sections = [s for s in (paper.content or {}).get("sections") or [] if s["kind"] in ("text", "plan")]

    class PaperForm(PaperFormBase):
        pass

    for spec in sections:
        label = spec["heading"] if spec["kind"] == "text" else f"{spec['heading']}: how the topic fits the plan"
        setattr(
            PaperForm,
            f"section_{spec['key']}",
            TextAreaField(
                label,
                widget=GovTextArea(),
                description=spec.get("guidance", ""),
                validators=[
                    validators.Length(
                        max=MAX_SECTION_CHARS,
                        message=f"{spec['heading']} must be {MAX_SECTION_CHARS:,} characters or fewer",
                    ),
                    MarkdownLines(spec["heading"]),
                ],
            ),
        )
    PaperForm.section_keys = [s["key"] for s in sections]
    return PaperForm(**kwargs)


class StartPaperForm(BaseForm):
    """Secretariat: who writes the item's cover paper, and an earlier paper to start from."""

    author = SelectField(
        "Author",
        coerce=int,
        widget=GovSelect(),
        description="Anyone with an account: they may write and send it for review; you clear it.",
        validators=[validators.InputRequired(message="Choose who writes the paper")],
    )
    copy_from = SelectField(
        "Start as a copy of",
        coerce=int,
        widget=GovSelect(),
        description="Optional: an earlier cover paper whose words to start from.",
        validators=[validators.Optional()],
    )


class ReviewForm(BaseForm):
    """Secretariat: clear the paper, or return it to the author; an optional comment either way."""

    comment = TextAreaField(
        "Comment to the author (optional)",
        widget=GovTextArea(),
        description="Shown to the author on their home page.",
        validators=[validators.Length(max=2000, message="The comment must be 2,000 characters or fewer")],
    )
    clear = SubmitField("Clear the paper", widget=GovSubmitInput())
    send_back = SubmitField("Return to the author as a draft", widget=GovSubmitInput())


class OutcomeForm(BaseForm):
    """Secretariat: what the meeting decided on one recommendation."""

    number = IntegerField(
        widget=HiddenInput(), validators=[validators.InputRequired(message="Choose a recommendation")]
    )
    outcome = RadioField(
        "Outcome",
        choices=[(o.value, o.label) for o in Outcome],
        widget=GovRadioInput(),
        validators=[validators.InputRequired(message="Choose the outcome")],
    )
    amended = TextAreaField(
        "The recommendation as amended",
        widget=GovTextArea(),
        description="Only for “agreed as amended”.",
        validators=[validators.Length(max=2000, message="The amended text must be 2,000 characters or fewer")],
    )


class TemplateSectionForm(BaseForm):
    """Secretariat: a section of a body's cover paper template."""

    heading = StringField(
        "Heading",
        widget=GovTextInput(),
        validators=[
            validators.InputRequired(message="Enter the section’s heading"),
            validators.Length(max=120, message="The heading must be 120 characters or fewer"),
        ],
    )
    guidance = TextAreaField(
        "Guidance for authors",
        widget=GovTextArea(),
        validators=[validators.Length(max=2000, message="The guidance must be 2,000 characters or fewer")],
    )
    is_required = BooleanField("Authors must write this section", widget=GovCheckboxInput())


class GlossaryForm(BaseForm):
    """Secretariat: an acronym and what it stands for."""

    acronym = StringField(
        "Acronym",
        widget=GovTextInput(),
        validators=[
            validators.InputRequired(message="Enter the acronym"),
            validators.Length(max=20, message="The acronym must be 20 characters or fewer"),
            validators.Regexp(r"^[A-Za-z0-9&]+$", message="The acronym must be letters and numbers only"),
        ],
    )
    meaning = StringField(
        "What it stands for",
        widget=GovTextInput(),
        validators=[
            validators.InputRequired(message="Enter what the acronym stands for"),
            validators.Length(max=200, message="The meaning must be 200 characters or fewer"),
        ],
    )
