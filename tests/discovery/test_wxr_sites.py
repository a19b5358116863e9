"""Imported items are known by the site they came from: a second site's export adds its own
items beside the first's (WordPress ids are small integers every site reuses), a second run of
a file adds nothing, and parents, comments and redirects stay within their own site."""

from sqlalchemy import func, select

from blog.extensions import db
from blog.models import Comment, Post, Redirect, Upload
from blog.wxr.importer import import_wxr
from tests.discovery.wxr_files import comment, document, item, write


def _site(tmp_path, name: str, host: str, title: str, date: str, blog: str | None = None):
    base = blog or f"https://{host}"
    items = (
        item(10, f"{title} post", "hello", date=date, link=f"{base}/2020/01/02/hello/",
             comments=(comment(100, f"Top on {title}"),
                       comment(101, f"Reply on {title}", parent=100))),
        item(20, f"{title} about", "about", kind="page", date=date, link=f"{base}/about/"),
        item(21, f"{title} team", "team", kind="page", parent=20, date=date,
             link=f"{base}/about/team/"),
    )
    return write(tmp_path / f"{name}.xml",
                 document(*items, site=f"https://{host}", blog=blog))


def _counts() -> dict[str, int]:
    return {model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in (Post, Comment, Redirect)}


def _by_title(title: str) -> Post:
    return db.session.scalar(select(Post).where(Post.title == title))


def test_a_second_site_sharing_ids_adds_its_own_items_beside_the_first(app, client, tmp_path):
    one = _site(tmp_path, "one", "one.example", "One", "2020-01-02 10:00:00")
    two = _site(tmp_path, "two", "two.example", "Two", "2021-05-06 10:00:00")
    with app.app_context():
        import_wxr(one)
        summary = import_wxr(two)
        assert summary.created["posts"] == 1 and summary.created["pages"] == 2
        assert summary.created["comments"] == 2
        first, second = _by_title("One post"), _by_title("Two post")
        assert (first.legacy_source, second.legacy_source) == ("one.example", "two.example")
        assert first.legacy_id == second.legacy_id == 10
        assert second.path == "hello-2"
        # Comments (and their threads) attach to their own site's post.
        comments = {c.body_source: c for c in db.session.scalars(select(Comment))}
        assert comments["Top on Two"].post_id == second.id
        assert comments["Reply on Two"].parent_id == comments["Top on Two"].id
        assert comments["Reply on One"].parent_id == comments["Top on One"].id
        # Pages nest under their own site's parent.
        assert _by_title("Two team").parent_id == _by_title("Two about").id
        assert _by_title("Two team").path == "about-2/team"
        assert _by_title("One team").path == "about/team"
    lines = "\n".join(summary.lines())
    assert "old links another item here already answers: not redirected" in lines
    # The first site's old addresses still answer with the first site's items.
    assert client.get("/about/team/").status_code == 200
    assert client.get("/2020/01/02/hello/").headers["Location"] == "/hello/"


def test_a_second_run_of_each_file_adds_nothing(app, tmp_path):
    one = _site(tmp_path, "one", "one.example", "One", "2020-01-02 10:00:00")
    two = _site(tmp_path, "two", "two.example", "Two", "2021-05-06 10:00:00")
    with app.app_context():
        import_wxr(one)
        import_wxr(two)
        before = _counts()
        again_one, again_two = import_wxr(one), import_wxr(two)
        assert _counts() == before
    for again in (again_one, again_two):
        assert sum(again.created.values()) == 0
        assert (again.existing["posts"], again.existing["pages"]) == (1, 2)
        assert again.existing["comments"] == 2


def test_the_same_site_over_http_or_https_is_one_site(app, tmp_path):
    https = _site(tmp_path, "https", "one.example", "One", "2020-01-02 10:00:00")
    http = write(tmp_path / "http.xml", https.read_text().replace(
        "https://one.example", "http://one.example"))
    with app.app_context():
        import_wxr(https)
        again = import_wxr(http)
    assert sum(again.created.values()) == 0


