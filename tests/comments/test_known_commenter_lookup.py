"""Whether an email already has an approved comment is asked for every new comment, so it must
not cost more as the site grows."""

import pytest
from sqlalchemy import text

from blog.comments.services import (
    APPROVED_BY_EMAIL,
    SAME_COMMENT,
    find_duplicate,
    find_post_to_comment_on,
    has_approved_comment,
)
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


def test_the_duplicate_check_is_one_index_probe_however_long_the_thread(app):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("PostgreSQL plans from table statistics; this checks SQLite's planner")
        statement = SAME_COMMENT.params(post_id=1, digest="0" * 32, email="a@example.com",
                                        body="Same again").compile(
            db.engine, compile_kwargs={"literal_binds": True})
        plan = " ".join(row[-1] for row in db.session.execute(
            text(f"EXPLAIN QUERY PLAN {statement}")))
    # Before, it read every comment of the post through (post_id, status, created_at).
    assert "ix_comment_post_digest (post_id=? AND body_digest=?)" in plan, plan


def test_a_duplicate_is_found_by_its_text_whoever_wrote_the_row(app, make):
    """Comments written by the ORM (admin replies, the demo) carry the digest too."""
    post = make.post()
    make.comment(post, "Same again", author_email="ada@example.com")
    with app.app_context():
        target = find_post_to_comment_on(post.path)
        assert find_duplicate(target, "ada@example.com", "Same again") is not None
        assert find_duplicate(target, "ada@example.com", "Something new") is None
        assert find_duplicate(target, "bob@example.com", "Same again") is None


def test_only_an_approved_comment_makes_an_address_known(app, make):
    post = make.post()
    make.comment(post, author_email="held@example.com", status="pending")
    make.comment(post, author_email="known@example.com")
    with app.app_context():
        assert has_approved_comment("known@example.com")
        assert not has_approved_comment("held@example.com")
        assert not has_approved_comment("stranger@example.com")
