"""Admin forms. Every one is a FlaskForm, so CSRF is checked on every POST."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from blog.comments.forms import comment_markup, web_address


def as_choices(pairs) -> list[SelectChoice]:
    """Services hand back (value, label) pairs; WTForms 3.3 wants SelectChoice objects."""
    return [SelectChoice(value, label) for value, label in pairs]


POST_STATUS_CHOICES = as_choices([("draft", "Draft"), ("published", "Published"),
                                  ("scheduled", "Scheduled")])
POST_TYPE_CHOICES = as_choices([("post", "Post"), ("page", "Page")])
VISIBILITY_CHOICES = as_choices([("public", "Public"),
                                 ("private", "Private: only you, when logged in"),
                                 ("password", "Password protected")])
NONE_CHOICE = SelectChoice(0, "— None —")


class LoginForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired(), Length(max=150)],
                           render_kw={"autocomplete": "username", "autofocus": True})
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1024)],
                             render_kw={"autocomplete": "current-password"})


class ConfirmForm(FlaskForm):
    """A button that changes state (logout, delete, restore): only the CSRF token."""


class PostForm(FlaskForm):
    type = SelectField("Type", choices=POST_TYPE_CHOICES, default="post")
    title = StringField("Title", validators=[DataRequired(), Length(max=300)])
    slug = StringField("Slug", validators=[Optional(), Length(max=200)])
    body = TextAreaField("Body", validators=[Length(max=1_000_000)],
                         render_kw={"rows": 24, "spellcheck": "true"})
    excerpt = TextAreaField("Excerpt", validators=[Length(max=2000)], render_kw={"rows": 3})
    category = SelectField("Category", coerce=int, choices=[NONE_CHOICE], default=0)
    tags = StringField("Tags", validators=[Length(max=1000)])
    status = SelectField("Status", choices=POST_STATUS_CHOICES, default="draft")
    published_at = DateTimeLocalField("Publish date", validators=[Optional()],
                                      format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"])
    author = SelectField("Author", coerce=int, choices=[NONE_CHOICE], default=0)
    parent = SelectField("Parent page", coerce=int, choices=[NONE_CHOICE], default=0)
    allow_comments = BooleanField("Allow comments", default=True)
    # WordPress's many categories: `category` is the one the date line shows.
    categories = SelectMultipleField("Other categories", coerce=int, choices=[],
                                     widget=ListWidget(prefix_label=False),
                                     option_widget=CheckboxInput())
    visibility = RadioField("Visibility", choices=VISIBILITY_CHOICES, default="public")
    post_password = StringField("Password", validators=[Length(max=255)],
                                render_kw={"autocomplete": "off", "spellcheck": "false"})
    sticky = BooleanField("Stick to the top of the front page")
    featured_image = RadioField("Featured image", coerce=int, choices=[],
                                validate_choice=False, validators=[Optional()])
    no_email = BooleanField("Don't email this post to subscribers")
    version = HiddenField()
    image = FileField("Image file")
    image_alt = StringField("Alt text for the image", validators=[Length(max=1000)])
    library_image = RadioField("Image", coerce=int, choices=[], validate_choice=False,
                               validators=[Optional()])
    publish_without_alt = BooleanField("These images are decorative: publish them without "
                                       "alt text")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # Here, not in validate_published_at: Optional() stops the chain on an empty field.
        if self.visibility.data == "password" and not (self.post_password.data or "").strip():
            self.post_password.errors = [*self.post_password.errors,
                                         "A password-protected post needs a password."]
            valid = False
        if (self.status.data == "scheduled" and self.published_at.data is None
                and not self.published_at.errors):
            self.published_at.errors = [*self.published_at.errors,
                                        "A scheduled post needs a publish date."]
            valid = False
        return valid

    def validate_published_at(self, field):
        # Any zone's offset from UTC keeps such a date within the years datetime can hold.
        if field.data is not None and not 1 < field.data.year < 9999:
            raise ValidationError("Enter a date between the years 2 and 9998.")

    def validate_parent(self, field):
        if field.data and self.type.data != "page":
            raise ValidationError("Only pages have a parent.")

    def tag_names(self) -> list[str]:
        return [name.strip() for name in (self.tags.data or "").split(",") if name.strip()]


class UploadForm(FlaskForm):
    image = FileField("Image")
    alt_text = StringField("Alt text", validators=[Length(max=1000)])
    caption = TextAreaField("Caption", validators=[Length(max=5000)], render_kw={"rows": 2})


class MediaDetailsForm(FlaskForm):
    alt_text = StringField("Alt text", validators=[Length(max=1000)])
    caption = TextAreaField("Caption", validators=[Length(max=5000)], render_kw={"rows": 3})


class ReplaceForm(FlaskForm):
    image = FileField("New image file")


class CategoryForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    slug = StringField("Slug", validators=[Optional(), Length(max=200)])
    description = TextAreaField("Description", validators=[Length(max=5000)],
                                render_kw={"rows": 3})
    parent = SelectField("Parent category", coerce=int, choices=[NONE_CHOICE], default=0)


class TagForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    slug = StringField("Slug", validators=[Optional(), Length(max=200)])


class AuthorForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    slug = StringField("Slug", validators=[Optional(), Length(max=200)])
    email = StringField("Email", validators=[Optional(), Email(), Length(max=254)])
    bio = TextAreaField("Bio", validators=[Length(max=5000)], render_kw={"rows": 4})


class CommentEditForm(FlaskForm):
    author_name = StringField("Name", validators=[DataRequired(), Length(max=245)])
    author_email = StringField("Email", validators=[Optional(), Email(), Length(max=254)])
    author_url = StringField("Website", validators=[Optional(), Length(max=200), web_address])
    body = TextAreaField("Comment", validators=[DataRequired(), Length(max=65536),
                                                comment_markup], render_kw={"rows": 8})
    status = SelectField("Status", choices=as_choices([
        ("pending", "Pending"), ("approved", "Approved"), ("spam", "Spam"), ("trash", "Trash")]))


class ReplyForm(FlaskForm):
    body = TextAreaField("Your reply", validators=[DataRequired(), Length(max=65536),
                                                   comment_markup], render_kw={"rows": 6})


class ModerationForm(FlaskForm):
    """The comment list: per-row buttons (`single` = "action:id") and bulk actions on the
    checked rows share one form, as HTML forms cannot nest."""

    action = StringField("Bulk action")
    single = HiddenField()
    tab = HiddenField()


class MenuForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    location = SelectField("Shown in", choices=as_choices([
        ("", "Nowhere yet"), ("header", "The header of every page"),
        ("footer", "The footer of every page")]), default="")


class MenuItemForm(FlaskForm):
    kind = SelectField("Links to", choices=as_choices([
        ("page", "A page"), ("post", "A post"), ("category", "A category"), ("tag", "A tag"),
        ("custom", "A custom link")]), default="page")
    target = StringField("Address or slug", validators=[DataRequired(), Length(max=2000)],
                         render_kw={"spellcheck": "false", "autocapitalize": "off"})
    label = StringField("Label", validators=[Length(max=300)])
    parent = SelectField("Under", coerce=int, choices=[NONE_CHOICE], default=0)
    position = IntegerField("Position", default=0, validators=[Optional()],
                            render_kw={"inputmode": "numeric"})

    def validate_position(self, field):
        if field.data is not None and not -10000 <= field.data <= 10000:
            raise ValidationError("Give a number between -10000 and 10000.")
