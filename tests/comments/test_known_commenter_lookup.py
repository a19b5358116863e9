"""Whether an email already has an approved comment is asked for every new comment, so it must
not cost more as the site grows."""

import pytest
from sqlalchemy import text

from blog.comments.services import APPROVED_BY_EMAIL, has_approved_comment
from blog.extensions import db


def test_the_known_commenter_check_is_one_index_probe(app):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("PostgreSQL plans from table statistics; this checks SQLite's planner")
        statement = APPROVED_BY_EMAIL.params(email="someone@example.com").compile(
            db.engine, compile_kwargs={"literal_binds": True})
        plan = " ".join(row[-1] for row in db.session.execute(
            text(f"EXPLAIN QUERY PLAN {statement}")))
    # Before, the planner walked every approved comment (status, created_at) for an address it
    # had never seen: 34 ms at 100,000 comments.
    assert "ix_comment_email_status (author_email=? AND status=?)" in plan, plan


def test_only_an_approved_comment_makes_an_address_known(app, make):
    post = make.post()
    make.comment(post, author_email="held@example.com", status="pending")
    make.comment(post, author_email="known@example.com")
    with app.app_context():
        assert has_approved_comment("known@example.com")
        assert not has_approved_comment("held@example.com")
        assert not has_approved_comment("stranger@example.com")
