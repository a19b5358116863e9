"""Writes and lookups for public comments. One commit per accepted comment, before the 303."""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import and_, bindparam, insert, select, update

from blog.articles.services import find_live_by_path, live_clause
from blog.comments import moderation
from blog.comments.threads import MAX_DEPTH, depth_of
from blog.content.sanitize import clean_comment_html
from blog.extensions import db
from blog.mail.notices import NewComment, comment_submitted
from blog.models import Comment, Post, utcnow
from blog.models.comment import text_digest
from blog.pagecache import content_changed


class InvalidReply(ValueError):
    """The parent is missing, not approved, or on another post."""


class DuplicateComment(Exception):
    def __init__(self, existing_id: int):
        super().__init__("duplicate comment")
        self.existing_id = existing_id


@dataclass(frozen=True)
class Accepted:
    """What the view needs after the commit, read before it (committed rows expire)."""

    id: int
    status: str
    parent_id: int | None


@dataclass(frozen=True)
class Submission:
    name: str
    email: str
    website: str
    body: str
    parent_id: int | None
    honeypot: str
    stamp: str
    notify: bool = False  # "Email me replies to my comment"


def find_post(path: str) -> Post | None:
    """The live article or page at `path`: drafts and future posts do not exist for readers."""
    return find_live_by_path(path)


# The comment POST runs on the session's connection, with statements built once: through the
# ORM, its lookups and insert cost four times what SQLite spends on them (0.23 ms to find the
# post, 0.02 ms on the connection). A comment is a row written once here; the ORM stays for
# the pages and the admin, which work with whole objects.

@dataclass(frozen=True)
class PostSnapshot:
    """What the comment form needs of a post: kept with a cached article, and all a comment
    POST reads of its post (the full Post is loaded only to show the form again)."""

    id: int
    path: str
    slug: str
    title: str
    allow_comments: bool
    type: str

    @property
    def is_page(self) -> bool:
        return self.type == "page"


POST_TO_COMMENT_ON = (
    # A password-protected post shows no comments and takes none (WordPress asks for the
    # password first; here the comments stay closed behind it).
    select(Post.id, Post.path, Post.slug, Post.title,
           and_(Post.allow_comments, Post.visibility != "password"), Post.type)
    .where(Post.path == bindparam("path"), live_clause(bindparam("now")))
)
# Asked for every new comment: one probe of ix_comment_email_status at any size.
APPROVED_BY_EMAIL = (select(Comment.id)
                     .where(Comment.author_email == bindparam("email"),
                            Comment.status == "approved")
                     .limit(1))
# One probe of ix_comment_post_digest, however many comments the post has; the text itself
# is compared too, so two texts sharing a digest are never mistaken for each other.
SAME_COMMENT = (select(Comment.id)
                .where(Comment.post_id == bindparam("post_id"),
                       Comment.body_digest == bindparam("digest"),
                       Comment.author_email == bindparam("email"),
                       Comment.body_source == bindparam("body"),
                       Comment.status != "trash")
                .limit(1))
NEW_COMMENT = insert(Comment)


def find_post_to_comment_on(path: str) -> PostSnapshot | None:
    """The live post at `path` a comment may be sent to."""
    row = db.session.connection().execute(POST_TO_COMMENT_ON,
                                          {"path": path, "now": utcnow()}).first()
    return PostSnapshot(*row) if row is not None else None


def has_approved_comment(email: str) -> bool:
    return db.session.connection().execute(APPROVED_BY_EMAIL,
                                           {"email": email}).first() is not None


def approved_reply_target(post: Post | PostSnapshot, comment_id: int) -> Comment | None:
    comment = db.session.get(Comment, comment_id)
    if comment is None or comment.post_id != post.id or comment.status != "approved":
        return None
    return comment


def thread_parent(post: PostSnapshot, parent_id: int | None) -> Comment | None:
    """The comment a reply attaches to; past the depth limit it joins its parent's level."""
    if parent_id is None:
        return None
    parent = approved_reply_target(post, parent_id)
    if parent is None:
        raise InvalidReply(parent_id)
    while depth_of(parent) >= MAX_DEPTH and parent.parent is not None:
        parent = parent.parent
    return parent


def find_duplicate(post: PostSnapshot, email: str, body: str) -> int | None:
    """The id of the same text from the same address on this post, if it was sent before."""
    return db.session.connection().execute(SAME_COMMENT, {
        "post_id": post.id, "digest": text_digest(body), "email": email, "body": body,
    }).scalar()


def submit_comment(post: PostSnapshot, submission: Submission, ip: str) -> Accepted:
    """Validate the thread, judge the comment, store it and commit. Raises InvalidReply or
    DuplicateComment; a busy database raises OperationalError with nothing half-written."""
    email = submission.email.lower()
    parent = thread_parent(post, submission.parent_id)
    existing = find_duplicate(post, email, submission.body)
    if existing is not None:
        raise DuplicateComment(existing)
    body_html = str(clean_comment_html(submission.body))
    candidate = moderation.Candidate(
        name=submission.name, email=email, website=submission.website or "",
        body_source=submission.body, body_html=body_html, ip=ip or "",
        ip_hash=moderation.ip_hash(ip or ""), honeypot=submission.honeypot or "",
        stamp=submission.stamp or "", post_id=post.id,
    )
    verdict = moderation.judge(candidate, has_approved_comment)
    parent_id = parent.id if parent else None
    row = {
        "post_id": post.id,
        "parent_id": parent_id,
        "author_name": candidate.name,
        "author_email": email,
        "author_url": candidate.website,
        "body_source": candidate.body_source,
        "body_digest": text_digest(candidate.body_source),
        "body_html": body_html,
        "status": verdict.status,
        "moderation_reason": verdict.reason[:300],
        "ip_hash": candidate.ip_hash if ip else None,
    }
    try:
        result = db.session.connection().execute(NEW_COMMENT, row)
        if verdict.status == moderation.APPROVED:  # a held comment changes no page
            content_changed(db.session, post.id)
        accepted = Accepted(result.inserted_primary_key[0], verdict.status, parent_id)
        # Its mail (the admin's notice, a reply notification, a confirmation) commits with it.
        comment_submitted(NewComment(
            id=accepted.id, post_id=post.id, post_path=post.path, post_title=post.title,
            parent_id=parent_id, author_name=candidate.name, author_email=email,
            author_url=candidate.website, body_source=candidate.body_source,
            body_html=body_html, status=verdict.status, reason=verdict.reason),
            submission.notify)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return accepted


def held_comments(post: Post, ids: list[int]) -> list[Comment]:
    """This visitor's own comments on this post that await moderation (spam is shown to its
    sender as "awaiting moderation" too, so a bot learns nothing)."""
    if not ids:
        return []
    return list(db.session.scalars(
        select(Comment).where(
            Comment.id.in_(ids[-20:]),
            Comment.post_id == post.id,
            Comment.status.in_(("pending", "spam")),
        ).order_by(Comment.created_at, Comment.id)
    ))


def purge_ip_hashes(days: int) -> int:
    """Forget the IP hash of comments older than `days`; returns how many were cleared."""
    cutoff = utcnow() - timedelta(days=days)
    result = db.session.execute(
        update(Comment)
        .where(Comment.ip_hash.is_not(None), Comment.created_at < cutoff)
        .values(ip_hash=None)
    )
    db.session.commit()
    return result.rowcount

