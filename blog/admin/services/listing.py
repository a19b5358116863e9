"""The posts and pages list: status filter, title search, pagination."""

from sqlalchemy import func, select

from blog.admin.services.posts import count_by_status
from blog.extensions import db
from blog.models import Post

PER_PAGE = 20


def post_list(post_type: str, status: str, query: str, page: int):
    statement = select(Post).where(Post.type == post_type)
    if status in ("draft", "published", "scheduled"):
        statement = statement.where(Post.status == status)
    if query:
        escaped = query.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        statement = statement.where(func.lower(Post.title).like(f"%{escaped}%", escape="\\"))
    statement = statement.order_by(
        Post.published_at.desc().nulls_first(), Post.updated_at.desc(), Post.id.desc()
    )
    pagination = db.paginate(statement, page=page, per_page=PER_PAGE, error_out=False)
    counts = count_by_status(post_type)
    counts["all"] = sum(counts.values())
    return pagination, counts
