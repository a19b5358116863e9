"""Lists of posts, ids first.

Every Post row carries its comment count as a correlated subquery (models/post.py). Asked for
a page of a list, SQLite computes that count for every matching row before it sorts and cuts
the page (at 10,000 posts the front page's query took 450 ms, the sidebar's as long). So a
list first asks for the ids of its page alone (an index walk and a sort of ids), then for the
rows of those ids; and counts ids, not rows.

A reading list (PostList) is newest first and may be made of disjoint parts, each walking its
own index: a category's posts filed under it, and those it is one of several categories of
(asked for as one list of ids, SQLite and PostgreSQL read every post of the category to
merge them: 65 ms for a category's first page at 100,000 posts on PostgreSQL). A page takes
the first rows of each part and merges them. Its length is counted once per content
generation (counts.py), and a page past the middle is read from the list's other end, so the
last page of a category of 16,667 posts costs what its first does (52 ms -> 0.2 at 100,000).
"""

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from flask_sqlalchemy.pagination import SelectPagination
from sqlalchemy import Select, func, select, union_all

from blog.articles.remembered import remembered
from blog.extensions import db
from blog.models import Post

NEWEST = (Post.published_at.desc(), Post.id.desc())
OLDEST = (Post.published_at.asc(), Post.id.asc())


def posts_by_id(ids: Sequence[int], options: Sequence = ()) -> list[Post]:
    """The posts of `ids`, in that order. By primary key alone: with a list's own filters
    beside it, SQLite walked the list's index for them (20 ms at 100,000 posts, against 0.3).
    `options` are a statement's loader options (search's undeferred text)."""
    if not ids:
        return []
    rows = {post.id: post for post in db.session.scalars(
        select(Post).where(Post.id.in_(ids)).options(*options))}
    return [rows[post_id] for post_id in ids if post_id in rows]


def posts_in_order(statement: Select, limit: int, offset: int = 0) -> list[Post]:
    """The posts `statement` selects, `limit` of them from `offset`, in its order."""
    ids = db.session.scalars(
        statement.with_only_columns(Post.id).limit(limit).offset(offset)).all()
    return posts_by_id(ids, statement._with_options)


def count_posts(statement: Select) -> int:
    ids = statement.with_only_columns(Post.id).order_by(None).subquery()
    return db.session.scalar(select(func.count()).select_from(ids))


@dataclass(frozen=True)
class PostList:
    """Posts newest first: the union of `parts`, which select no post twice. `key` names the
    list (("category", 3)), for its count to be remembered; None counts it every time."""

    parts: tuple[Select, ...]
    key: Hashable | None = None

    @property
    def options(self) -> Sequence:
        return self.parts[0]._with_options

    def count(self) -> int:
        def count_now() -> int:
            if len(self.parts) == 1:
                return count_posts(self.parts[0])
            counts = [select(func.count()).select_from(
                part.with_only_columns(Post.id).order_by(None).subquery()).scalar_subquery()
                for part in self.parts]
            return db.session.scalar(select(sum(counts[1:], counts[0])))  # one statement

        return count_now() if self.key is None else remembered(self.key, count_now)

    def ids(self, limit: int, offset: int, total: int) -> list[int]:
        """The ids of `limit` posts from `offset`, read from the nearer end of the list."""
        if limit <= 0 or offset >= total:
            return []
        if offset * 2 <= total:
            return self._ids(limit, offset, NEWEST)
        taken = min(limit, total - offset)
        return self._ids(taken, total - offset - taken, OLDEST)[::-1]

    def _ids(self, limit: int, offset: int, order) -> list[int]:
        if len(self.parts) == 1:
            ordered = self.parts[0].with_only_columns(Post.id).order_by(None).order_by(*order)
            return db.session.scalars(ordered.limit(limit).offset(offset)).all()
        # Each part's first rows (an index walk each), merged.
        firsts = [select(part.with_only_columns(Post.id, Post.published_at).order_by(None)
                         .order_by(*order).limit(offset + limit).subquery())
                  for part in self.parts]
        merged = union_all(*firsts).subquery()
        newest = order is NEWEST
        by = [column.desc() if newest else column.asc()
              for column in (merged.c.published_at, merged.c.id)]
        return db.session.scalars(
            select(merged.c.id).order_by(*by).limit(limit).offset(offset)).all()


class ListsPagination(SelectPagination):
    """Flask-SQLAlchemy's pagination (what the templates use) over lists read one after the
    other (the front page's sticky posts, then the rest): their counts first (remembered), the
    ids of the page from each, then the rows of all in one statement."""

    def _query_items(self) -> list[Post]:
        lists: Sequence[PostList] = self._query_args["lists"]
        self._counts = [each.count() for each in lists]
        ids: list[int] = []
        start = self._query_offset
        for each, total in zip(lists, self._counts, strict=True):
            ids += each.ids(self.per_page - len(ids), start, total)
            start = max(0, start - total)
        return posts_by_id(ids, lists[0].options)

    def _query_count(self) -> int:
        return sum(self._counts)


def paginate_lists(lists: Sequence[PostList], page: int, per_page: int) -> ListsPagination:
    return ListsPagination(lists=lists, session=db.session, page=page, per_page=per_page,
                           max_per_page=None, error_out=False, count=True)


class PostPagination(SelectPagination):
    """A page of a statement in its own order (search's, best first), counted from `counted`
    (the same posts, unordered) under `key` if given."""

    def _query_items(self) -> list[Post]:
        return posts_in_order(self._query_args["select"], self.per_page, self._query_offset)

    def _query_count(self) -> int:
        counted, key = self._query_args["counted"], self._query_args["key"]
        if key is None:
            return count_posts(counted)
        return remembered(key, lambda: count_posts(counted))


def paginate_posts(statement: Select, page: int, per_page: int,
                   counted: Select | None = None, key: Hashable | None = None,
                   ) -> PostPagination:
    """A page of `statement`'s posts; `counted` selects the same posts more cheaply, if given."""
    return PostPagination(select=statement, counted=statement if counted is None else counted,
                          key=key, session=db.session, page=page, per_page=per_page,
                          max_per_page=None, error_out=False, count=True)
