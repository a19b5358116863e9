"""Search on SQLite: the FTS5 indexes over title, excerpt and the body's text without markup:
English words stemmed by the porter tokenizer (migration 0009_studio), Korean, Japanese and
Chinese by trigrams (0004_search_plain_text).

Ranking reads every match (bm25 over each, and whether each post is live): a word in every post
cost 174 ms at 100,000 posts. So the newest RANKED matches are ranked (the index hands them out
newest id first, and stops there), and the page says there are more (blog/search/service.py).
Whether a match is live is read from an index by id (migration 0015), not from its row."""

from collections.abc import Callable

from sqlalchemy import Select, Subquery, column, func, literal_column, or_, select, table
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlalchemy.sql.selectable import Alias

from blog.models import Post
from blog.models.post import LIVE_BY_ID
from blog.search.stems import is_whole_word
from blog.search.terms import RANKED, SearchTerms

WORDS = table("post_search", column("rowid"))
CJK = table("post_search_cjk", column("rowid"))
TRIGRAM = 3  # the trigram index cannot look up anything shorter
# bm25 weights per indexed column (title, excerpt, body): a word in the title counts most.
WEIGHTS = (10.0, 4.0, 1.0)


class _LiveById(Alias):
    """The posts, read through the index of their id, status, date and visibility: SQLite's
    planner takes the row for a lookup by id (INDEXED BY makes it use the index), and the row
    holds those columns past the text, on its overflow pages (500 matches: 7 ms -> 1 ms)."""

    inherit_cache = True


@compiles(_LiveById, "sqlite")
def _indexed_by(element, compiler, **kw):
    text = compiler.visit_alias(element, **kw)
    return f"{text} INDEXED BY {LIVE_BY_ID}" if kw.get("asfrom") else text


def _phrase(term: str, prefix: bool = False) -> str:
    """A quoted FTS5 string: inside quotes, operators are plain text ("" escapes a quote,
    though our terms never hold one)."""
    quoted = '"' + term.replace('"', '""') + '"'
    return quoted + "*" if prefix else quoted


def _any_spelling(terms: SearchTerms, word: str) -> str:
    """("colour" OR "color"): the porter tokenizer stems each, so every form of either is
    found; a word its stemmer leaves alone may be half typed, and matches as a prefix too."""
    alternatives = [_phrase(s, prefix=len(s) >= TRIGRAM and not is_whole_word(s))
                    for s in terms.spellings(word)]
    return "(" + " OR ".join(alternatives) + ")"


def _match(index, expression: str):
    return literal_column(index.name).op("MATCH")(expression)


def _rank(index):
    return func.bm25(literal_column(index.name), *WEIGHTS)


def _newest(index, expression: str, visible: Callable) -> Subquery:
    """The newest RANKED + 1 matches a reader may see (by id, as the index hands them out), their
    rank and date, asked of the index once: joined to the posts without it, SQLite walked the
    posts and asked the index once per post (2 s for two common words at 10,000 posts). No
    post's row is read: whether it is live comes from the index of _LiveById."""
    post = aliased(Post, alias=_LiveById._construct(Post.__table__, name="shown"))
    return (select(index.c.rowid.label("id"), _rank(index).label("rank"), post.published_at)
            .join(post, post.id == index.c.rowid)
            .where(_match(index, expression), visible(post))
            .order_by(index.c.rowid.desc()).limit(RANKED + 1).subquery())


def ranked_ids(terms: SearchTerms, visible: Callable) -> Select:
    """The ids of the posts `visible` allows holding every term, best first."""
    long_cjk = [t for t in terms.cjk if len(t) >= TRIGRAM]
    cjk_expression = " AND ".join(_phrase(t) for t in long_cjk)
    # CJK runs hold no LIKE wildcards.
    short = [or_(Post.title.like(f"%{t}%"), Post.excerpt.like(f"%{t}%"),
                 Post.search_text.like(f"%{t}%")) for t in terms.cjk if len(t) < TRIGRAM]
    if not (terms.words or long_cjk):
        title_hit = or_(*(Post.title.like(f"%{t}%") for t in terms.cjk))
        return (select(Post.id).where(visible(Post), *short)
                .order_by(title_hit.desc(), Post.published_at.desc()))
    if terms.words:
        newest = _newest(WORDS, " AND ".join(_any_spelling(terms, w) for w in terms.words),
                         visible)
    else:
        newest = _newest(CJK, cjk_expression, visible)
    ids = select(newest.c.id).order_by(newest.c.rank, newest.c.published_at.desc())
    if terms.words and long_cjk:
        ids = ids.where(newest.c.id.in_(select(CJK.c.rowid).where(_match(CJK, cjk_expression))))
    if short:
        ids = ids.join(Post, Post.id == newest.c.id).where(*short)
    return ids
