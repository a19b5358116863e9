"""The comment form as a reader part of the cached article (blog/pagecache/parts.py).

The form partial holds everything about the article that differs between readers: the CSRF token
and the signed form stamp, remembered name/email/website, the ?replytocom= reply target, errors
and typed input, and the reader's own held comments. A plain reader (none of those but the two
signed values) gets the form cut out once per page with slots for the two values; anyone else
gets it rendered for them.
"""

import time
from typing import Any

from flask import Flask, current_app, request
from itsdangerous import URLSafeTimedSerializer

from blog.comments import bp
from blog.comments import visitor as comment_visitor
from blog.comments.moderation import stamp_serializer
from blog.comments.services import PostSnapshot
from blog.pagecache import ReaderPart, register_part

FORM_TEMPLATE = "partials/_comment_form.html"


class StampsPerSecond:
    """A form stamp carries whole seconds, so every form for a post made in the same second
    gets the same stamp: sign it once per second, not once per reader. The stamps are
    URLSafeTimedSerializer.dumps(post_id) of the form's own serializer (the tests compare)."""

    def __init__(self, serializer: URLSafeTimedSerializer) -> None:
        self.serializer = serializer
        self.second = 0
        self.signed: dict[int, str] = {}

    def stamp(self, post_id: int) -> str:
        now = int(time.time())
        if now != self.second:
            self.second, self.signed = now, {}
        signed = self.signed.get(post_id)
        if signed is None:
            signed = self.signed[post_id] = self.serializer.dumps(post_id)
        return signed


def snapshot(post: Any) -> PostSnapshot:
    return PostSnapshot(post.id, post.path, post.slug, post.title, bool(post.allow_comments),
                        post.type)


def _render(post: PostSnapshot, **context: Any) -> str:
    # Straight from the template (Flask's globals are the environment's), without the site-wide
    # context processors that the partial does not use and that would cost SQL.
    return current_app.jinja_env.get_template(FORM_TEMPLATE).render(post=post, **context)


def render_for_this_reader(post: PostSnapshot) -> str:
    return _render(post)


def is_plain_reader() -> bool:
    return ("replytocom" not in request.args
            and comment_visitor.REMEMBER_COOKIE not in request.cookies
            and not comment_visitor.held_comment_ids())


def render_plain(post: PostSnapshot) -> tuple[str, dict[str, str]]:
    """The form as a plain reader sees it, and its two signed values (none when comments are
    closed: the form is not there)."""
    state = comment_visitor.form_state(post)
    html = _render(post, comment_state=state)
    if not post.allow_comments:
        return html, {}
    return html, {"csrf": state.form.csrf_token.current_token, "stamp": state.form.stamp.data}


def _stamp_signer(app: Flask):
    stamps = StampsPerSecond(stamp_serializer(app.config["SECRET_KEY"]))
    return lambda post: stamps.stamp(post.id)


COMMENT_FORM = ReaderPart(
    name="comment-form",
    snapshot=snapshot,
    render=render_for_this_reader,
    is_plain=is_plain_reader,
    render_plain=render_plain,
    signers={"stamp": _stamp_signer},
    personal_cookies=frozenset({comment_visitor.REMEMBER_COOKIE}),
)


@bp.record_once
def _register(state) -> None:
    register_part(state.app, COMMENT_FORM)
