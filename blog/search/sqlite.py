"""Search on SQLite: the FTS5 indexes over title, excerpt and the body's text without markup:
English words stemmed by the porter tokenizer (migration 0009_studio), Korean, Japanese and
Chinese by trigrams (0004_search_plain_text)."""

from sqlalchemy import Select, column, func, literal_column, or_, select, table

from blog.models import Post
from blog.search.stems import is_whole_word
from blog.search.terms import SearchTerms

WORDS = table("post_search", column("rowid"))
CJK = table("post_search_cjk", column("rowid"))
TRIGRAM = 3  # the trigram index cannot look up anything shorter
# bm25 weights per indexed column (title, excerpt, body): a word in the title counts most.
WEIGHTS = (10.0, 4.0, 1.0)


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


def matching(query: Select, terms: SearchTerms) -> Select:
    """The posts `restrict` finds, unranked, for counting them: each index is asked once, in a
    subquery. (Joined without an order, SQLite walks the posts and asks the index once per post:
    2 s for two common words at 10,000 posts, against 6 ms.)"""
    if terms.words:
        expression = " AND ".join(_any_spelling(terms, w) for w in terms.words)
        query = query.where(Post.id.in_(select(WORDS.c.rowid).where(_match(WORDS, expression))))
    long_cjk = [t for t in terms.cjk if len(t) >= TRIGRAM]
    if long_cjk:
        expression = " AND ".join(_phrase(t) for t in long_cjk)
        query = query.where(Post.id.in_(select(CJK.c.rowid).where(_match(CJK, expression))))
    for term in (t for t in terms.cjk if len(t) < TRIGRAM):
        pattern = f"%{term}%"
        query = query.where(or_(Post.title.like(pattern), Post.excerpt.like(pattern),
                                Post.search_text.like(pattern)))
    return query


def restrict(query: Select, terms: SearchTerms) -> Select:
    """Filter `query` (over Post) to the posts holding every term, best first."""
    long_cjk = [t for t in terms.cjk if len(t) >= TRIGRAM]
    short_cjk = [t for t in terms.cjk if len(t) < TRIGRAM]
    ranked = None
    if terms.words:
        expression = " AND ".join(_any_spelling(terms, w) for w in terms.words)
        query = query.join(WORDS, WORDS.c.rowid == Post.id).where(_match(WORDS, expression))
        ranked = _rank(WORDS)
    if long_cjk:
        expression = " AND ".join(_phrase(t) for t in long_cjk)
        if ranked is None:
            query = query.join(CJK, CJK.c.rowid == Post.id).where(_match(CJK, expression))
            ranked = _rank(CJK)
        else:
            query = query.where(Post.id.in_(select(CJK.c.rowid).where(_match(CJK, expression))))
    for term in short_cjk:
        pattern = f"%{term}%"  # CJK runs hold no LIKE wildcards
        query = query.where(or_(Post.title.like(pattern), Post.excerpt.like(pattern),
                                Post.search_text.like(pattern)))
    if ranked is not None:
        return query.order_by(ranked, Post.published_at.desc())
    title_hit = or_(*(Post.title.like(f"%{t}%") for t in short_cjk))
    return query.order_by(title_hit.desc(), Post.published_at.desc())
