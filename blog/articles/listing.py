"""Lists of posts, ids first.

Every Post row carries its comment count as a correlated subquery (models/post.py). Asked for
a page of a list, SQLite computes that count for every matching row before it sorts and cuts
the page (at 10,000 posts the front page's query took 450 ms, the sidebar's as long). So a
list first asks for the ids of its page alone (an index walk and a sort of ids), then for the
rows of those ids; and counts ids, not rows.
"""

from flask_sqlalchemy.pagination import SelectPagination
from sqlalchemy import Select, func, select

from blog.extensions import db
from blog.models import Post


def posts_in_order(statement: Select, limit: int, offset: int = 0) -> list[Post]:
    """The posts `statement` selects, `limit` of them from `offset`, in its order."""
    ids = db.session.scalars(
        statement.with_only_columns(Post.id).limit(limit).offset(offset)).all()
    if not ids:
        return []
    # By primary key alone: with the list's own filters beside it, SQLite walked the list's
    # index for them (20 ms at 100,000 posts, against 0.3). The statement's loader options
    # (search's undeferred text) still apply.
    rows = {post.id: post for post in db.session.scalars(
        select(Post).where(Post.id.in_(ids)).options(*statement._with_options))}
    return [rows[post_id] for post_id in ids if post_id in rows]


def count_posts(statement: Select) -> int:
    ids = statement.with_only_columns(Post.id).order_by(None).subquery()
    return db.session.scalar(select(func.count()).select_from(ids))


class PostPagination(SelectPagination):
    """Flask-SQLAlchemy's pagination (what the templates use), its two queries made as above."""

    def _query_items(self) -> list[Post]:
        return posts_in_order(self._query_args["select"], self.per_page, self._query_offset)

    def _query_count(self) -> int:
        return count_posts(self._query_args["counted"])


def paginate_posts(statement: Select, page: int, per_page: int,
                   counted: Select | None = None) -> PostPagination:
    """A page of `statement`'s posts; `counted` selects the same posts more cheaply, if given."""
    return PostPagination(select=statement, counted=statement if counted is None else counted,
                          session=db.session, page=page, per_page=per_page, max_per_page=None,
                          error_out=False, count=True)


class StickyFirstPagination(SelectPagination):
    """Two lists read as one: the sticky posts, then the rest, each walking its own index (one
    query ordered by sticky first sorted every live post's id)."""

    def _query_items(self) -> list[Post]:
        sticky, rest, stuck = (self._query_args[k] for k in ("select", "rest", "stuck"))
        start = self._query_offset
        items = posts_in_order(sticky, self.per_page, start) if start < stuck else []
        if len(items) < self.per_page:
            items += posts_in_order(rest, self.per_page - len(items), max(0, start - stuck))
        return items

    def _query_count(self) -> int:
        return self._query_args["stuck"] + count_posts(self._query_args["rest"])


def paginate_sticky_first(sticky: Select, rest: Select, page: int,
                          per_page: int) -> StickyFirstPagination:
    return StickyFirstPagination(select=sticky, rest=rest, stuck=count_posts(sticky),
                                 session=db.session, page=page, per_page=per_page,
                                 max_per_page=None, error_out=False, count=True)
