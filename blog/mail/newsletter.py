"""The newsletter: each post is mailed to the confirmed subscribers once, when it is first
published, or when a scheduled post comes due (no cron: the sender notices).

The editor's save decides whether a post will be mailed (an issue row, in the save's own
transaction); the sender renders the issue once when the post is live and queues one outbox row
per subscriber, a batch per commit. Each row's dedupe key names (issue, subscription), and the
issue keeps a cursor, so a fan-out killed half-way resumes and never queues anyone twice.
Imported posts never get an issue, and posts that were already live never get one either.
"""

import re

from markupsafe import Markup
from sqlalchemy import bindparam, select, update

from blog.articles.services import live_clause
from blog.extensions import db
from blog.mail import tokens
from blog.mail.compose import Rendered, render_mail
from blog.mail.links import site_root, url_at, url_builder
from blog.mail.message import UNSUBSCRIBE_SLOT
from blog.mail.outbox import (
    BULK,
    mail_domain,
    new_message_id,
    one_click_headers,
    queue_new_only,
    row,
)
from blog.models import NewsletterIssue, Post, Subscription, utcnow
from blog.web.templating import format_date

BATCH = 500
_ROOT_RELATIVE_HTML = re.compile(r"""(\s(?:href|src)=")/(?!/)""")
_ROOT_RELATIVE_MD = re.compile(r"\]\(/(?!/)")


def issue_of(post_id: int | None) -> NewsletterIssue | None:
    if post_id is None:
        return None
    return db.session.scalar(select(NewsletterIssue).where(NewsletterIssue.post_id == post_id))


def is_mailable(post: Post) -> bool:
    """Only public articles: pages, and posts not everyone may read, are never mailed."""
    return post.type == "post" and getattr(post, "visibility", "public") == "public"


def will_not_be_mailed(post: Post | None) -> bool:
    """The editor's "Don't email this post" box, as the post stands: ticked for imported
    posts (never mailed unless the writer says so) and for posts already sent or skipped."""
    if post is None:
        return False
    issue = issue_of(post.id)
    if issue is None:
        return post.legacy_id is not None or post.is_live(utcnow())
    return issue.status == "skipped"


def note_publication(post: Post, was_live: bool, send: bool) -> None:
    """From the editor's save, before its commit: a post published for the first time gets
    its issue; until it goes out, the writer may change their mind."""
    if not is_mailable(post):
        return
    issue = issue_of(post.id)
    if issue is None:
        if post.status in ("published", "scheduled") and not was_live:
            db.session.add(NewsletterIssue(post_id=post.id, base_url=site_root(),
                                           status="waiting" if send else "skipped"))
        return
    if issue.status in ("waiting", "skipped") and not post.is_live(utcnow()):
        issue.status = "waiting" if send else "skipped"


def absolute_html(html: str, root: str) -> str:
    return _ROOT_RELATIVE_HTML.sub(lambda m: m.group(1) + root + "/", html)


def absolute_markdown(text: str, root: str) -> str:
    return _ROOT_RELATIVE_MD.sub("](" + root + "/", text)


DUE_ISSUES = (select(NewsletterIssue, Post).join(Post, Post.id == NewsletterIssue.post_id)
              .where(NewsletterIssue.status.in_(("waiting", "sending")),
                     live_clause(bindparam("now")))
              .order_by(NewsletterIssue.id))


def fan_out_due(budget: int = 10 * BATCH) -> int:
    """Queue messages for due issues, up to `budget` rows; returns how many were queued."""
    queued = 0
    for issue, post in db.session.execute(DUE_ISSUES, {"now": utcnow()}).all():
        if not is_mailable(post):
            issue.status = "skipped"
            db.session.commit()
            continue
        if issue.status == "waiting" and not _start(issue, post):
            continue
        while queued < budget:
            added, finished = _queue_batch(issue)
            queued += added
            if finished:
                break
    return queued


def _start(issue: NewsletterIssue, post: Post) -> bool:
    """Render the issue once, from the post as it is now; False if another sender started it."""
    root = issue.base_url or site_root(trust_request=False)
    post_url = url_at(root, "articles.post", path=post.path)
    rendered = render_mail(
        "newsletter", root=root, post=post, post_url=post_url,
        published=format_date(post.published_at), author=post.author.name if post.author else "",
        # The post's HTML was sanitised when it was saved.
        body_html=Markup(absolute_html(str(post.body_html), root)),  # noqa: S704
        body_text=absolute_markdown(post.body_source or "", root).strip(),
        unsubscribe_url=UNSUBSCRIBE_SLOT)
    won = db.session.execute(
        update(NewsletterIssue)
        .where(NewsletterIssue.id == issue.id, NewsletterIssue.status == "waiting")
        .values(status="sending", started_at=utcnow(), base_url=root, subject=rendered.subject,
                body_text=rendered.text, body_html=rendered.html)
        .execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    db.session.refresh(issue)
    return bool(won) or issue.status == "sending"


def _queue_batch(issue: NewsletterIssue) -> tuple[int, bool]:
    """One commit: the next subscribers after the cursor; (rows added, issue finished)."""
    subscribers = db.session.execute(
        select(Subscription.id, Subscription.email, Subscription.key)
        .where(Subscription.list == "newsletter", Subscription.confirmed_at.is_not(None),
               Subscription.confirmed_at <= issue.started_at, Subscription.id > issue.cursor)
        .order_by(Subscription.id).limit(BATCH)).all()
    build_url, domain = url_builder(issue.base_url), mail_domain()
    rows = [_message_row(issue, build_url, domain, *subscriber) for subscriber in subscribers]
    queue_new_only(rows)
    finished = len(subscribers) < BATCH
    values = {"cursor": subscribers[-1].id if subscribers else issue.cursor,
              "recipients": NewsletterIssue.recipients + len(rows)}
    if finished:
        values.update(status="done", finished_at=utcnow())
    moved = db.session.execute(
        update(NewsletterIssue)
        .where(NewsletterIssue.id == issue.id, NewsletterIssue.cursor == issue.cursor)
        .values(**values).execution_options(synchronize_session=False)).rowcount
    if not moved:  # another sender queued this batch first
        db.session.rollback()
        db.session.refresh(issue)
        return 0, issue.status == "done"
    db.session.commit()
    db.session.refresh(issue)
    return len(rows), finished


def _message_row(issue: NewsletterIssue, build_url, domain: str, subscription_id: int,
                 email: str, key: str) -> dict:
    """A subscriber's message: the issue's body (kept once, on the issue) and their own
    unsubscribe link, in its headers."""
    unsubscribe_url = build_url("mail.unsubscribe", token=tokens.unsubscribe_token(key))
    return row("newsletter", email, Rendered(issue.subject, "", ""),
               headers=one_click_headers(unsubscribe_url), priority=BULK,
               message_id=new_message_id("newsletter", domain), issue_id=issue.id,
               subscription_id=subscription_id,
               dedupe_key=f"newsletter:{issue.id}:{subscription_id}")

