"""Form pieces shared by every area: GOV.UK widgets on WTForms fields."""

from flask_wtf import FlaskForm
from datetime import date

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovDateInput as _GovDateInput,
    GovPasswordInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import Field, validators
from wtforms.fields import EmailField, FieldList, FormField

__all__ = [
    "BaseForm",
    "ConfirmForm",
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
    "email_field",
    "strip",
]


class GovDateInput(_GovDateInput):
    """The GOV.UK date input, tolerant of posts that lack some of the three boxes."""

    def map_gov_params(self, field, **kwargs):
        if field.raw_data is not None and len(field.raw_data) != 3:
            field.raw_data = [*field.raw_data, "", "", ""][:3]
        return super().map_gov_params(field, **kwargs)


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


class ConfirmForm(BaseForm):
    """An empty form: a CSRF token for a POST button (sign out, delete, send)."""


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
