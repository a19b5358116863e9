"""The admin's own account: change the password (ends every other session), add or remove the
second factor, see the sessions that are logged in and end them."""

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user

from blog.admin import bp, sessions, two_factor
from blog.admin.account_forms import PasswordChangeForm, PasswordConfirmForm, TwoFactorSetupForm
from blog.admin.forms import ConfirmForm
from blog.admin.passwords import password_problem
from blog.extensions import db
from blog.site_settings import site_setting

SETUP_KEY = "totp_setup"  # the secret being enrolled, until a code from it is confirmed
# (what a User-Agent contains, what to call it), first match wins.
_BROWSERS = (("Edg/", "Edge"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"),
             ("Safari/", "Safari"), ("curl/", "curl"))
_SYSTEMS = (("Android", "Android"), ("iPhone", "iOS"), ("iPad", "iPadOS"),
            ("Windows", "Windows"), ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"),
            ("Linux", "Linux"))


@bp.app_template_filter("browser")
def browser_name(user_agent: str) -> str:
    """"Chrome on Linux" from a User-Agent header, for the list of sessions."""
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), "A browser")
    system = next((name for mark, name in _SYSTEMS if mark in user_agent), None)
    return f"{browser} on {system}" if system else browser


def _page(status: int = 200, **forms):
    user = current_user._get_current_object()
    return render_template(
        "admin/account.html", section="account", user=user,
        password_form=forms.get("password_form") or PasswordChangeForm(formdata=None),
        confirm_form=forms.get("confirm_form") or PasswordConfirmForm(formdata=None),
        sessions_form=ConfirmForm(formdata=None),
        live_sessions=sessions.live_sessions(user.id),
        this_session=sessions.current_session_id(),
        recovery_left=two_factor.unused_recovery_codes(user) if user.totp_secret else 0,
    ), status


@bp.get("/account/")
def account():
    return _page()


@bp.post("/account/password")
def change_password():
    form = PasswordChangeForm()
    user = current_user._get_current_object()
    if form.validate():
        if not user.check_password(form.current_password.data):
            form.current_password.errors = ["That is not your current password."]
        elif problem := password_problem(form.new_password.data, user.username):
            form.new_password.errors = [problem]
        else:
            user.set_password(form.new_password.data)
            db.session.commit()
            ended = sessions.end_sessions(user.id)
            sessions.start_session(user)  # this browser goes on with a new session
            flash(f"Password changed. {_sessions_ended(ended - 1)}", "success")
            return redirect(url_for("admin.account"), 303)
    return _page(422, password_form=form)


@bp.post("/account/sessions/end-others")
def end_other_sessions():
    ConfirmForm().validate_on_submit()  # CSRF is checked before the view; nothing else to read
    ended = sessions.end_sessions(current_user.id, keep=sessions.current_session_id())
    flash(_sessions_ended(ended), "success")
    return redirect(url_for("admin.account"), 303)


def _sessions_ended(count: int) -> str:
    if count <= 0:
        return "No other session was logged in."
    return f"{count} other session{'s' if count != 1 else ''} logged out."


@bp.route("/account/two-factor", methods=["GET", "POST"])
def two_factor_setup():
    user = current_user._get_current_object()
    if user.totp_secret:
        return redirect(url_for("admin.account"), 303)
    secret = session.get(SETUP_KEY)
    if request.method == "GET" or not isinstance(secret, str):
        secret = session[SETUP_KEY] = two_factor.new_secret()
    form = TwoFactorSetupForm()
    if request.method == "POST" and form.validate():
        if two_factor.code_fits_secret(secret, form.code.data):
            codes = two_factor.enrol(user, secret)
            session.pop(SETUP_KEY, None)
            return render_template("admin/recovery_codes.html", section="account", codes=codes,
                                   just_enrolled=True)
        form.code.errors = ["That code does not match. Check the time on your phone and enter "
                            "the code it shows now."]
    uri, qr = two_factor.provisioning(secret, user.username, site_setting("SITE_TITLE"))
    status = 422 if request.method == "POST" else 200
    return render_template("admin/two_factor_setup.html", section="account", form=form,
                           secret=secret, uri=uri, qr=qr), status


def _password_confirmed(form: PasswordConfirmForm) -> bool:
    if not form.validate():
        return False
    if not current_user.check_password(form.current_password.data):
        form.current_password.errors = ["That is not your current password."]
        return False
    return True


@bp.post("/account/two-factor/remove")
def two_factor_remove():
    form = PasswordConfirmForm()
    if not _password_confirmed(form):
        return _page(422, confirm_form=form)
    two_factor.remove(current_user._get_current_object())
    current_app.logger.info("admin second factor removed for %r", current_user.username)
    flash("Two-step login is off. Logging in asks only for your password.", "success")
    return redirect(url_for("admin.account"), 303)


@bp.post("/account/recovery-codes")
def recovery_codes_renew():
    form = PasswordConfirmForm()
    user = current_user._get_current_object()
    if not user.totp_secret or not _password_confirmed(form):
        return _page(422, confirm_form=form)
    codes = two_factor.renew_recovery_codes(user)
    return render_template("admin/recovery_codes.html", section="account", codes=codes,
                           just_enrolled=False)
