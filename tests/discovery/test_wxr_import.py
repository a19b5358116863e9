from pathlib import Path

import pytest
from sqlalchemy import func, select

from blog.content.markdown import render_markdown
from blog.extensions import db
from blog.models import Author, Category, Comment, Post, Redirect, Tag, Upload
from blog.models.comment import text_digest
from blog.wxr.importer import import_wxr
from blog.wxr.reader import WxrError
from tests.discovery.conftest import FIXTURES, SITE_WXR, UPLOADS


def _post(legacy_id: int) -> Post:
    return db.session.scalar(select(Post).where(Post.legacy_id == legacy_id))


def _counts() -> dict[str, int]:
    return {model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in (Post, Comment, Author, Category, Tag, Upload, Redirect)}


def test_authors_keep_display_name_login_email_and_bio(app, imported):
    with app.app_context():
        zoe = db.session.scalar(select(Author).where(Author.legacy_login == "zoe"))
        assert (zoe.name, zoe.slug, zoe.email) == ("Zoë Ångström", "zoe", "zoe@old.example.com")
        assert zoe.bio == "Writes about databases & distributed systems."
        minjun = db.session.scalar(select(Author).where(Author.legacy_login == "minjun"))
        assert minjun.name == "김민준" and minjun.bio is None


def test_categories_keep_their_hierarchy_even_when_children_come_first(app, imported):
    with app.app_context():
        by_slug = {c.slug: c for c in db.session.scalars(select(Category))}
        assert by_slug["python"].parent.slug == "programming"
        assert by_slug["programming"].parent.slug == "technology"
        assert by_slug["technology"].parent is None
        assert by_slug["technology"].description == "All things tech"
        assert by_slug["한국어"].name == "한국어"  # percent-encoded slug decoded
        assert by_slug["technology"].legacy_id == 3


def test_posts_keep_ids_slugs_gmt_dates_terms_and_authors(app, imported):
    with app.app_context():
        post = _post(10)
        assert post.title == "Hello & welcome"
        assert post.path == "hello-world" and post.status == "published"
        assert post.published_at.isoformat() == "2020-01-02T10:00:00+00:00"
        assert post.updated_at.isoformat() == "2020-02-03T10:00:00+00:00"
        assert post.author.legacy_login == "zoe"
        assert post.category.slug == "programming"  # the first of its two categories
        assert sorted(t.slug for t in post.tags) == ["flask", "new-tag"]
        assert post.excerpt == "A warm welcome to the new site."
        assert post.allow_comments is True
        korean = _post(11)
        assert korean.slug == "검색" and korean.allow_comments is False
        assert korean.author.legacy_login == "minjun"


@pytest.mark.parametrize(
    ("legacy_id", "status", "visibility"),
    [(10, "published", "public"), (13, "scheduled", "public"), (14, "draft", "public"),
     (15, "draft", "public"), (16, "published", "private"), (18, "published", "password")],
)
def test_wordpress_statuses_map_to_ours(app, imported, legacy_id, status, visibility):
    with app.app_context():
        post = _post(legacy_id)
        assert (post.status, post.visibility) == (status, visibility)
        assert post.post_password == ("hunter2" if legacy_id == 18 else "")


def test_trash_menus_and_other_types_are_skipped_with_reasons(app, imported):
    with app.app_context():
        assert _post(17) is None and _post(40) is None
    text = "\n".join(imported.lines())
    assert "items in WordPress's trash" in text and "Trashed post" in text
    assert "menu items that are drafts or in no menu" in text and "“Home” (id 40)" in text
    assert "password-protected posts and pages: 1 added" in text


def test_pages_nest_three_levels_even_when_a_child_comes_before_its_parent(app, imported):
    with app.app_context():
        assert _post(20).path == "about"
        assert _post(21).path == "about/team" and _post(21).parent.legacy_id == 20
        assert _post(22).path == "about/team/alumni" and _post(22).parent.legacy_id == 21
        assert _post(22).type == "page"


def test_a_reserved_slug_is_renamed(app, imported):
    with app.app_context():
        assert _post(23).path == "search-2"


