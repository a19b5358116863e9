from blog.models.comment import COMMENT_STATUSES, Comment
from blog.models.drafts import HeldText, PreviewLink
from blog.models.mail import (
    MESSAGE_STATUSES,
    NewsletterIssue,
    OutboxMessage,
    ReplyWatch,
    Subscription,
)
from blog.models.post import POST_STATUSES, POST_TYPES, Post, Redirect, Revision, post_tag
from blog.models.site import Setting, Upload
from blog.models.taxonomy import Author, Category, Tag
from blog.models.types import utcnow
from blog.models.user import AdminSession, RecoveryCode, User

__all__ = [
    "COMMENT_STATUSES",
    "MESSAGE_STATUSES",
    "AdminSession",
    "POST_STATUSES",
    "POST_TYPES",
    "Author",
    "Category",
    "Comment",
    "HeldText",
    "NewsletterIssue",
    "OutboxMessage",
    "Post",
    "PreviewLink",
    "RecoveryCode",
    "Redirect",
    "ReplyWatch",
    "Revision",
    "Setting",
    "Subscription",
    "Tag",
    "Upload",
    "User",
    "post_tag",
    "utcnow",
]
