"""Password-protected posts, as WordPress has them: the title is public, the body is replaced
by a form until the reader sends the post's password, and a cookie then remembers it (for ten
days, for every post with that password).

The body is a reader part of the cached article (blog/pagecache/parts.py): the cached page holds
a hole where it goes, never the body itself. A reader without the cookie is plain and gets the
form with their own CSRF token; a reader with it is left to Flask (the cookie is declared
personal) and gets the body only if the cookie matches this post's password. So an unlocked body
is never stored in, or served from, the shared page.
"""

import hashlib
import hmac
from dataclasses import dataclass
from typing import Any

from flask import Response, current_app, g, request
from flask_wtf import FlaskForm
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from wtforms import PasswordField
from wtforms.validators import Length

from blog.articles import bp
from blog.extensions import db
from blog.models import Post
from blog.pagecache import ReaderPart, register_part

# WordPress names it wp-postpass_<hash of the site URL>; one site per host here.
COOKIE = "wp-postpass"
COOKIE_SECONDS = 10 * 24 * 3600  # WordPress's post_password_expires
TEMPLATE = "partials/_protected_body.html"
_WRONG = "_post_password_wrong"


class PostPasswordForm(FlaskForm):
    password = PasswordField("Password", validators=[Length(max=255)],
                             render_kw={"autocomplete": "current-password"})


@dataclass(frozen=True)
class ProtectedSnapshot:
    """What the cached page keeps: no body, no password."""

    id: int
    path: str


def digest(password: str) -> str:
    """The cookie's value for `password`: keyed by the site's secret, so it cannot be made
    without knowing the password, and it does not reveal it."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, b"post-password\0" + password.encode(), hashlib.sha256).hexdigest()


def is_unlocked(post: Post) -> bool:
    """Whether this reader sent the post's password (a public post is always open)."""
    if not post.is_protected:
        return True
    sent = request.cookies.get(COOKIE, "")
    return bool(sent) and hmac.compare_digest(sent, digest(post.post_password))


def remember_password(response: Response, password: str) -> None:
    response.set_cookie(COOKIE, digest(password), max_age=COOKIE_SECONDS, httponly=True,
                        samesite="Lax", secure=bool(current_app.config.get(
                            "SESSION_COOKIE_SECURE")))


def mark_wrong_password() -> None:
    g.setdefault(_WRONG, True)


def snapshot(post: Any) -> ProtectedSnapshot:
    return ProtectedSnapshot(post.id, post.path)


def _render(snap: ProtectedSnapshot, body: Markup | None, csrf: str) -> str:
    return current_app.jinja_env.get_template(TEMPLATE).render(
        post=snap, body=body, csrf=csrf, wrong=bool(g.get(_WRONG)))


def render_for_this_reader(snap: ProtectedSnapshot) -> str:
    post = db.session.get(Post, snap.id)
    if post is not None and is_unlocked(post):
        return _render(snap, post.body_html, "")
    return _render(snap, None, generate_csrf())


def is_plain_reader() -> bool:
    return COOKIE not in request.cookies and not g.get(_WRONG)


def render_plain(snap: ProtectedSnapshot) -> tuple[str, dict[str, str]]:
    token = generate_csrf()
    return _render(snap, None, token), {"csrf": token}


@bp.app_template_global()
def protected_body(post: Post) -> Markup:
    """The part rendered for this reader, where the page is not being cached."""
    return Markup(render_for_this_reader(snapshot(post)))  # noqa: S704 (our template)


PROTECTED_BODY = ReaderPart(
    name="protected-body",
    snapshot=snapshot,
    render=render_for_this_reader,
    is_plain=is_plain_reader,
    render_plain=render_plain,
    personal_cookies=frozenset({COOKIE}),
)


@bp.record_once
def _register(state) -> None:
    register_part(state.app, PROTECTED_BODY)