def test_classic_content_gets_paragraphs_figures_and_is_sanitised(app, imported):
    with app.app_context():
        html = str(_post(10).body_html)
    assert "<p>First paragraph of the classic post.<br>\nSecond line" in html
    assert '<figure><a href="/uploads/2020/01/photo.jpg"><img src="/uploads/2020/01/photo.jpg"' \
        in html
    assert "<figcaption>The harbour at dawn</figcaption></figure>" in html
    assert "[caption" not in html
    assert '[note type="info"]Remember the note text.[/note]' in html  # unknown: kept as text
    assert "Escaped: [gallery]." in html
    assert "]]&gt; stays" in html  # a CDATA section split around "]]>"
    assert '<pre tabindex="0">line one&#10;\nline three' in html  # a blank line in <pre> survives
    assert "<script" not in html and "onclick" not in html


def test_block_markup_loses_its_comments_and_keeps_its_html(app, imported):
    with app.app_context():
        html = str(_post(11).body_html)
    assert "wp:" not in html and "<!--" not in html
    assert "<p>데이터베이스 검색 기능을 소개합니다. 東京の天気は晴れです。</p>" in html
    assert "<h2>두 번째 섹션</h2>" in html
    assert '<img src="https://old.example.com/wp-content/uploads/2021/03/remote.png"' in html
    assert "<p><p>" not in html  # no paragraph rules applied to block markup


def test_editing_the_imported_source_renders_the_same_page(app, imported):
    with app.app_context():
        for post in db.session.scalars(select(Post)):
            assert str(render_markdown(post.body_source)) == str(post.body_html), post.path


def test_attachments_are_recorded_and_given_files_copied(app, imported):
    with app.app_context():
        local = db.session.scalar(select(Upload).where(Upload.legacy_id == 30))
        remote = db.session.scalar(select(Upload).where(Upload.legacy_id == 31))
        folder = Path(app.config["UPLOAD_FOLDER"])
    assert local.path == "2020/01/photo.jpg" and local.mime_type == "image/jpeg"
    copied = (folder / "2020/01/photo.jpg").read_bytes()
    assert copied == (UPLOADS / "2020/01/photo.jpg").read_bytes()
    assert local.legacy_url == "https://old.example.com/wp-content/uploads/2020/01/photo.jpg"
    assert remote.size == 0 and remote.legacy_url.endswith("2021/03/remote.png")


def test_without_the_uploads_folder_images_keep_their_absolute_urls(app):
    with app.app_context():
        import_wxr(SITE_WXR)
        html = str(_post(10).body_html)
    assert 'src="https://old.example.com/wp-content/uploads/2020/01/photo.jpg"' in html


def test_comments_keep_threads_four_deep_statuses_kinds_and_emails(app, imported):
    with app.app_context():
        comments = {c.legacy_id: c for c in db.session.scalars(select(Comment))}
        assert comments[101].parent_id == comments[100].id
        assert comments[102].parent_id == comments[101].id
        assert comments[103].parent_id == comments[102].id  # listed before its parent
        assert comments[100].parent_id is None
        assert {k: comments[k].status for k in (100, 104, 105, 106)} == {
            100: "approved", 104: "pending", 105: "spam", 106: "trash"}
        assert (comments[107].kind, comments[108].kind, comments[100].kind) == (
            "pingback", "trackback", "comment")
        assert comments[100].author_email == "ada@readers.example"
        assert comments[100].author_url == "https://ada.example"
        assert comments[103].author_url == ""  # javascript: URLs are dropped
        assert comments[101].by_admin is True  # written by the post's author
        assert comments[100].created_at.isoformat() == "2020-01-03T08:00:00+00:00"
        assert "<script" not in str(comments[102].body_html)
        # Imported comments count for the duplicate check like posted ones.
        assert all(c.body_digest == text_digest(c.body_source) for c in comments.values())


def test_old_permalinks_are_recorded_as_redirects(app, imported):
    with app.app_context():
        olds = {r.old_path: r.post.legacy_id for r in db.session.scalars(select(Redirect))}
    assert olds["2020/01/02/hello-world"] == 10
    assert olds["2021/03/04/검색"] == 11
    assert olds["search"] == 23


def test_running_the_import_twice_adds_nothing(app, imported):
    with app.app_context():
        before = _counts()
        again = import_wxr(SITE_WXR, UPLOADS)
        assert _counts() == before
    assert sum(again.created.values()) == 0
    assert again.existing["posts"] == 8 and again.existing["comments"] == 9


