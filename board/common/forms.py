"""Form pieces shared by every area: GOV.UK widgets on WTForms fields."""

from datetime import date

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovPasswordInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from govuk_frontend_wtf.wtforms_widgets import (
    GovDateInput as _GovDateInput,
)
from govuk_frontend_wtf.wtforms_widgets import (
    GovSelect as _GovSelect,
)
from markupsafe import Markup, escape
from wtforms import Field, IntegerField, validators
from wtforms.fields import EmailField, FieldList, FormField
from wtforms.widgets import HiddenInput

from board.common.markdown import MAX_LINES as MAX_MARKDOWN_LINES

__all__ = [
    "BaseForm",
    "ConfirmForm",
    "ConfirmSendingForm",
    "GovCheckboxesInput",
    "GovCheckboxInput",
    "DayMonthYearField",
    "GovDateInput",
    "GovEmailInput",
    "GovPasswordInput",
    "GovRadioInput",
    "GovSelect",
    "GovSubmitInput",
    "GovTextArea",
    "GovTextInput",
    "MarkdownLines",
    "email_field",
    "show_refusal",
    "strip",
]


class GovSelect(_GovSelect):
    """The GOV.UK select, written out directly for the usual parameters.

    The govuk-frontend-jinja macro costs about a millisecond per select (nested macro
    calls per option); filter forms show several on pages read many times a minute.
    Anything beyond label, hint, error, classes and plain options uses the macro.
    """

    _SIMPLE = {"id", "name", "label", "attributes", "hint", "errorMessage", "items", "classes"}

    def render(self, params):
        label, hint, error = params.get("label") or {}, params.get("hint"), params.get("errorMessage")
        if (
            set(params) - self._SIMPLE
            or params.get("attributes")
            or set(label) - {"text", "classes"}
            or (hint and set(hint) != {"text"})
            or (error and set(error) != {"text"})
            or any(set(item) - {"text", "value", "selected"} for item in params.get("items") or [])
        ):
            return super().render(params)
        id_ = params.get("id") or params["name"]
        described = []
        out = [
            f'<div class="govuk-form-group{" govuk-form-group--error" if error else ""}">',
            f'<label class="govuk-label{" " + escape(label["classes"]) if label.get("classes") else ""}" '
            f'for="{escape(id_)}">{escape(label.get("text", ""))}</label>',
        ]
        if hint:
            described.append(f"{id_}-hint")
            out.append(f'<div id="{escape(id_)}-hint" class="govuk-hint">{escape(hint["text"])}</div>')
        if error:
            described.append(f"{id_}-error")
            out.append(
                f'<p id="{escape(id_)}-error" class="govuk-error-message">'
                f'<span class="govuk-visually-hidden">Error:</span> {escape(error["text"])}</p>'
            )
        classes = (" " + escape(params["classes"]) if params.get("classes") else "") + (
            " govuk-select--error" if error else ""
        )
        aria = f' aria-describedby="{escape(" ".join(described))}"' if described else ""
        out.append(f'<select class="govuk-select{classes}" id="{escape(id_)}" name="{escape(params["name"])}"{aria}>')
        for item in params.get("items") or []:
            value = item.get("value", item.get("text"))
            value = str(value).lower() if isinstance(value, bool) else value
            out.append(
                f'<option value="{escape(value)}"{" selected" if item.get("selected") else ""}>'
                f"{escape(item.get('text', ''))}</option>"
            )
        out.append("</select></div>")
        return Markup("\n".join(out))

    def map_gov_params(self, field, **kwargs):
        """No ``required`` when the first option is a real choice: HTML allows it on a
        select only above a placeholder option (empty value), and there a choice is
        always made anyway. The server checks what was chosen."""
        params = super().map_gov_params(field, **kwargs)
        items = params.get("items") or []
        if items and items[0].get("value") not in (None, ""):
            params.get("attributes", {}).pop("required", None)
        return params


class GovDateInput(_GovDateInput):
    """The GOV.UK date input, tolerant of posts that lack some of the three boxes,
    without the invalid ``required`` on its wrapper."""

    _SIMPLE = {"id", "name", "label", "attributes", "hint", "errorMessage", "items", "fieldset", "value"}

    def map_gov_params(self, field, **kwargs):
        if field.raw_data is not None and len(field.raw_data) != 3:
            field.raw_data = [*field.raw_data, "", "", ""][:3]
        params = super().map_gov_params(field, **kwargs)
        # govuk-frontend-wtf puts a required field's ``required`` on the boxes' wrapper
        # div, where HTML has no such attribute; the server checks the date.
        params.get("attributes", {}).pop("required", None)
        return params

    def render(self, params):
        """The usual case written out directly (the macro costs a few ms per date);
        anything unusual goes to the GOV.UK macro."""
        hint, error, fieldset = params.get("hint"), params.get("errorMessage"), params.get("fieldset") or {}
        legend = fieldset.get("legend") or {}
        items = params.get("items") or []
        if (
            set(params) - self._SIMPLE
            or params.get("attributes")
            or set(fieldset) - {"legend"}
            or set(legend) - {"text", "classes"}
            or (hint and set(hint) != {"text"})
            or (error and set(error) != {"text"})
            or len(items) != 3
            or any(set(item) - {"label", "id", "name", "classes", "value"} for item in items)
        ):
            return super().render(params)
        id_ = params["id"]
        described = ([f"{id_}-hint"] if hint else []) + ([f"{id_}-error"] if error else [])
        aria = f' aria-describedby="{escape(" ".join(described))}"' if described else ""
        legend_classes = " " + escape(legend["classes"]) if legend.get("classes") else ""
        out = [
            f'<div class="govuk-form-group{" govuk-form-group--error" if error else ""}">',
            f'<fieldset class="govuk-fieldset" role="group"{aria}>',
            f'<legend class="govuk-fieldset__legend{legend_classes}">{escape(legend.get("text", ""))}</legend>',
        ]
        if hint:
            out.append(f'<div id="{escape(id_)}-hint" class="govuk-hint">{escape(hint["text"])}</div>')
        if error:
            out.append(
                f'<p id="{escape(id_)}-error" class="govuk-error-message">'
                f'<span class="govuk-visually-hidden">Error:</span> {escape(error["text"])}</p>'
            )
        out.append(f'<div class="govuk-date-input" id="{escape(id_)}">')
        for item in items:
            classes = " " + escape(item["classes"]) if item.get("classes") else ""
            out.append(
                f'<div class="govuk-date-input__item"><div class="govuk-form-group">'
                f'<label class="govuk-label govuk-date-input__label" for="{escape(item["id"])}">{escape(item["label"])}</label>'
                f'<input class="govuk-input govuk-date-input__input{classes}" id="{escape(item["id"])}" '
                f'name="{escape(item["name"])}" type="text" value="{escape(item.get("value") or "")}" inputmode="numeric">'
                f"</div></div>"
            )
        out.append("</div></fieldset></div>")
        return Markup("\n".join(out))


