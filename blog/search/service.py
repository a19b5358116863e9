"""One page of search results in a constant number of statements."""

from dataclasses import dataclass

from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import undefer

from blog.articles.listing import paginate_posts
from blog.articles.services import live_clause
from blog.content.markdown import plain_excerpt
from blog.extensions import db
from blog.models import Post
from blog.search import postgres, sqlite
from blog.search.snippets import has_match, highlight, snippet
from blog.search.terms import SearchTerms, parse_terms


@dataclass
class SearchResult:
    post: Post
    title: Markup
    snippet: Markup


def _backend():
    return sqlite if db.engine.dialect.name == "sqlite" else postgres


def search_posts(query: str, page: int, per_page: int):
    """(terms, pagination) for the live posts and pages holding every word of `query`;
    pagination.items are SearchResults. An empty query matches nothing."""
    terms = parse_terms(query)
    base = (select(Post).options(undefer(Post.search_text))  # the snippets come from it
            .where(Post.type.in_(("post", "page")), live_clause()))
    if not terms:
        base = base.where(Post.id.is_(None))
    backend = _backend()
    pagination = paginate_posts(backend.restrict(base, terms) if terms else base,
                                max(page, 1), per_page,
                                counted=backend.matching(base, terms) if terms else base)
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
