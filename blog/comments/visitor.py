"""Per-visitor comment state: the remembered commenter, their held comments, the reply target.

Everything here differs between visitors, so it is rendered only inside
templates/partials/_comment_form.html; the rest of the article page is the same for everyone.
"""

from dataclasses import dataclass, field

from flask import Response, current_app, request, session
from itsdangerous import BadSignature, URLSafeSerializer

from blog.comments import services
from blog.comments.forms import CommentForm
from blog.comments.moderation import form_stamp
from blog.models import Comment, Post
from blog.web.parsing import positive_id

REMEMBER_COOKIE = "comment_author"
REMEMBER_SECONDS = 365 * 24 * 3600
HELD_KEY = "held_comments"


@dataclass
class FormState:
    form: CommentForm
    replying_to: Comment | None = None
    held: list[Comment] = field(default_factory=list)
    notice: str | None = None


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="comment-author")


def remembered_commenter() -> dict[str, str]:
    raw = request.cookies.get(REMEMBER_COOKIE)
    if not raw:
        return {}
    try:
        data = _serializer().loads(raw)
    except BadSignature:
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: str(data.get(k, "")) for k in ("name", "email", "website")}


def remember_commenter(response: Response, name: str, email: str, website: str) -> None:
    value = _serializer().dumps({"name": name, "email": email, "website": website})
    response.set_cookie(
        REMEMBER_COOKIE, value, max_age=REMEMBER_SECONDS, httponly=True, samesite="Lax",
        secure=bool(current_app.config.get("HTTPS")),
    )


def forget_commenter(response: Response) -> None:
    if REMEMBER_COOKIE in request.cookies:
        response.delete_cookie(REMEMBER_COOKIE, httponly=True, samesite="Lax")


def note_held_comment(comment_id: int) -> None:
    """Remember in the signed session that this visitor sent a held comment, so they (and
    only they) see it with "awaiting moderation"."""
    held = [i for i in session.get(HELD_KEY, []) if isinstance(i, int)]
    session[HELD_KEY] = [*held, comment_id][-20:]


def held_comment_ids() -> list[int]:
    return [i for i in session.get(HELD_KEY, []) if isinstance(i, int)]


def reply_target_from_query(post: Post) -> Comment | None:
    reply_id = positive_id(request.args.get("replytocom"))
    return services.approved_reply_target(post, reply_id) if reply_id else None


def fresh_form(post: Post) -> CommentForm:
    """An empty form for a GET: remembered details filled in, a new signed timestamp."""
    remembered = remembered_commenter()
    form = CommentForm(formdata=None, data={**remembered, "remember": bool(remembered)})
    form.stamp.data = form_stamp(post.id)
    return form


def form_state(post: Post, form: CommentForm | None = None, notice: str | None = None) -> FormState:
    """What the comment form partial shows this visitor. With a submitted form (an error
    re-render) its input is kept as sent; otherwise the reply target comes from ?replytocom."""
    if form is None:
        form = fresh_form(post)
        replying_to = reply_target_from_query(post)
        if replying_to is not None:
            form.parent_id.data = str(replying_to.id)
    else:
        reply_id = form.reply_to() if not form.parent_id.errors else None
        replying_to = services.approved_reply_target(post, reply_id) if reply_id else None
    held_ids = held_comment_ids()
    held = services.held_comments(post, held_ids) if held_ids else []
    return FormState(form=form, replying_to=replying_to, held=held, notice=notice)