class DayMonthYearField(Field):
    """A date typed as day, month and year boxes, with GOV.UK's error messages.

    All boxes empty is no date (add InputRequired to demand one); some empty or an
    impossible date such as 31 2 2027 is an error that names the problem.
    """

    widget = GovDateInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("description", "For example, 27 3 2027")
        super().__init__(label, validators, **kwargs)

    def _value(self):
        return self.data.strftime("%d %m %Y") if self.data else ""

    def _name(self) -> str:
        return self.label.text.replace(" (optional)", "")

    def process_formdata(self, valuelist):
        parts = [str(v).strip() for v in valuelist][:3]
        if not any(parts):
            self.data = None
            return
        if len(parts) != 3 or not all(parts):
            self.data = None
            raise ValueError(f"{self._name()} must include a day, month and year")
        try:
            day, month, year = (int(p) for p in parts)
            if year < 1900 or year > 2200:
                raise ValueError
            self.data = date(year, month, day)
        except ValueError:
            self.data = None
            raise ValueError(f"{self._name()} must be a real date") from None


class GovEmailInput(GovTextInput):
    input_type = "email"


def strip(value):
    """Filter: trim text the user typed and drop NUL characters; leave other values alone.

    NUL has no meaning in typed text, and PostgreSQL refuses it in text columns (a 500).
    """
    return value.replace("\x00", "").strip() if isinstance(value, str) else value


class BaseForm(FlaskForm):
    """A form with CSRF protection that trims every text field."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            if issubclass(unbound_field.field_class, FieldList | FormField):
                return unbound_field.bind(form=form, **options)  # these take no filters
            filters = unbound_field.kwargs.get("filters", [])
            if strip not in filters:
                filters = [strip, *filters]
            return unbound_field.bind(form=form, filters=filters, **options)

    def process(self, formdata=None, obj=None, data=None, extra_filters=None, **kwargs):
        """Also trim what InputRequired looks at, so a box of spaces counts as empty."""
        super().process(formdata, obj, data=data, extra_filters=extra_filters, **kwargs)
        for field in self:
            raw = field.raw_data
            if raw and field.type != "PasswordField" and all(isinstance(v, str) for v in raw):
                field.raw_data = [v.strip() for v in raw]


class ConfirmForm(BaseForm):
    """An empty form: a CSRF token for a POST button (sign out, delete, send)."""


class ConfirmSendingForm(BaseForm):
    """The confirming POST of a mass e-mail: carries how many people the page named, so a list
    that changed in between (someone joined or left the body) is shown again, not sent."""

    recipients = IntegerField(widget=HiddenInput(), validators=[validators.Optional()])

    def list_changed(self, count: int) -> bool:
        """The page named a different number of people than would be e-mailed now."""
        return self.recipients.data is not None and self.recipients.data != count


def email_field(label: str = "Email address", **kwargs) -> EmailField:
    return EmailField(
        label,
        validators=[
            validators.InputRequired(message="Enter an email address"),
            validators.Length(max=254, message="Email address must be 254 characters or fewer"),
            validators.Email(message="Enter an email address in the correct format, like name@example.org"),
        ],
        widget=GovEmailInput(),
        **kwargs,
    )


def show_refusal(form, error) -> None:
    """Show a service's refusal against the field it names (``error.field``, or that name
    with ``_id``), so the error summary links to it; otherwise as a message on the page."""
    name = getattr(error, "field", None)
    field = None
    if name and form is not None:
        field = getattr(form, name, None) or getattr(form, f"{name}_id", None)
    if field is not None:
        field.errors = [*field.errors, str(error)]
    else:
        from flask import flash

        flash(str(error), "error")


class MarkdownLines:
    """A markdown field may have at most MAX_LINES lines: past them the renderer stops formatting.

    Rendering time grows with the number of lines as well as characters (each line may
    start a block), so the limit keeps the longest field under a second to render.
    """

    def __init__(self, name: str):
        self.name = name

    def __call__(self, form, field) -> None:
        lines = (field.data or "").count("\n") + 1
        if lines > MAX_MARKDOWN_LINES:
            raise validators.ValidationError(
                f"{self.name} must be {MAX_MARKDOWN_LINES:,} lines or fewer (it has {lines:,})"
            )
