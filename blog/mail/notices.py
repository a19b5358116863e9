"""Mail about comments, queued in the same transaction as the comment or its approval: the
admin's notices, the confirmation of "Email me replies", and the reply notifications.

Spam never causes mail. A reply is mailed only once approved (a held one when the admin
approves it), only to a confirmed address, never to its own author, and at most once
(its dedupe key), however often it is approved again."""

from dataclasses import dataclass
from email.headerregistry import Address

from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from blog.content.sanitize import plain_text
from blog.extensions import db
from blog.mail import subscriptions, tokens
from blog.mail.compose import render_mail
from blog.mail.links import site_root, url_at
from blog.mail.outbox import (
    admin_address,
    mail_domain,
    one_click_headers,
    queue,
    queue_new_only,
    row,
)
from blog.models import Comment, Post, ReplyWatch, Subscription
from blog.site_settings import site_setting

AUTO = {"Auto-Submitted": "auto-generated"}


@dataclass(frozen=True)
class NewComment:
    """What the notices need of a comment just written (the POST has no Comment object)."""

    id: int
    post_id: int
    post_path: str
    post_title: str
    parent_id: int | None
    author_name: str
    author_email: str
    author_url: str
    body_source: str
    body_html: str
    status: str
    reason: str = ""

    @property
    def body_text(self) -> str:
        return plain_text(self.body_html)

    @property
    def safe_html(self) -> Markup:
        return Markup(self.body_html)  # noqa: S704 (cleaned by clean_comment_html)


def comment_submitted(comment: NewComment, notify: bool) -> None:
    """From the comment POST, before its commit. Costs nothing (no SQL) when no mail is due."""
    if comment.status == "spam":
        return
    if comment.status == "pending":
        notice = "held_comment" if site_setting("NOTIFY_HELD_COMMENTS") else None
    else:
        notice = "new_comment" if site_setting("NOTIFY_PUBLISHED_COMMENTS") else None
    is_reply = comment.status == "approved" and comment.parent_id is not None
    if notice is None and not notify and not is_reply:
        return
    root = site_root()
    if notice is not None:
        _admin_notice(notice, comment, root)
    if notify:
        watch_replies(comment, root)
    if is_reply:
        replies_approved([comment.id], root)


def _admin_notice(template: str, comment: NewComment, root: str) -> None:
    to = admin_address()
    if not to:
        return
    post_url = url_at(root, "articles.post", path=comment.post_path)
    rendered = render_mail(
        template, root=root, comment=_CommentView(comment), reason=comment.reason,
        post=_PostView(comment.post_title), post_url=post_url,
        comment_url=f"{post_url}#comment-{comment.id}",
        approve_url=url_at(root, "admin.approve_comment", comment_id=comment.id),
        moderate_url=url_at(root, "admin.list_comments", tab="pending"))
    thread = f"<post-{comment.post_id}@{mail_domain()}>"
    headers = {**AUTO, "References": thread, "In-Reply-To": thread}
    reply_to = _address(comment.author_name, comment.author_email)
    if reply_to:
        headers["Reply-To"] = reply_to
    queue(template, to, rendered, headers=headers)


def watch_replies(comment: NewComment, root: str) -> None:
    """The commenter ticked "Email me replies": watch this comment; the first time the address
    asks, it gets a confirmation link."""
    subscription = subscriptions.ask(
        comment.author_email, "replies", root,
        lambda url: render_mail("confirm_replies", root=root, confirm_url=url,
                                post=_PostView(comment.post_title)))
    db.session.flush()
    db.session.merge(ReplyWatch(comment_id=comment.id, subscription_id=subscription.id))


_reply = aliased(Comment)
_parent = aliased(Comment)
REPLIES_TO_WATCHED = (
    select(_reply, _parent.body_source.label("watched_source"), Subscription.key, Subscription.id,
           Subscription.email, Post.path, Post.title)
    .join(_parent, _parent.id == _reply.parent_id)
    .join(ReplyWatch, ReplyWatch.comment_id == _parent.id)
    .join(Subscription, Subscription.id == ReplyWatch.subscription_id)
    .join(Post, Post.id == _reply.post_id)
    .where(_reply.status == "approved", Subscription.confirmed_at.is_not(None),
           func.lower(_reply.author_email) != Subscription.email)
)


def replies_approved(ids: list[int], root: str | None = None) -> int:
    """Queue a notification for each of these comments that is an approved reply to a watched
    comment; returns how many were new."""
    if not ids:
        return 0
    root = root or site_root()
    domain = mail_domain()
    rows = []
    for reply, watched_source, key, subscription_id, email, path, title in (
            db.session.execute(REPLIES_TO_WATCHED.where(_reply.id.in_(ids))).all()):
        post_url = url_at(root, "articles.post", path=path)
        unsubscribe_url = url_at(root, "mail.unsubscribe", token=tokens.unsubscribe_token(key))
        rendered = render_mail(
            "reply", root=root, post=_PostView(title), reply=_ReplyView(reply),
            reply_url=f"{post_url}#comment-{reply.id}", unsubscribe_url=unsubscribe_url,
            watched_excerpt=_excerpt(watched_source))
        thread = f"<comment-{reply.parent_id}@{domain}>"
        headers = {**AUTO, **one_click_headers(unsubscribe_url), "In-Reply-To": thread,
                   "References": thread}
        rows.append(row("reply", email, rendered, headers=headers,
                        subscription_id=subscription_id, dedupe_key=f"reply:{reply.id}"))
    return queue_new_only(rows)


def _address(name: str, email: str) -> str:
    """"Name <address>" for Reply-To, or "" for an address the email package cannot write."""
    try:
        return str(Address(name, addr_spec=email))
    except (ValueError, IndexError):
        return ""


def _excerpt(text: str, limit: int = 160) -> str:
    flat = " ".join(plain_text(text).split())
    return flat if len(flat) <= limit else flat[:limit].rsplit(" ", 1)[0] + "…"


@dataclass(frozen=True)
class _PostView:
    title: str


class _CommentView:
    def __init__(self, comment: NewComment) -> None:
        self.author_name = comment.author_name
        self.author_email = comment.author_email
        self.author_url = comment.author_url
        self.body_html = comment.safe_html
        self.body_text = comment.body_text


class _ReplyView:
    """A reply as a reader sees it: no address."""

    def __init__(self, reply: Comment) -> None:
        self.author_name = reply.author_name
        self.body_html = reply.body_html
        self.body_text = plain_text(str(reply.body_html))
