"""Search on PostgreSQL: each post's stored vector of English words, stemmed, and its GIN index
(migration 0014_search_vector), and the trigram index of 0004_search_plain_text, for Korean,
Japanese and Chinese.

Ranking reads every match: the newest RANKED matches (by id) are ranked, as on SQLite, each
from its stored vector (made again from the text, as before 0014, it cost 45 µs a post).
Which way to find them depends on how common the words are (see _common)."""

from collections.abc import Callable

from sqlalchemy import Select, String, bindparam, func, literal_column, or_, select, text
from sqlalchemy.orm import aliased

from blog.extensions import db
from blog.models import Post
from blog.search.stems import is_whole_word
from blog.search.terms import RANKED, SearchTerms

# The posts' alias where words are matched, in its stored vector (the generated column of
# 0014_search_vector, which no model knows: SQLite has none).
MATCHED = "matched"
# Word for word the indexed expression of 0004_search_plain_text.
TEXT = literal_column("lower(title || ' ' || excerpt || ' ' || search_text)", String)
SHORT = 3


def _lexeme(word: str, prefixes: bool = True) -> str:
    partial = prefixes and len(word) >= SHORT and not is_whole_word(word, "postgresql")
    return f"'{word}'" + (":*" if partial else "")


def _expression(terms: SearchTerms, prefixes: bool = True) -> str:
    """Each word in any of its spellings, all words required; `english` stems each lexeme, and
    a word its stemmer leaves alone may be half typed, so it matches as a prefix too. The words
    hold letters and digits only, and travel as a bound value."""
    return " & ".join("(" + " | ".join(_lexeme(s, prefixes) for s in terms.spellings(w)) + ")"
                      for w in terms.words)


# The words' estimated matches, as the planner sees them (a constant statement, the words bound).
ESTIMATE = text("EXPLAIN (FORMAT JSON) SELECT 1 FROM post WHERE search_vector @@ "
                "to_tsquery('english'::regconfig, post_search_unaccent(:tsquery))")


def _tsquery(terms: SearchTerms):
    return func.to_tsquery(text("'english'::regconfig"),
                           func.post_search_unaccent(bindparam("tsquery", _expression(terms))))


def _common(terms: SearchTerms) -> bool:
    """Whether the words are common enough to walk the posts newest first, testing each one's
    vector, until RANKED + 1 match (about 7 µs a post read), rather than take every match from
    the GIN index and read each one's row to see it is live (about 1.3 µs a match): at
    100,000 posts, a word in 2 % of them took 180 ms walking and 9 ms from the index; a word
    in all of them 138 ms from the index and 4.5 ms walking. The walk wins when the matches
    M are past about sqrt(5 x RANKED x posts). M is PostgreSQL's own estimate, from the
    lexeme statistics ANALYZE keeps for the stored vectors (planning only: no row is read),
    for the words as whole words: it guesses a prefix's matches poorly (2 % for a prefix in
    every post), and a word's matches as a prefix are at least as many."""
    session = db.session
    # psycopg hands the json plan over parsed.
    plan = session.execute(ESTIMATE, {"tsquery": _expression(terms, prefixes=False)}).scalar()
    matches = plan[0]["Plan"]["Plan Rows"]
    posts = session.execute(text("SELECT reltuples FROM pg_class "
                                 "WHERE oid = 'post'::regclass")).scalar() or 0
    return matches * matches > 5 * RANKED * posts


def _newest_matches(terms: SearchTerms, visible: Callable):
    """The newest RANKED + 1 posts `visible` allows holding every word (by id), with each one's
    date and rank, read from the rows the match found: looked up again by id to be ranked, the
    1,000 took 4.5 ms more at 100,000 posts."""
    tsquery = _tsquery(terms)
    matched = aliased(Post, name=MATCHED)
    vector = literal_column(f"{MATCHED}.search_vector")
    found = (select(matched.id, matched.published_at, vector.label("vector"))
             .where(vector.op("@@")(tsquery), visible(matched)))
    if not _common(terms):
        # OFFSET 0 keeps the match a query of its own, read from the index: asked for the
        # newest matches at once, PostgreSQL walks the posts newest first (_common).
        found = found.offset(0)
    found = found.subquery()
    newest = select(found).order_by(found.c.id.desc()).limit(RANKED + 1).subquery()
    # The query made once, a value of its own: psycopg prepares a statement run often, and in
    # the generic plan PostgreSQL then picks, to_tsquery ran again for every match ranked
    # (501 ranked at 100,000 posts: 5.0 -> 3.0 ms).
    once = select(tsquery).scalar_subquery()
    return newest, func.ts_rank(newest.c.vector, once)


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
