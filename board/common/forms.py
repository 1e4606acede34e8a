"""Form pieces shared by every area: GOV.UK widgets on WTForms fields."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovDateInput,
    GovPasswordInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import validators
from wtforms.fields import EmailField

__all__ = [
    "BaseForm",
    "ConfirmForm",
    "GovCheckboxesInput",
    "GovCheckboxInput",
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


class GovEmailInput(GovTextInput):
    input_type = "email"


def strip(value):
    """Filter: trim text the user typed; leave other values alone."""
    return value.strip() if isinstance(value, str) else value


class BaseForm(FlaskForm):
    """A form with CSRF protection that trims every text field."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
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
