"""/preview/<token>/: a draft or scheduled post shown to whoever has its preview link (a
reviewer without a login). Never cached, never indexed, and the token never leaves in a
Referer; the link ends when the post is published or the writer revokes it."""

import re

from flask import abort, make_response, render_template

from blog.articles import bp
from blog.articles.services import post_for_preview_link

_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")
EXPIRED = "This preview link has ended: the post was published, or the link was revoked."
PRIVATE_HEADERS = {
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex, nofollow",
    "Referrer-Policy": "no-referrer",
}


@bp.get("/preview/<token>/")
def shared_preview(token: str):
    post = post_for_preview_link(token) if _TOKEN.fullmatch(token) else None
    if post is None:
        abort(404, EXPIRED)
    body = render_template("articles/shared_preview.html", post=post, comment_page=None)
    response = make_response(body)
    response.headers.update(PRIVATE_HEADERS)
    return response
