"""Sign-in, password and reset forms."""

from wtforms import PasswordField, StringField, validators

from board.auth.passwords import MIN_LENGTH
from board.common.forms import BaseForm, GovPasswordInput, email_field


class SignInForm(BaseForm):
    email = email_field()
    password = PasswordField(
        "Password",
        validators=[validators.InputRequired(message="Enter your password")],
        widget=GovPasswordInput(),
    )


class ForgotPasswordForm(BaseForm):
    email = email_field()


def _new_password_field(label: str) -> PasswordField:
    return PasswordField(
        label,
        validators=[
            validators.InputRequired(message="Enter a new password"),
            validators.Length(
                min=MIN_LENGTH,
                max=256,
                message=f"Password must be between {MIN_LENGTH} and 256 characters",
            ),
        ],
        widget=GovPasswordInput(),
        description=f"At least {MIN_LENGTH} characters. A few unrelated words make a strong password.",
    )


class SetPasswordForm(BaseForm):
    password = _new_password_field("New password")
    confirm = PasswordField(
        "Confirm new password",
        validators=[
            validators.InputRequired(message="Confirm your new password"),
            validators.EqualTo("password", message="The passwords do not match"),
        ],
        widget=GovPasswordInput(),
    )


class ChangePasswordForm(SetPasswordForm):
    current = PasswordField(
        "Current password",
        validators=[validators.InputRequired(message="Enter your current password")],
        widget=GovPasswordInput(),
    )


class NextField(StringField):
    """Carries the page to return to after sign-in."""
