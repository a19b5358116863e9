"""Comments, pingbacks and trackbacks of one WXR item, threads kept."""

from sqlalchemy import insert, select, update

from blog.content.sanitize import clean_comment_html
from blog.content.web_address import WebAddressError, normalise_web_address
from blog.extensions import db
from blog.models import Comment
from blog.models.comment import text_digest
from blog.wxr.entries import WxrComment
from blog.wxr.state import ImportState

STATUSES = {"1": "approved", "0": "pending", "spam": "spam", "trash": "trash",
            "post-trashed": "trash"}
KINDS = {"comment": "comment", "pingback": "pingback", "trackback": "trackback"}


def _author_url(raw: str) -> str:
    """A valid URL of at most Comment.author_url's 200 characters, or none."""
    try:
        return normalise_web_address(raw) if raw else ""
    except WebAddressError:
        return ""


def _row(state: ImportState, post_id: int, comment: WxrComment) -> dict:
    email = comment.author_email[:254]
    row = {
        "post_id": post_id,
        "author_name": (comment.author.strip() or "Anonymous")[:245],
        "author_email": email,
        "author_url": _author_url(comment.author_url),
        "body_source": comment.content,
        "body_digest": text_digest(comment.content),
        "body_html": str(clean_comment_html(comment.content)),
        "status": STATUSES.get(comment.approved, "pending"),
        "kind": KINDS[comment.type],
        "by_admin": bool(email) and email.lower() in state.author_emails,
        "legacy_id": comment.legacy_id,
    }
    if comment.date_gmt:
        row["created_at"] = comment.date_gmt
    return row


def known_comments(post_id: int) -> dict[int, int]:
    """WordPress id → ours of the post's comments already here (of two with one id, the
    later)."""
    return dict(db.session.execute(
        select(Comment.legacy_id, Comment.id)
        .where(Comment.post_id == post_id, Comment.legacy_id.is_not(None))
        .order_by(Comment.id)).all())


def import_comments(state: ImportState, post_id: int, comments: list[WxrComment],
                    existing: bool) -> None:
    """Insert the new ones in one statement, then link replies to their parents (a parent may
    come after its reply in the file, or be from an earlier import). A reply's parent is one
    of its own post's comments (WordPress exports them with their post), so what is
    remembered is the post's comments only, while its item is read: those already here when
    the post was (`existing`), and those added now."""
    known = known_comments(post_id) if existing else {}
    new: list[WxrComment] = []
    for comment in comments:
        if comment.type not in KINDS:
            state.summary.skip(f"comment {comment.legacy_id}",
                               f"comments of type '{comment.type}' (plugin data)")
        elif comment.legacy_id in known:
            state.summary.existing["comments"] += 1
        else:
            new.append(comment)
    if not new:
        return
    ids = db.session.execute(
        insert(Comment).returning(Comment.id, sort_by_parameter_order=True),
        [_row(state, post_id, comment) for comment in new],
    ).scalars().all()
    for comment, new_id in zip(new, ids, strict=True):
        known[comment.legacy_id] = new_id
        kind = KINDS[comment.type]
        state.summary.created["comments" if kind == "comment" else kind + "s"] += 1
    links = [
        {"id": known[c.legacy_id], "parent_id": known[c.parent_id]}
        for c in new if c.parent_id and c.parent_id in known
    ]
    orphans = sum(1 for c in new if c.parent_id and c.parent_id not in known)
    if orphans:
        state.summary.notes["replies whose parent comment is not in the file: kept at top level"] \
            += orphans
    if links:
        db.session.execute(update(Comment), links)
