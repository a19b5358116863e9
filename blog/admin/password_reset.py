""""Forgot your password?": /admin/forgot-password sends the reset link, /admin/reset-password/
<token> sets the new password. Both are open to anonymous visitors (the login's own doors),
rate limited per address and for the whole site."""

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from blog.admin import bp
from blog.admin.passwords import password_problem
from blog.admin.services import password_reset
from blog.extensions import db, limiter

SITE_WIDE_LIMIT = "20 per hour"  # the admin's inbox, whatever the number of addresses asking
EXPIRED = "This link has expired or was already used. Ask for a new one below."


class ForgotPasswordForm(FlaskForm):
    who = StringField("Username or email address", validators=[DataRequired(), Length(max=254)],
                      render_kw={"autocomplete": "username", "autofocus": True})


class NewPasswordForm(FlaskForm):
    password = PasswordField("New password", validators=[DataRequired(), Length(max=1024)],
                             render_kw={"autocomplete": "new-password"})
    again = PasswordField("New password again", validators=[
        DataRequired(), EqualTo("password", "The two passwords differ.")],
        render_kw={"autocomplete": "new-password"})


def _reset_limit() -> str:
    return current_app.config["PASSWORD_RESET_RATE_LIMIT"]


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"], scope="password-reset-ip")
@limiter.limit(SITE_WIDE_LIMIT, methods=["POST"], key_func=lambda: "all",
               scope="password-reset-site")
def forgot_password():
    form = ForgotPasswordForm()
    if request.method == "POST":
        if not form.validate():
            return render_template("admin/forgot_password.html", form=form), 422
        password_reset.request_reset(form.who.data)
        db.session.commit()
        return render_template("admin/forgot_password.html", form=None, sent=True)
    return render_template("admin/forgot_password.html", form=form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    user = password_reset.user_for_token(token)
    if user is None:
        return render_template("admin/forgot_password.html", form=ForgotPasswordForm(),
                               error=EXPIRED), 404
    form = NewPasswordForm()
    status = 200
    if request.method == "POST":
        valid = form.validate()
        if form.csrf_token.errors:
            abort(400)
        problem = password_problem(form.password.data, user.username) if valid else None
        if valid and problem is None:
            password_reset.set_new_password(user, form.password.data)
            logout_user()
            session.clear()
            flash("Your password is changed. Log in with the new one.", "success")
            return redirect(url_for("admin.login"), 303)
        if problem:
            form.password.errors = [problem]
        status = 422
    return render_template("admin/reset_password.html", form=form, token=token), status
