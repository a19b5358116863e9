"""Forms of the admin's own account: password, second factor, sessions."""

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length


class LoginCodeForm(FlaskForm):
    code = StringField("Code from your authenticator app, or a recovery code",
                       validators=[DataRequired("Enter the code."), Length(max=32)],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric",
                                  "autofocus": True, "spellcheck": "false"})


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(
        "Current password", validators=[DataRequired("Enter your current password."),
                                        Length(max=1024)],
        render_kw={"autocomplete": "current-password"})
    new_password = PasswordField(
        "New password", validators=[DataRequired("Enter a new password."), Length(max=1024)],
        render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(
        "New password again", validators=[DataRequired("Type the new password again."),
                                          EqualTo("new_password", "The two do not match.")],
        render_kw={"autocomplete": "new-password"})


class TwoFactorSetupForm(FlaskForm):
    code = StringField("Code the app shows now",
                       validators=[DataRequired("Enter the code."), Length(max=32)],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric",
                                  "spellcheck": "false"})


class PasswordConfirmForm(FlaskForm):
    """A change that weakens the login (removing the second factor) asks for the password."""

    current_password = PasswordField(
        "Current password", validators=[DataRequired("Enter your current password."),
                                        Length(max=1024)],
        render_kw={"autocomplete": "current-password"})
