"""A post's RSS guid and Atom id are fixed when it is first published: a changed slug is not
a new entry to feed readers, and imported posts keep the guid WordPress gave them."""

import feedparser
from sqlalchemy import select

from blog.extensions import db
from blog.models import Post
from blog.wxr.importer import import_wxr
from tests.discovery.wxr_files import document, item, write


def _ids(client) -> tuple[dict[str, str], dict[str, str]]:
    rss = feedparser.parse(client.get("/feed/").data)
    atom = feedparser.parse(client.get("/feed/atom/").data)
    return ({e.title: e.id for e in rss.entries}, {e.title: e.id for e in atom.entries})


def _rename(post_id: int, slug: str) -> None:
    post = db.session.get(Post, post_id)
    post.slug, post.path = slug, slug
    db.session.commit()


def test_the_feed_id_survives_a_slug_change(app, client, make):
    post = make.post(title="Renamed later", slug="first-name")
    rss, atom = _ids(client)
    assert rss["Renamed later"] == atom["Renamed later"] == "http://localhost/first-name/"
    with app.app_context():
        _rename(post.id, "second-name")
    assert client.get("/second-name/").status_code == 200
    assert _ids(client) == (rss, atom)
    entry = feedparser.parse(client.get("/feed/").data).entries[0]
    assert entry.link == "http://localhost/second-name/"  # the link moves, the id does not
    assert entry.guidislink is False


def test_a_draft_gets_its_id_when_first_published(app, client, make):
    draft = make.post(title="Drafted", slug="draft-name", status="draft", published_at=None)
    with app.app_context():
        assert db.session.get(Post, draft.id).guid is None
        post = db.session.get(Post, draft.id)
        post.slug = post.path = "published-name"
        post.status, post.published_at = "published", draft.created_at
        db.session.commit()
        _rename(draft.id, "renamed-after")
    rss, atom = _ids(client)
    assert rss["Drafted"] == atom["Drafted"] == "http://localhost/published-name/"


def test_imported_posts_keep_their_wordpress_guid(app, client, tmp_path):
    path = write(tmp_path / "guid.xml", document(
        item(10, "Imported", "imported", guid="https://old.example/?p=10"),
        item(11, "No guid", "no-guid")))
    with app.app_context():
        import_wxr(path)
        post_id = db.session.scalar(select(Post.id).where(Post.legacy_id == 10))
    rss, atom = _ids(client)
    assert rss["Imported"] == atom["Imported"] == "https://old.example/?p=10"
    assert rss["No guid"] == "http://localhost/no-guid/"
    with app.app_context():
        _rename(post_id, "moved")
    assert _ids(client)[0]["Imported"] == "https://old.example/?p=10"


def test_the_export_carries_the_fixed_feed_id_so_the_next_site_keeps_it(app, client, make,
                                                                          tmp_path):
    from blog.wxr.writer import export_wxr

    post = make.post(title="Moved house", slug="old-address")
    before = _ids(client)[0]["Moved house"]
    with app.app_context():
        _rename(post.id, "new-address")
        export_wxr(tmp_path / "out.xml")
    exported = (tmp_path / "out.xml").read_text()
    assert f'<guid isPermaLink="false">{before}</guid>' in exported
    assert "/new-address/</link>" in exported
