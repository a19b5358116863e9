"""Emails rendered from one template each, twice: as plain text and as HTML, so the two parts
always say the same thing. The HTML's CSS (templates/mail/mail.css) is inlined by css_inline,
since mail programs ignore most style sheets."""

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import css_inline
from flask import Flask, current_app
from jinja2 import Environment

from blog.site_settings import all_site_settings
from blog.web.templating import format_date

CSS_TEMPLATE = "mail/mail.css"
_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+\n")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


class MailTemplates:
    """Two environments over the site's template folder: one escapes (HTML), one does not
    (plain text). Templates see `html` to tell which part they are drawing."""

    def __init__(self, app: Flask) -> None:
        self.text = self._environment(app, autoescape=False)
        self.html = self._environment(app, autoescape=True)
        css = Path(app.template_folder, CSS_TEMPLATE).read_text()
        self.inliner = css_inline.CSSInliner(extra_css=css, load_remote_stylesheets=False)

    @staticmethod
    def _environment(app: Flask, autoescape: bool) -> Environment:
        # The plain-text part is not HTML: escaping it would show "&amp;" to the reader.
        env = Environment(loader=app.jinja_loader, autoescape=autoescape,  # noqa: S701
                          trim_blocks=True, lstrip_blocks=True, auto_reload=app.debug)
        env.filters["date"] = format_date
        return env

    def render(self, name: str, context: dict[str, Any]) -> Rendered:
        context = {"site": all_site_settings(), **context}
        text_template = self.text.get_template(name)
        subject = " ".join("".join(text_template.blocks["subject"](
            text_template.new_context({**context, "html": False}))).split())
        text = text_template.render(**context, html=False, subject=subject)
        html = self.html.get_template(name).render(**context, html=True, subject=subject)
        return Rendered(subject, tidy_text(text), self.inliner.inline(html))


def tidy_text(text: str) -> str:
    """Template whitespace out of the plain part: no trailing spaces, one blank line at most."""
    text = _TRAILING_SPACE.sub("\n", text.strip() + "\n")
    return _BLANK_LINES.sub("\n\n", text)


def templates() -> MailTemplates:
    app = current_app._get_current_object()
    found = app.extensions.get("mail_templates")
    if found is None:
        found = app.extensions["mail_templates"] = MailTemplates(app)
    return found


def render_mail(name: str, **context: Any) -> Rendered:
    return templates().render(f"mail/{name}.jinja", context)
