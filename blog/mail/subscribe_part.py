"""The newsletter's sign-up form on every page, as a reader part of the cached pages
(blog/pagecache/parts.py): the same for everyone but its CSRF token, so every reader is plain
and the page cache fills the one `csrf` slot with the reader's own token."""

from flask import current_app
from flask_wtf.csrf import generate_csrf

from blog.mail import bp
from blog.pagecache import ReaderPart, register_part

FORM_TEMPLATE = "partials/_subscribe_form.html"


def _render() -> str:
    # Straight from the template, without the site-wide context processors (no SQL).
    return current_app.jinja_env.get_template(FORM_TEMPLATE).render()


def render_plain(_context) -> tuple[str, dict[str, str]]:
    html = _render()  # its csrf_token() is this request's generate_csrf()
    return html, {"csrf": generate_csrf()}


SUBSCRIBE_FORM = ReaderPart(
    name="subscribe-form",
    snapshot=lambda _obj: None,
    render=lambda _context: _render(),
    is_plain=lambda: True,
    render_plain=render_plain,
)


@bp.record_once
def _register(state) -> None:
    register_part(state.app, SUBSCRIBE_FORM)
