"""Search on PostgreSQL: each post's stored vector of English words, stemmed, and its GIN index
(migration 0014_search_vector), and the trigram index of 0004_search_plain_text, for Korean,
Japanese and Chinese.

Ranking reads every match: the newest RANKED matches (by id) are ranked, as on SQLite, each
from its stored vector (made again from the text, as before 0014, it cost 45 µs a post)."""

from collections.abc import Callable

from sqlalchemy import Select, String, bindparam, func, literal_column, or_, select, text
from sqlalchemy.orm import aliased

from blog.models import Post
from blog.search.stems import is_whole_word
from blog.search.terms import RANKED, SearchTerms

# The posts' alias where words are matched, in its stored vector (the generated column of
# 0014_search_vector, which no model knows: SQLite has none).
MATCHED = "matched"
# Word for word the indexed expression of 0004_search_plain_text.
TEXT = literal_column("lower(title || ' ' || excerpt || ' ' || search_text)", String)
SHORT = 3


def _lexeme(word: str) -> str:
    partial = len(word) >= SHORT and not is_whole_word(word, "postgresql")
    return f"'{word}'" + (":*" if partial else "")


def _tsquery(terms: SearchTerms):
    """Each word in any of its spellings, all words required; `english` stems each lexeme, and
    a word its stemmer leaves alone may be half typed, so it matches as a prefix too. The words
    hold letters and digits only, and travel as a bound value."""
    expression = " & ".join(
        "(" + " | ".join(_lexeme(s) for s in terms.spellings(w)) + ")" for w in terms.words)
    return func.to_tsquery(text("'english'::regconfig"),
                           func.post_search_unaccent(bindparam("tsquery", expression)))


def _newest_matches(terms: SearchTerms, visible: Callable):
    """The newest RANKED + 1 posts `visible` allows holding every word (by id), with each one's
    date and rank, read from the rows the match found: looked up again by id to be ranked, the
    1,000 took 4.5 ms more at 100,000 posts."""
    tsquery = _tsquery(terms)
    matched = aliased(Post, name=MATCHED)
    vector = literal_column(f"{MATCHED}.search_vector")
    # OFFSET 0 keeps the match a query of its own: asked for the newest matches at once,
    # PostgreSQL walked the posts newest first and tested each one's vector (450 ms).
    found = (select(matched.id, matched.published_at, vector.label("vector"))
             .where(vector.op("@@")(tsquery), visible(matched)).offset(0).subquery())
    newest = select(found).order_by(found.c.id.desc()).limit(RANKED + 1).subquery()
    return newest, func.ts_rank(newest.c.vector, tsquery)


def ranked_ids(terms: SearchTerms, visible: Callable) -> Select:
    """The ids of the posts `visible` allows holding every term, best first: of the words'
    matches, the newest RANKED + 1 (by id); with no words, by CJK runs alone (no index ranks
    them), posts with one in the title first."""
    if terms.words:
        newest, rank = _newest_matches(terms, visible)
        query = select(newest.c.id).order_by(rank.desc(), newest.c.published_at.desc())
        if terms.cjk:  # and every CJK run, in the posts' text
            query = query.join(Post, Post.id == newest.c.id)
    else:
        title_hit = or_(*(func.lower(Post.title).like(f"%{t}%") for t in terms.cjk))
        query = (select(Post.id).where(visible(Post))
                 .order_by(title_hit.desc(), Post.published_at.desc()))
    for term in terms.cjk:
        query = query.where(TEXT.like(f"%{term}%"))
    return query