def test_a_malformed_file_changes_nothing_and_says_where(app, tmp_path):
    broken = tmp_path / "broken.xml"
    text = SITE_WXR.read_text(encoding="utf-8")
    cut = text.index("<title><![CDATA[Café crème")  # well into the items
    broken.write_text(text[:cut] + "<title>unclosed & broken</item>\n", encoding="utf-8")
    with app.app_context():
        with pytest.raises(WxrError) as error:
            import_wxr(broken, UPLOADS)
        assert sum(_counts().values()) == 0
        assert not any(Path(app.config["UPLOAD_FOLDER"]).rglob("*.jpg"))
    line = text[:cut].count("\n") + 1
    assert f"line {line}" in str(error.value)


def test_entities_are_never_expanded_from_files_or_the_network(app, tmp_path):
    hostile = tmp_path / "xxe.xml"
    hostile.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        '<rss xmlns:wp="http://wordpress.org/export/1.2/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        "<wp:wxr_version>1.2</wp:wxr_version><item><title>x</title><content:encoded>&xxe;</content:encoded><wp:post_id>1</wp:post_id>"
        "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type><wp:post_name>x"
        "</wp:post_name></item></channel></rss>"
    )
    with app.app_context():
        import_wxr(hostile)
        post = _post(1)
    assert "root:" not in post.body_source and "root:" not in str(post.body_html)


def test_not_a_wordpress_export_is_refused(app, tmp_path):
    other = tmp_path / "other.xml"
    other.write_text("<?xml version='1.0'?><html><body>hi</body></html>")
    with app.app_context(), pytest.raises(WxrError, match="not a WordPress export"):
        import_wxr(other)


def test_wxr_1_0_namespaces_are_read(app, tmp_path):
    old = tmp_path / "old.xml"
    old.write_text((FIXTURES / "site.xml").read_text(encoding="utf-8")
                   .replace("export/1.2/", "export/1.0/"), encoding="utf-8")
    with app.app_context():
        summary = import_wxr(old)
    assert summary.created["posts"] == 8 and summary.created["comments"] == 7


def test_overlong_wordpress_values_are_cut_to_fit_not_refused(app, tmp_path):
    long = tmp_path / "long.xml"
    title, slug, name = "T" * 400, "s" * 250, "N" * 300
    long.write_text(
        '<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        "<wp:wxr_version>1.2</wp:wxr_version>"
        f"<wp:author><wp:author_login>{'l' * 250}</wp:author_login>"
        f"<wp:author_display_name>{name}</wp:author_display_name></wp:author>"
        f'<item><title>{title}</title><dc:creator>{"l" * 250}</dc:creator>'
        f'<category domain="category" nicename="{slug}">{name}</category>'
        f"<link>https://old.example.com/{'x' * 1200}/</link>"
        f"<wp:post_id>5</wp:post_id><wp:post_name>{slug}</wp:post_name>"
        "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>"
        "</channel></rss>", encoding="utf-8")
    with app.app_context():
        import_wxr(long)
        post = _post(5)
        assert post.title == "T" * 300 and post.slug == "s" * 200
        assert post.author.name == "N" * 200 and post.category.name == "N" * 200
        again = import_wxr(long)
    assert sum(again.created.values()) == 0


def test_an_author_already_here_with_the_same_email_keeps_one_byline(app, make):
    existing = make.author(name="Zoë (here)", slug="zoe-here", email="ZOE@old.example.com")
    with app.app_context():
        import_wxr(SITE_WXR)
        assert _post(10).author_id == existing.id
        names = db.session.scalars(select(Author.name).order_by(Author.name)).all()
    assert names == ["Zoë (here)", "김민준"]


def test_a_featured_image_is_the_posts_own_not_copied_into_its_body(app, imported):
    with app.app_context():
        cafe, hello = _post(12), _post(10)
        assert cafe.featured_image.path == "2020/01/photo.jpg"
        assert hello.featured_image.path == "2020/01/photo.jpg"
        assert not str(cafe.body_html).startswith("<figure>")
        assert str(hello.body_html).count("/uploads/2020/01/photo.jpg") == 2  # its own link+img
        assert str(render_markdown(cafe.body_source)) == str(cafe.body_html)
