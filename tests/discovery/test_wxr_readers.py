"""What readers see of an import: comments on pages, the `admin` author's archive and its
WordPress link, and the imported site in the place of the demo."""

from sqlalchemy import func, select

from blog.content.demo import load_demo
from blog.extensions import db
from blog.models import Author, Category, Comment, Post
from blog.wxr.importer import import_wxr
from tests.comments.conftest import Reader
from tests.discovery.wxr_files import author, comment, document, item, write


def _page_site(tmp_path, comment_status: str = "open"):
    page = item(20, "Guestbook", "guestbook", kind="page", comment_status=comment_status,
                comments=(comment(1, "Lovely page"), comment(2, "Thanks!", parent=1),
                          comment(3, "Held for a look", approved="0")))
    return write(tmp_path / "pages.xml", document(page))


def test_approved_comments_on_a_page_are_shown_like_an_article_s(app, client, tmp_path):
    with app.app_context():
        import_wxr(_page_site(tmp_path, comment_status="closed"))
        ids = {c.body_source: c.id for c in db.session.scalars(select(Comment))}
    html = client.get("/guestbook/").get_data(as_text=True)
    assert "2 Comments" in html and 'id="comments"' in html
    assert "Lovely page" in html and "Thanks!" in html
    assert f'id="comment-{ids["Thanks!"]}"' in html
    assert "Held for a look" not in html
    assert "Comments are closed." in html and 'name="body"' not in html  # as on WordPress


def test_a_page_open_to_comments_takes_new_ones(app, client, tmp_path):
    with app.app_context():
        import_wxr(_page_site(tmp_path))
    reader = Reader(client, "guestbook")
    assert "Submit a Comment" in reader.load().get_data(as_text=True)
    response = reader.post(body="A new comment on the page")
    assert response.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Comment).where(
            Comment.body_source == "A new comment on the page")) == 1


def test_a_page_written_here_has_no_comment_section(client, make):
    make.post(title="Colophon", slug="colophon", type="page")
    html = client.get("/colophon/").get_data(as_text=True)
    assert 'id="comments"' not in html and "Submit a Comment" not in html


def test_the_admin_login_keeps_its_slug_and_its_archive_answers(app, client, tmp_path):
    path = write(tmp_path / "admin.xml", document(
        author("admin", 1, "Site Owner"), author("feed", 7, "Feed Person"),
        item(10, "By the owner", "by-the-owner", creator="admin"),
        item(11, "By feed", "by-feed", creator="feed")))
    with app.app_context():
        import_wxr(path)
        slugs = set(db.session.scalars(select(Author.slug)))
    assert slugs == {"admin", "feed"}
    archive = client.get("/author/admin/")
    assert archive.status_code == 200 and "By the owner" in archive.get_data(as_text=True)
    assert client.get("/author/feed/").status_code == 200
    moved = client.get("/?author=1")
    assert (moved.status_code, moved.headers["Location"]) == (301, "/author/admin/")
    assert client.get("/?author=7").headers["Location"] == "/author/feed/"
    assert client.get("/?author=999").status_code == 404
    assert client.get("/?author=x").status_code == 404


def test_author_ids_of_authors_written_here_redirect_too(client, make):
    maya = make.author(name="Maya", slug="maya")
    moved = client.get(f"/?author={maya.id}")
    assert (moved.status_code, moved.headers["Location"]) == (301, "/author/maya/")


def test_the_first_import_replaces_the_demo_so_imported_slugs_keep_their_urls(
        app, client, tmp_path):
    with app.app_context():
        load_demo()
        demo_count = db.session.scalar(select(func.count()).select_from(Post).where(Post.demo))
        assert demo_count > 0
    path = write(tmp_path / "mine.xml", document(
        item(2, "About me", "about", kind="page"), item(3, "My team", "team", kind="page",
                                                        parent=2)))
    with app.app_context():
        summary = import_wxr(path)
        assert db.session.scalar(select(func.count()).select_from(Post).where(Post.demo)) == 0
        assert db.session.scalar(select(func.count()).select_from(Category)) == 0
        assert set(db.session.scalars(select(Author.slug))) == {"zoe"}
    assert summary.notes["demo posts and pages removed: the import replaces the demo"] == \
        demo_count
    about = client.get("/about/")
    assert about.status_code == 200 and "About me" in about.get_data(as_text=True)
    assert "My team" in client.get("/about/team/").get_data(as_text=True)
    assert client.get("/about-2/").status_code == 404


def test_a_demo_post_the_admin_edited_is_kept(app, tmp_path):
    with app.app_context():
        load_demo()
        about = db.session.scalar(select(Post).where(Post.path == "about"))
        about.version = 2
        db.session.commit()
        summary = import_wxr(write(tmp_path / "mine.xml", document(
            item(2, "About me", "about", kind="page"))))
        paths = set(db.session.scalars(select(Post.path)))
    assert "about" in paths and "about-2" in paths
    assert summary.notes["demo posts you edited, kept as they are"] == 1


def test_demo_content_is_marked_as_such(app, make):
    mine = make.post(title="Mine", slug="mine")
    with app.app_context():
        load_demo()
        assert db.session.get(Post, mine.id).demo is False
        assert all(db.session.scalars(select(Post.demo).where(Post.id != mine.id)))