def test_an_item_with_the_same_type_title_and_date_is_already_here(app, make, tmp_path):
    from datetime import UTC, datetime

    make.post(title="Written here", slug="written-here",
              published_at=datetime(2020, 1, 2, 10, tzinfo=UTC))
    path = write(tmp_path / "back.xml", document(item(
        55, "Written here", "written-here", date="2020-01-02 10:00:00",
        comments=(comment(1, "Kept on the post already here"),))))
    with app.app_context():
        summary = import_wxr(path)
        assert db.session.scalar(select(func.count()).select_from(Post)) == 1
        post = db.session.scalar(select(Post))
        assert [c.body_source for c in db.session.scalars(select(Comment))] == [
            "Kept on the post already here"]
        assert db.session.scalar(select(Comment.post_id)) == post.id
    assert summary.existing["posts"] == 1 and summary.created["comments"] == 1


def test_a_post_imported_before_sites_were_recorded_learns_its_site(app, tmp_path):
    one = _site(tmp_path, "one", "one.example", "One", "2020-01-02 10:00:00")
    with app.app_context():
        import_wxr(one)
        db.session.execute(Post.__table__.update().values(legacy_source=None))
        db.session.commit()
        again = import_wxr(one)
        assert sum(again.created.values()) == 0
        sources = set(db.session.scalars(select(Post.legacy_source)))
    assert sources == {"one.example"}


def test_a_blog_in_a_sub_folder_gets_no_redirect_from_its_old_root(app, client, tmp_path):
    base = "https://old.example/blog"
    items = (
        item(10, "First", "first", link=f"{base}/?p=10"),
        item(11, "Second", "second", date="2020-02-02 10:00:00",
             link=f"{base}/2020/02/02/second/"),
        item(12, "Search", "search", kind="page", link=f"{base}/search/"),
    )
    path = write(tmp_path / "sub.xml", document(*items, site="https://old.example",
                                                 blog=base))
    with app.app_context():
        import_wxr(path)
        olds = {r.old_path: r.post.title for r in db.session.scalars(select(Redirect))}
    assert "blog" not in olds and "" not in olds
    assert olds == {"blog/2020/02/02/second": "Second", "blog/search": "Search"}
    assert client.get("/blog/").status_code == 404
    assert client.get("/blog/2020/02/02/second/").headers["Location"] == "/second/"
    assert client.get("/blog/search/").headers["Location"] == "/search-2/"
    assert client.get("/?p=10").headers["Location"] == "/first/"
    assert client.get("/blog/?p=10").headers["Location"] == "/first/"
    assert client.get("/blog/?author=1").headers["Location"] == "/author/zoe/"
    assert client.get("/elsewhere/?p=10").status_code == 404


def test_a_second_site_s_attachments_sharing_ids_and_names_are_its_own(app, tmp_path):
    def export(host: str) -> str:
        return document(
            item(30, "photo", "photo", kind="attachment", status="inherit",
                 attachment_url=f"https://{host}/wp-content/uploads/2020/01/photo.jpg"),
            item(10, f"Post of {host}", "post", meta=(("_thumbnail_id", "30"),)),
            site=f"https://{host}")

    with app.app_context():
        import_wxr(write(tmp_path / "one.xml", export("one.example")))
        summary = import_wxr(write(tmp_path / "two.xml", export("two.example")))
        uploads = {u.legacy_source: u for u in db.session.scalars(select(Upload))}
        featured = {p.title: p.featured_image.legacy_source
                    for p in db.session.scalars(select(Post)) if p.featured_image}
    assert uploads["one.example"].path == "2020/01/photo.jpg"
    assert uploads["two.example"].path == "2020/01/photo-2.jpg"
    assert uploads["two.example"].legacy_url.startswith("https://two.example/")
    # Each post's featured image is its own site's (featured images resolve within the site).
    assert featured == {"Post of one.example": "one.example", "Post of two.example": "two.example"}
    assert summary.created["attachments (kept at their old URL)"] == 1
