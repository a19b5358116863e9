"""POST /<slug>/comments: parse the form, call the service, answer with the right status."""


from flask import abort, current_app, redirect, render_template, request, url_for
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError

from blog.articles.services import approved_comment_threads
from blog.comments import bp, services, visitor
from blog.comments.forms import REPLY_GONE, CommentForm
from blog.comments.moderation import APPROVED
from blog.comments.threads import page_of
from blog.extensions import db, limiter
from blog.models import Post
from blog.site_settings import site_setting
from blog.web import ratelimits
from blog.web.errors import render_error, retry_after

CLOSED = "Comments are closed."
EXPIRED = "Your form expired or was sent from another page, so your comment was not saved."


def _posts_limit() -> str:
    return current_app.config["COMMENT_POSTS_RATE_LIMIT"]


def _address() -> str:
    return request.remote_addr or "unknown"


@bp.url_value_preprocessor
def _limit_body_size(endpoint, values) -> None:
    # URL preprocessors run before every before_request hook, so an oversized comment is
    # refused unread (413) before CSRFProtect parses the form. A body without a declared
    # length is still capped by the site-wide public limit while it is read.
    limit = int(current_app.config["COMMENT_MAX_BYTES"])
    if request.content_length is not None and request.content_length > limit:
        abort(413, "A comment can be at most 64 KiB; yours was larger. Go back, shorten it "
                   "and send it again.")


# Every POST counts as it arrives (COMMENT_POSTS_RATE_LIMIT, 422s included); a comment that
# passed the form's checks then counts against COMMENTS_RATE_LIMIT before it is judged or
# stored, so someone fixing a typo after a 422 is not "too fast", and parallel POSTs from one
# address are cut to the limit rather than all let through. Both are counted in storage every
# worker shares (blog/ratelimit_storage.py, or Redis).
@bp.post("/<path:path>/comments")
@limiter.limit(_posts_limit)
def create(path: str):
    concurrent = int(current_app.config["COMMENTS_CONCURRENT_PER_ADDRESS"])
    try:
        with ratelimits.in_flight(concurrent, "comment-post", _address()):
            return _create(path)
    except ratelimits.TooMany as too_many:
        return _too_fast(str(too_many.retry_after))


def _create(path: str):
    post = _commentable_post(path)
    form = CommentForm()
    if not form.validate():
        return _article_again(post, form, 422)
    charged = ratelimits.charge(current_app.config["COMMENTS_RATE_LIMIT"], "comments",
                                _address())
    response, stored = _submit(post, form)
    if not stored:  # a reply gone, a duplicate, a busy database: the limit is not used up
        charged.refund()
    return response


def _submit(post: services.PostSnapshot, form: CommentForm):
    """(the answer, whether the comment was stored)."""
    submission = services.Submission(
        name=form.name.data, email=form.email.data, website=form.website.data or "",
        body=form.body.data, parent_id=form.reply_to(), honeypot=form.homepage.data or "",
        stamp=form.stamp.data or "", notify=bool(form.notify.data),
    )
    try:
        accepted = services.submit_comment(post, submission, request.remote_addr or "")
    except services.InvalidReply:
        form.parent_id.errors = [REPLY_GONE]
        return _article_again(post, form, 422), False
    except services.DuplicateComment:
        return _article_again(post, form, 409, notice="You've already said that."), False
    except OperationalError:
        db.session.rollback()
        current_app.logger.warning("comment not saved: database busy on %s", request.path)
        return _article_again(
            post, form, 503, headers={"Retry-After": "5"},
            notice="The site is busy for a moment and your comment was not saved yet. "
                   "Please send it again in a few seconds; your text is below.",
        ), False
    if accepted.status != APPROVED:
        visitor.note_held_comment(accepted.id)
    response = redirect(_comment_url(post.id, post.path, accepted), 303)
    if form.remember.data:
        visitor.remember_commenter(response, submission.name, submission.email,
                                   submission.website)
    else:
        visitor.forget_commenter(response)
    return response, True


