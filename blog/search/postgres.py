"""Search on PostgreSQL: the expression indexes of migrations 0009_studio (English words,
stemmed) and 0004_search_plain_text (trigrams, for Korean, Japanese and Chinese)."""

from sqlalchemy import Select, String, bindparam, func, literal_column, or_, text

from blog.models import Post
from blog.search.stems import is_whole_word
from blog.search.terms import SearchTerms

# Word for word the indexed expressions of migrations 0009_studio and 0004_search_plain_text.
VECTOR = literal_column(
    "(setweight(to_tsvector('english'::regconfig, post_search_unaccent(title)), 'A') || "
    "setweight(to_tsvector('english'::regconfig, post_search_unaccent(excerpt)), 'B') || "
    "setweight(to_tsvector('english'::regconfig, post_search_unaccent(search_text)), 'D'))"
)
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


def restrict(query: Select, terms: SearchTerms) -> Select:
    ranked = None
    if terms.words:
        tsquery = _tsquery(terms)
        query = query.where(VECTOR.op("@@")(tsquery))
        ranked = func.ts_rank(VECTOR, tsquery)
    for term in terms.cjk:
        query = query.where(TEXT.like(f"%{term}%"))
    if ranked is not None:
        return query.order_by(ranked.desc(), Post.published_at.desc())
    title_hit = or_(*(func.lower(Post.title).like(f"%{t}%") for t in terms.cjk))
    return query.order_by(title_hit.desc(), Post.published_at.desc())


def matching(query: Select, terms: SearchTerms) -> Select:
    """The posts `restrict` finds, for counting them (PostgreSQL plans the one form well)."""
    return restrict(query, terms).order_by(None)
