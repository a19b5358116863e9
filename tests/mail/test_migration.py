"""Migration 0008_mail: posts published before mail existed, and imported ones, are never
mailed; a post the writer scheduled for later still is. It downgrades without touching posts."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from blog import create_app
from blog.extensions import db

OLD_POST = ("INSERT INTO post (type, title, slug, path, body_source, body_html, excerpt, status,"
            " published_at, created_at, updated_at, allow_comments, version, legacy_id) VALUES"
            " ('post', :slug, :slug, :slug, '', '', '', :status, :published, '2024-01-01',"
            " '2024-01-01', 1, 1, :legacy)")


def test_0008_marks_earlier_and_imported_posts_as_never_mailed(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/older.sqlite3"})
    with app.app_context():
        upgrade(revision="0005_comment_body_digest")
        for slug, status, published, legacy in [
                ("live", "published", "2024-01-02 00:00:00", None),
                ("later", "scheduled", "2999-01-01 00:00:00", None),
                ("imported-later", "scheduled", "2999-01-01 00:00:00", 7),
                ("draft", "draft", None, None)]:
            db.session.execute(text(OLD_POST), {"slug": slug, "status": status,
                                                "published": published, "legacy": legacy})
        db.session.commit()
        upgrade()
        issues = dict(db.session.execute(text(
            "SELECT post.slug, newsletter_issue.status FROM newsletter_issue"
            " JOIN post ON post.id = newsletter_issue.post_id")).all())
        assert issues == {"live": "skipped", "later": "waiting", "imported-later": "skipped"}
        downgrade(revision="0005_comment_body_digest")
        assert db.session.scalar(text("SELECT count(*) FROM post")) == 4
        db.engine.dispose()
