"""export-wxr: WXR 1.2 that reads back into an empty site as the same content."""

import feedparser
import lxml.html
from flask_migrate import upgrade
from lxml import etree
from sqlalchemy import select, text

from blog import create_app
from blog.extensions import db
from blog.models import Author, Category, Comment, Post, Tag
from blog.wxr.importer import import_wxr
from blog.wxr.writer import export_wxr
from tests.conftest import PG_URL
from tests.discovery.conftest import SITE_WXR, UPLOADS

WP = "{http://wordpress.org/export/1.2/}"


def same_page(html: str) -> str:
    """HTML as a reader sees it: entities decoded, whitespace runs alike, and the wrapping
    <div> the importer may add (to keep the source Markdown-safe) taken off."""
    root = lxml.html.fragment_fromstring(html or "<p></p>", create_parent="section")
    while (len(root) == 1 and root[0].tag == "div" and not (root.text or "").strip()
           and not (root[0].tail or "").strip()):
        root = root[0]
    inner = (root.text or "") + "".join(
        etree.tostring(child, encoding="unicode", method="html") for child in root)
    return " ".join(inner.split())


def _seconds(value):
    return value.replace(microsecond=0) if value else value


def _snapshot() -> dict:
    """The site's content, keyed by what survives a move (paths, slugs), not by ids."""
    posts = db.session.scalars(select(Post)).all()
    comments = db.session.scalars(select(Comment)).all()

    def thread(comment: Comment) -> tuple:
        chain = []
        while comment is not None:
            chain.append(comment.author_name + ": " + comment.body_source)
            comment = comment.parent
        return tuple(chain)

    return {
        "posts": {
            p.path: (p.type, p.title, p.slug, p.status, _seconds(p.published_at),
                     same_page(p.body_html), p.excerpt, p.author.name if p.author else None,
                     p.category.slug if p.category else None, sorted(t.slug for t in p.tags),
                     p.parent.path if p.parent else None, p.allow_comments)
            for p in posts
        },
        "categories": {c.slug: (c.name, c.description, c.parent.slug if c.parent else None)
                       for c in db.session.scalars(select(Category))},
        "tags": {t.slug: t.name for t in db.session.scalars(select(Tag))},
        "authors": {a.name: (a.slug, a.email, a.bio) for a in db.session.scalars(select(Author))},
        "comments": sorted(
            (c.post.path, c.author_name, c.author_email, c.author_url, c.status, c.kind,
             _seconds(c.created_at), str(c.body_html), thread(c))
            for c in comments
        ),
    }


def test_export_then_import_into_an_empty_site_gives_the_same_content(app, imported, tmp_path,
                                                                      make):
    # Native content too: a Markdown post with a comment thread.
    native = make.post(title="Native Markdown", body="# Heading\n\nText with *emphasis*.\n\n"
                       "```\ncode\n\nblock\n```\n")
    first = make.comment(native, body="First!")
    make.comment(native, body="Reply", parent_id=first.id, status="pending")
    out = tmp_path / "export.xml"
    with app.app_context():
        before = _snapshot()
        counts = export_wxr(out)
        assert counts["posts and pages"] == len(before["posts"])
        if PG_URL:  # one database only: empty it, as a fresh site would be
            tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            db.session.commit()
    if PG_URL:
        target = app
    else:
        target = create_app({"TESTING": True, "SECRET_KEY": "x",
                             "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/fresh.sqlite3",
                             "UPLOAD_FOLDER": str(tmp_path / "fresh-uploads")})
    with target.app_context():
        upgrade()
        import_wxr(out)
        after = _snapshot()
        db.session.remove()
        if not PG_URL:
            db.engine.dispose()
    assert after == before


def test_export_is_wxr_1_2_with_threads_and_statuses(app, imported, tmp_path):
    out = tmp_path / "export.xml"
    with app.app_context():
        export_wxr(out)
        ada = db.session.scalar(select(Comment).where(Comment.legacy_id == 101))
        parent_id = ada.parent_id
    tree = etree.parse(str(out))
    assert tree.findtext(f"channel/{WP}wxr_version") == "1.2"
    comments = {c.findtext(f"{WP}comment_id"): c for c in tree.iter(f"{WP}comment")}
    assert comments[str(ada.id)].findtext(f"{WP}comment_parent") == str(parent_id)
    approved = sorted(c.findtext(f"{WP}comment_approved") for c in comments.values())
    assert approved == ["0", "1", "1", "1", "1", "1", "1", "spam", "trash"]
    types = sorted(c.findtext(f"{WP}comment_type") for c in comments.values())
    assert types.count("pingback") == 1 and types.count("trackback") == 1
    # Also a valid RSS 2.0 document for any feed reader.
    parsed = feedparser.parse(out.read_bytes())
    assert not parsed.bozo and len(parsed.entries) == 12 + 2  # posts, pages, attachments


def test_cli_import_prints_a_summary_and_a_second_run_adds_nothing(runner, app):
    result = runner.invoke(args=["import-wxr", str(SITE_WXR), "--uploads", str(UPLOADS),
                                 "--quiet"])
    assert result.exit_code == 0, result.output
    assert "posts: 8 added" in result.output and "comments: 7 added" in result.output
    assert "pingbacks: 1 added" in result.output and "Skipped:" in result.output
    again = runner.invoke(args=["import-wxr", str(SITE_WXR), "--quiet"])
    assert "posts: 0 added, 8 already imported" in again.output


def test_cli_import_of_a_malformed_file_fails_clearly(runner, tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_text("<?xml version='1.0'?><rss><channel><item><title>x</channel></rss>")
    result = runner.invoke(args=["import-wxr", str(broken), "--quiet"])
    assert result.exit_code == 1
    assert "line 1" in result.output and "Nothing was imported" in result.output


def test_cli_export_writes_the_file(runner, imported, tmp_path):
    out = tmp_path / "site.xml"
    result = runner.invoke(args=["export-wxr", str(out)])
    assert result.exit_code == 0, result.output
    assert "12 posts and pages" in result.output and "9 comments" in result.output
    assert out.read_text(encoding="utf-8").count("<item>") == 14



def test_a_scheduled_post_whose_time_has_come_exports_as_published(app, make, tmp_path):
    from datetime import timedelta

    from blog.models import utcnow

    make.post(slug="due", status="scheduled", published_at=utcnow() - timedelta(hours=1))
    make.post(slug="later", status="scheduled", published_at=utcnow() + timedelta(days=1))
    out = tmp_path / "export.xml"
    with app.app_context():
        export_wxr(out)
    statuses = {item.findtext(f"{WP}post_name"): item.findtext(f"{WP}status")
                for item in etree.parse(str(out)).iter("item")}
    assert statuses == {"due": "publish", "later": "future"}
