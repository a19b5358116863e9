"""Comment moderation: statuses, edits, the admin's replies and the disallowed list."""

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import joinedload

from blog.admin.services.taxonomy import writer_byline
from blog.content.sanitize import clean_comment_html
from blog.extensions import db
from blog.mail.notices import replies_approved
from blog.models import COMMENT_STATUSES, Comment, User
from blog.site_settings import save_site_settings, site_setting

# action -> the status it sets
STATUS_ACTIONS = {"approve": "approved", "unapprove": "pending", "spam": "spam",
                  "trash": "trash", "restore": "pending", "not_spam": "approved"}
ACTIONS = (*STATUS_ACTIONS, "delete", "ban")
PER_PAGE = 20


def counts_by_status() -> dict[str, int]:
    counts = dict.fromkeys(COMMENT_STATUSES, 0)
    rows = db.session.execute(select(Comment.status, func.count()).group_by(Comment.status))
    counts.update({status: n for status, n in rows})
    return counts


def list_comments(status: str, page: int, query: str = ""):
    statement = select(Comment).options(joinedload(Comment.post), joinedload(Comment.parent))
    statement = statement.where(Comment.status == status)
    if query:
        like = f"%{query.lower()}%"
        statement = statement.where(or_(func.lower(Comment.author_name).like(like),
                                        func.lower(Comment.author_email).like(like),
                                        func.lower(Comment.body_source).like(like)))
    statement = statement.order_by(Comment.created_at.desc(), Comment.id.desc())
    return db.paginate(statement, page=page, per_page=PER_PAGE, error_out=False)


def get_comment(comment_id: int) -> Comment | None:
    return db.session.get(Comment, comment_id)


def moderate(ids: list[int], action: str) -> int:
    """Apply one action to the comments with these ids; returns how many it touched."""
    if action not in ACTIONS or not ids:
        return 0
    if action == "ban":
        comments = db.session.scalars(select(Comment).where(Comment.id.in_(ids))).all()
        _disallow([c.author_email.strip().lower() or (c.ip_hash or "") for c in comments])
        action = "spam"
    if action == "delete":
        done = db.session.execute(delete(Comment).where(Comment.id.in_(ids))).rowcount
    else:
        done = db.session.execute(
            update(Comment).where(Comment.id.in_(ids))
            .values(status=STATUS_ACTIONS[action], moderation_reason="")
            .execution_options(synchronize_session=False)
        ).rowcount
        if STATUS_ACTIONS[action] == "approved":
            replies_approved(ids)  # a held reply is mailed once the admin approves it
    db.session.commit()
    return done


def _disallow(entries: list[str]) -> None:
    """Add entries to COMMENTS_DISALLOWED, one a line, without repeating one."""
    current = str(site_setting("COMMENTS_DISALLOWED") or "")
    lines = [line for line in current.splitlines() if line.strip()]
    known = {line.strip().lower() for line in lines}
    for entry in entries:
        if entry and entry.lower() not in known:
            lines.append(entry)
            known.add(entry.lower())
    save_site_settings({"COMMENTS_DISALLOWED": "\n".join(lines)})


def update_comment(comment: Comment, values: dict) -> Comment:
    comment.author_name = values["author_name"].strip()
    comment.author_email = (values.get("author_email") or "").strip()
    comment.author_url = (values.get("author_url") or "").strip()
    comment.body_source = values["body"]
    comment.body_html = clean_comment_html(values["body"])
    if values.get("status") in COMMENT_STATUSES and values["status"] != comment.status:
        comment.status = values["status"]
        comment.moderation_reason = ""
        if comment.status == "approved":
            db.session.flush()
            replies_approved([comment.id])
    db.session.commit()
    return comment


def reply_as_admin(parent: Comment, body: str, fallback_name: str,
                   writer: User | None = None) -> Comment:
    """The admin's reply: approved at once, signed by the post's author (the byline readers
    see above it), else the admin's own profile, else the site's name; the comment replied to
    is approved too (as in WordPress)."""
    author = parent.post.author or (writer_byline(writer) if writer is not None else None)
    reply = Comment(
        post_id=parent.post_id, parent_id=parent.id,
        author_name=author.name if author else fallback_name,
        author_email=(author.email or "") if author else "",
        body_source=body, body_html=clean_comment_html(body),
        status="approved", by_admin=True,
    )
    approved = [parent.id] if parent.status == "pending" else []
    if approved:
        parent.status = "approved"
        parent.moderation_reason = ""
    db.session.add(reply)
    db.session.flush()
    replies_approved([reply.id, *approved])
    db.session.commit()
    return reply
