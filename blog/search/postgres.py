"""Search on PostgreSQL: the expression indexes of migration 0004_search_plain_text."""

from sqlalchemy import Select, String, bindparam, func, literal_column, or_, text

from blog.models import Post
from blog.search.terms import SearchTerms

# Word for word the indexed expressions of migration 0004_search_plain_text.
VECTOR = literal_column(
    "(setweight(to_tsvector('simple'::regconfig, post_search_unaccent(title)), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, post_search_unaccent(excerpt)), 'B') || "
    "setweight(to_tsvector('simple'::regconfig, post_search_unaccent(search_text)), 'D'))"
)
TEXT = literal_column("lower(title || ' ' || excerpt || ' ' || search_text)", String)
SHORT = 3


def _tsquery(words: list[str]):
    """Each word as a quoted lexeme (prefix-matched when long enough), all required; the
    words hold letters and digits only, and travel as a bound value."""
    expression = " & ".join(f"'{w}'" + (":*" if len(w) >= SHORT else "") for w in words)
    return func.to_tsquery(text("'simple'::regconfig"),
                           func.post_search_unaccent(bindparam("tsquery", expression)))


def restrict(query: Select, terms: SearchTerms) -> Select:
    ranked = None
    if terms.words:
        tsquery = _tsquery(terms.words)
        query = query.where(VECTOR.op("@@")(tsquery))
        ranked = func.ts_rank(VECTOR, tsquery)
    for term in terms.cjk:
        query = query.where(TEXT.like(f"%{term}%"))
    if ranked is not None:
        return query.order_by(ranked.desc(), Post.published_at.desc())
    title_hit = or_(*(func.lower(Post.title).like(f"%{t}%") for t in terms.cjk))
    return query.order_by(title_hit.desc(), Post.published_at.desc())
