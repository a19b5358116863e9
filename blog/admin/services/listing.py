"""The posts and pages list (status filter, title search, pagination) and the parent-page
choices."""

from sqlalchemy import func, select

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


def page_choices(exclude: Post | None = None) -> list[tuple[int, str]]:
    """Pages that may be `exclude`'s parent: not itself, not one of its descendants."""
    query = select(Post.id, Post.path, Post.title).where(Post.type == "page").order_by(Post.path)
    if exclude is not None and exclude.id is not None:
        query = query.where(
            Post.id != exclude.id,
            ~Post.path.startswith(exclude.path + "/", autoescape=True),
        )
    return [(row.id, f"{row.title} (/{row.path}/)") for row in db.session.execute(query)]


def count_by_status(post_type: str = "post") -> dict[str, int]:
    rows = db.session.execute(
        select(Post.status, func.count()).where(Post.type == post_type).group_by(Post.status)
    )
    return {status: n for status, n in rows}
