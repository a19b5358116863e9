"""Site settings stored in the database (blog.site_settings) and edited here."""

from zoneinfo import available_timezones

from flask import flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from blog.admin import bp
from blog.admin.forms import as_choices
from blog.site_settings import all_site_settings, save_site_settings

# form field -> setting key
FIELDS = {
    "title": "SITE_TITLE", "tagline": "SITE_TAGLINE", "description": "SITE_DESCRIPTION",
    "timezone": "SITE_TIMEZONE", "posts_per_page": "POSTS_PER_PAGE",
    "comments_per_page": "COMMENTS_PER_PAGE", "hold_first_time": "COMMENTS_HOLD_FIRST_TIME",
    "max_links": "COMMENTS_MAX_LINKS", "disallowed": "COMMENTS_DISALLOWED",
    "admin_email": "ADMIN_EMAIL", "notify_held": "NOTIFY_HELD_COMMENTS",
    "notify_published": "NOTIFY_PUBLISHED_COMMENTS",
}


class SettingsForm(FlaskForm):
    title = StringField("Site title", validators=[DataRequired(), Length(max=200)])
    tagline = StringField("Tagline", validators=[Length(max=300)])
    description = TextAreaField("Description (for search engines and feeds)",
                                validators=[Length(max=1000)], render_kw={"rows": 2})
    timezone = SelectField("Timezone")
    posts_per_page = IntegerField("Posts per page", validators=[NumberRange(1, 100)])
    comments_per_page = IntegerField("Comments per page", validators=[NumberRange(1, 500)])
    hold_first_time = BooleanField("Hold a first-time commenter's comment for moderation")
    max_links = IntegerField("Hold a comment for moderation if it has more links than",
                             validators=[NumberRange(0, 100)])
    disallowed = TextAreaField("Disallowed comment words, emails and IP hashes",
                               validators=[Length(max=100_000)], render_kw={"rows": 8})
    admin_email = StringField(
        "Admin's email address", filters=[lambda value: value.strip() if value else value],
        validators=[Optional(), Email("Enter a valid email address."), Length(max=254)],
        render_kw={"autocomplete": "email", "type": "email"})
    notify_held = BooleanField("Email me when a comment is held for moderation")
    notify_published = BooleanField("Email me when a comment is published")


def _timezones() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(available_timezones())
            if "/" in name or name == "UTC"]


@bp.route("/settings", methods=["GET", "POST"])
def edit_settings():
    current = all_site_settings()
    if request.method == "GET":
        form = SettingsForm(data={field: current[key] for field, key in FIELDS.items()})
    else:
        form = SettingsForm()
    form.timezone.choices = as_choices(_timezones())
    if request.method == "POST" and form.validate():
        values = {key: form[field].data for field, key in FIELDS.items()}
        for flag in ("COMMENTS_HOLD_FIRST_TIME", "NOTIFY_HELD_COMMENTS",
                     "NOTIFY_PUBLISHED_COMMENTS"):
            values[flag] = bool(values[flag])
        values["ADMIN_EMAIL"] = values["ADMIN_EMAIL"] or ""
        values["COMMENTS_DISALLOWED"] = "\n".join(
            line.strip() for line in (values["COMMENTS_DISALLOWED"] or "").splitlines()
            if line.strip())
        save_site_settings(values)
        flash("Settings saved.", "success")
        return redirect(url_for("admin.edit_settings"), 303)
    return render_template("admin/settings.html", form=form, section="settings"), (
        422 if form.errors else 200)
