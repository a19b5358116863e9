"""A search ranks up to 500 matches: what it reads of each must not grow with the post."""

import pytest

from blog.extensions import db
from blog.search import postgres, sqlite
from blog.search.service import searchable
from blog.search.terms import parse_terms


def _plan(statement, explain: str) -> str:
    compiled = statement.compile(db.engine, compile_kwargs={"render_postcompile": True})
    if compiled.positiontup is not None:  # SQLite's ? parameters
        parameters = tuple(compiled.params[name] for name in compiled.positiontup)
    else:
        parameters = compiled.params
    with db.engine.connect() as connection:
        rows = connection.exec_driver_sql(f"{explain} {compiled}", parameters).all()
    return "\n".join(str(row[-1]) for row in rows)


def test_a_match_is_seen_to_be_live_without_reading_its_post(app, make):
    make.post(title="Kubernetes at home", body="A cluster in a cupboard.")
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            plan = _plan(sqlite.ranked_ids(parse_terms("kubernetes cluster"), searchable),
                         "EXPLAIN QUERY PLAN")
            # Before, each match's row was read for its status: past its text, on overflow
            # pages (15 ms for 1,000 matches of 1,500 words).
            assert "USING COVERING INDEX ix_post_live_by_id" in plan, plan
        else:
            plan = _plan(postgres.ranked_ids(parse_terms("kubernetes cluster"), searchable),
                         "EXPLAIN (VERBOSE)")
            # Before, ts_rank made each match's vector again from its text (45 µs a post).
            assert "ts_rank(" in plan and "search_vector" in plan, plan
            assert "to_tsvector" not in plan, plan


def test_words_in_most_posts_walk_the_newest_and_find_the_same(app, client, make, monkeypatch):
    """On PostgreSQL words in most posts are read newest first rather than every match from
    the index (100,000 matches: 145 -> 8 ms); the results must be those of the index."""
    from sqlalchemy import text

    from blog.search import service
    from tests.discovery.search_pages import result_titles

    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("SQLite's FTS5 hands out matches newest first whatever their number")
    for module in (postgres, service, sqlite):
        monkeypatch.setattr(module, "RANKED", 3)
    for n in range(60):
        make.post(title=f"Note {n}", body="ledger entries" + (" audit" if n % 3 else ""))
    make.post(title="Ledger draft", status="draft", body="ledger audit")
    with app.app_context():
        db.session.execute(text("ANALYZE post"))  # the statistics the estimate reads
        db.session.commit()
        walked = postgres._common(parse_terms("ledger audit"))
        rare = postgres._common(parse_terms("draft"))
    assert walked and not rare
    pages = [result_titles(client, "ledger audit", page=n) for n in (1, 2, 3)]
    monkeypatch.setattr(postgres, "_common", lambda terms: False)
    assert [result_titles(client, "ledger audit", page=n) for n in (1, 2, 3)] == pages
    shown = [title for page in pages for title in page]
    assert len(shown) == 3 and all(int(title.split()[1]) % 3 for title in shown), shown
    assert "3+ results" in client.get("/search/?q=ledger+audit").text
