from blog.models.comment import COMMENT_STATUSES, Comment
from blog.models.drafts import HeldText, PreviewLink
from blog.models.mail import (
    MESSAGE_STATUSES,
    NewsletterIssue,
    OutboxMessage,
    ReplyWatch,
    Subscription,
)
from blog.models.menu import MENU_ITEM_KINDS, MENU_LOCATIONS, Menu, MenuItem
from blog.models.post import (
    POST_STATUSES,
    POST_TYPES,
    VISIBILITIES,
    Post,
    Redirect,
    Revision,
    featured_image,
    post_category,
    post_tag,
)
from blog.models.site import Setting, Upload
from blog.models.taxonomy import Author, Category, Tag
from blog.models.types import utcnow
from blog.models.user import AdminSession, RecoveryCode, User

__all__ = [
    "COMMENT_STATUSES",
    "MENU_ITEM_KINDS",
    "MENU_LOCATIONS",
    "VISIBILITIES",
    "Menu",
    "MenuItem",
    "featured_image",
    "post_category",
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
