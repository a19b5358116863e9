"""The per-visitor part of a cached article: the comment form partial.

Most readers are "plain" visitors: no remembered details, no held comments, no reply target.
For them the form differs only in two signed values, the CSRF token and the form timestamp, so
it is rendered once, kept with the cached page with those two values replaced by slots, and each
request only signs two fresh values into the slots. Anyone else gets the partial rendered in
full for them. Either way no visitor ever sees another's token or details.
"""

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import current_app, g, request
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from blog.comments import visitor as comment_visitor
from blog.comments.moderation import form_stamp
from blog.comments.services import PostSnapshot

VISITOR_TEMPLATE = "partials/_comment_form.html"
# Random per process, so no stored content can ever forge it.
MARKER = f"<!--visitor-part-{secrets.token_hex(8)}-->"


@dataclass(frozen=True)
class PlainPart:
    """The plain visitor's form with slots where the two signed values go."""

    html: str
    slots: tuple[tuple[str, str], ...]  # (slot, "csrf" | "stamp")

    def fill(self, csrf_token: Callable[[], str], stamp: Callable[[], str]) -> str:
        """The form with fresh signed values; each is made only when the form has its slot."""
        html = self.html
        for slot, kind in self.slots:
            html = html.replace(slot, csrf_token() if kind == "csrf" else stamp())
        return html

    def fill_in_request(self, post_id: int) -> str:
        """Inside Flask: the token in this visitor's session, a stamp signed now."""
        return self.fill(generate_csrf, lambda: form_stamp(post_id))


def visitor_part(post: Any, caller) -> Markup:
    """Template call-block: the per-visitor part, or a marker when rendering for the cache."""
    if g.get("page_cache_fill"):
        g.page_cache_post = PostSnapshot(post.id, post.path, post.slug, post.title,
                                         bool(post.allow_comments), post.type)
        return Markup(MARKER)  # noqa: S704 (our own constant)
    return caller()


def _render(post: PostSnapshot, **context: Any) -> str:
    # Straight from the template (Flask's globals are the environment's), without the site-wide
    # context processors that the partial does not use and that would cost SQL.
    return current_app.jinja_env.get_template(VISITOR_TEMPLATE).render(post=post, **context)


def render_for_this_visitor(post: PostSnapshot) -> str:
    return _render(post)


def is_plain_visitor() -> bool:
    return ("replytocom" not in request.args
            and comment_visitor.REMEMBER_COOKIE not in request.cookies
            and not comment_visitor.held_comment_ids())


def plain_part(post: PostSnapshot) -> PlainPart | None:
    """Render the form for this (plain) visitor and cut its signed values out; None when they
    cannot be found exactly once each, and the page is then rendered per visitor."""
    state = comment_visitor.form_state(post)
    html = _render(post, comment_state=state)
    slots = []
    for kind, value in (("csrf", state.form.csrf_token.current_token),
                        ("stamp", state.form.stamp.data)):
        found = html.count(value) if value else 0
        if found > 1 or (found == 0 and post.allow_comments):
            return None
        if found:
            slot = f"{kind}-slot-{secrets.token_hex(12)}"
            html = html.replace(value, slot)
            slots.append((slot, kind))
    return PlainPart(html, tuple(slots))