@bp.get("/<path:path>/comments")
def form_address(path: str):
    """The form's own address, reloaded or shared from a page that showed a comment error:
    the article's form, rather than a dead end."""
    post = services.find_post(path)
    if post is None:
        abort(404)
    return redirect(url_for("articles.post", path=post.path, _anchor="respond"), 301)


@bp.errorhandler(RateLimitExceeded)
def too_fast(error: RateLimitExceeded):
    return _too_fast(retry_after())


def _too_fast(retry: str):
    """429, but with the article and the commenter's text still in the form."""
    post = services.find_post(request.view_args.get("path", "")) if request.view_args else None
    if post is None or not post.allow_comments:
        return render_template("errors/429.html", code=429, message=None), 429, \
            {"Retry-After": retry}
    notice = (f"You're commenting too quickly. Please wait {retry} seconds, then send it "
              "again; your text is below.")
    return _article_again(post, CommentForm(), 429, notice=notice,
                          headers={"Retry-After": retry})


@bp.errorhandler(CSRFError)
def form_expired(error: CSRFError):
    """400 (a tab restored after the browser closed loses its session, so its token), with
    the text kept under a fresh token so the commenter can check it and send it again."""
    post = services.find_post(request.view_args.get("path", "")) if request.view_args else None
    if post is None or not post.allow_comments:
        return render_error(400, EXPIRED)
    return _article_again(post, CommentForm(), 400,
                          notice=EXPIRED + " Your text is below: check it and send it again.")


def _commentable_post(path: str) -> services.PostSnapshot:
    post = services.find_post_to_comment_on(path)
    if post is None:
        abort(404)
    if not post.allow_comments:
        abort(403, CLOSED)
    return post


def _article_again(post: Post | services.PostSnapshot, form: CommentForm, status: int,
                   notice: str | None = None, headers: dict | None = None):
    """The article with the submitted form and its errors: nothing typed is lost."""
    if not isinstance(post, Post):
        post = services.find_post(post.path)
        if post is None:  # unpublished since the form was checked
            abort(404)
    comment_page = approved_comment_threads(post, None, _per_page())
    state = visitor.form_state(post, form, notice)
    body = render_template("articles/post.html", post=post, comment_page=comment_page,
                           comment_state=state, answers_comment_post=True)
    return body, status, headers or {}


def _per_page() -> int:
    return max(1, int(site_setting("COMMENTS_PER_PAGE")))


def _comment_url(post_id: int, post_path: str, accepted: services.Accepted) -> str:
    """The page that shows the comment: the article (the newest comment page, where a new
    thread always lands, with the visitor's held notice), or the older page of a reply's
    thread."""
    anchor = f"comment-{accepted.id}"
    if accepted.status == APPROVED and accepted.parent_id is not None:
        located = page_of(post_id, accepted.id, _per_page())
        if located is not None and located[0] != located[1]:
            return url_for("articles.post", path=post_path, cpage=located[0], _anchor=anchor)
    return url_for("articles.post", path=post_path, _anchor=anchor)


@bp.app_template_global()
def comment_form_state(post: Post) -> visitor.FormState:
    """Lets the form partial render on its own (e.g. into a cached page) for this visitor."""
    return visitor.form_state(post)


@bp.app_template_filter("initials")
def initials(name: str) -> str:
    """"Ada Lovelace" → "AL": the avatar is drawn from the name, never fetched elsewhere."""
    words = [w for w in (name or "").split() if w[:1].isalnum()]
    if not words:
        return "?"
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()


AVATAR_TONES = 6


@bp.app_template_filter("avatar_tone")
def avatar_tone(name: str) -> int:
    """A stable colour (1–6) per name, so one commenter always looks the same."""
    return sum((name or "").encode()) % AVATAR_TONES + 1
