"""One page of search results in a constant number of statements."""

from dataclasses import dataclass

from flask_sqlalchemy.pagination import SelectPagination
from markupsafe import Markup
from sqlalchemy import and_, false, func, select
from sqlalchemy.orm import undefer

from blog.articles.listing import posts_by_id
from blog.articles.services import live_clause
from blog.content.markdown import plain_excerpt
from blog.extensions import db
from blog.models import Post
from blog.search import postgres, sqlite
from blog.search.snippets import has_match, highlight, snippet
from blog.search.terms import RANKED, SearchTerms, parse_terms


@dataclass
class SearchResult:
    post: Post
    title: Markup
    snippet: Markup


def _backend():
    return sqlite if db.engine.dialect.name == "sqlite" else postgres


class SearchPagination(SelectPagination):
    """A page of the results best first, and how many there are, in one statement (a window
    count over the ranked matches); a page past the end counts them on its own. The backends
    rank at most RANKED + 1: `more` says there are more than RANKED, and `total` stops there."""

    def _query_items(self) -> list[Post]:
        ids = self._query_args["ids"]
        limit = min(self.per_page, RANKED - self._query_offset)  # none shown past RANKED
        rows = [] if limit <= 0 else db.session.execute(
            ids.add_columns(func.count().over()).limit(limit).offset(self._query_offset)).all()
        self._total = rows[0][1] if rows else None
        return posts_by_id([row[0] for row in rows], SHOWN)

    def _query_count(self) -> int:
        total = self._total
        if total is None:
            ids = self._query_args["ids"].order_by(None).subquery()
            total = db.session.scalar(select(func.count()).select_from(ids))
        self.more = total > RANKED
        return min(total, RANKED)


SHOWN = (undefer(Post.search_text),)  # the snippets come from it


def searchable(post=Post):
    """What a search may find: live posts and pages (`post` may be an alias of Post)."""
    return and_(post.type.in_(("post", "page")), live_clause(post=post))


def search_posts(query: str, page: int, per_page: int):
    """(terms, pagination) for the live posts and pages holding every word of `query`;
    pagination.items are SearchResults. An empty query matches nothing."""
    terms = parse_terms(query)
    ids = _backend().ranked_ids(terms, searchable) if terms else select(Post.id).where(false())
    pagination = SearchPagination(ids=ids, session=db.session, page=max(page, 1),
                                  per_page=per_page, max_per_page=None, error_out=False,
                                  count=True)
    pagination.items = [_result(post, terms) for post in pagination.items]
    return terms, pagination


def _result(post: Post, terms: SearchTerms) -> SearchResult:
    if post.is_protected:  # its title is public; its body (and excerpt) is not
        return SearchResult(post=post, title=highlight(post.title, terms.highlights),
                            snippet=Markup(""))
    body = post.search_text
    marks = terms.highlights
    text = body if has_match(body, marks) else post.excerpt or body
    return SearchResult(
        post=post,
        title=highlight(post.title, marks),
        snippet=snippet(text or plain_excerpt(str(post.body_html)), marks),
    )
