"""Every WXR form WordPress writes is read as WordPress's importer reads it: the namespaces the
document binds, any version, and a refusal when it is no WXR file at all."""

import pytest
from sqlalchemy import func, select

from blog.extensions import db
from blog.models import Category, Comment, Post, Tag
from blog.wxr.importer import import_wxr
from blog.wxr.reader import WxrError
from tests.discovery.wxr_files import comment, document, item, write

CHANNEL_TERMS = (
    "<wp:category><wp:term_id>3</wp:term_id><wp:category_nicename>child</wp:category_nicename>"
    "<wp:category_parent>parent</wp:category_parent><wp:cat_name>Child</wp:cat_name>"
    "<wp:category_description>The child one</wp:category_description></wp:category>",
    "<wp:category><wp:term_id>2</wp:term_id><wp:category_nicename>parent</wp:category_nicename>"
    "<wp:cat_name>Parent</wp:cat_name></wp:category>",
    "<wp:tag><wp:term_id>4</wp:term_id><wp:tag_slug>unused</wp:tag_slug>"
    "<wp:tag_name>Unused</wp:tag_name><wp:tag_description>Nobody uses it</wp:tag_description>"
    "</wp:tag>",
    "<wp:term><wp:term_id>5</wp:term_id><wp:term_taxonomy>category</wp:term_taxonomy>"
    "<wp:term_slug>grandchild</wp:term_slug><wp:term_parent>child</wp:term_parent>"
    "<wp:term_name>Grandchild</wp:term_name><wp:term_description>Third level"
    "</wp:term_description></wp:term>",
)
POST = item(10, "Hello", "hello", excerpt="The <em>short</em> version",
            terms=(("category", "child", "Child"), ("post_tag", "kept", "Kept")),
            comments=(comment(100, "First!"), comment(101, "A reply", parent=100)))


def _counts() -> tuple[int, int, int, int]:
    return tuple(db.session.scalar(select(func.count()).select_from(model))
                 for model in (Post, Comment, Category, Tag))


@pytest.mark.parametrize(("wp", "version"), [
    ("http://wordpress.org/export/1.0/", "1.0"),
    ("http://wordpress.org/export/1.1/", "1.1"),
    ("http://wordpress.org/export/1.2/", "1.2"),
    ("https://wordpress.org/export/1.2/", "1.2"),
    ("https://wordpress.org/export/1.3/", "1.3"),
])
def test_every_namespace_form_and_version_imports_everything(app, tmp_path, wp, version):
    path = write(tmp_path / "site.xml", document(*CHANNEL_TERMS, POST, wp=wp, version=version))
    with app.app_context():
        summary = import_wxr(path)
        post = db.session.scalar(select(Post))
        assert (post.title, post.path, post.excerpt) == ("Hello", "hello", "The short version")
        assert post.author.legacy_login == "zoe" and post.category.slug == "child"
        assert [t.slug for t in post.tags] == ["kept"]
        replies = {c.legacy_id: c for c in db.session.scalars(select(Comment))}
        assert replies[101].parent_id == replies[100].id
        categories = {c.slug: c for c in db.session.scalars(select(Category))}
        assert categories["grandchild"].parent.slug == "child"
        assert categories["child"].parent.slug == "parent"
        assert categories["child"].description == "The child one"
        assert categories["grandchild"].description == "Third level"
        unused = db.session.scalar(select(Tag).where(Tag.slug == "unused"))
        assert unused.description == "Nobody uses it"
    assert summary.created["comments"] == 2 and summary.created["categories"] == 3


@pytest.mark.parametrize("version", [None, "", "one point two", "1.2.3", "1"])
def test_a_missing_or_invalid_wxr_version_is_refused_and_nothing_is_imported(
        app, runner, tmp_path, version):
    path = write(tmp_path / "site.xml", document(POST, version=version))
    with app.app_context():
        with pytest.raises(WxrError, match="wxr_version> is missing or invalid"):
            import_wxr(path)
        assert _counts() == (0, 0, 0, 0)
    result = runner.invoke(args=["import-wxr", "--quiet", str(path)])
    assert result.exit_code != 0
    assert "missing or invalid" in result.output and "Nothing was imported." in result.output
    with app.app_context():
        assert _counts() == (0, 0, 0, 0)


def test_a_version_after_the_items_is_refused_too(app, tmp_path):
    text = document(POST, version=None).replace(
        "</channel>", "<wp:wxr_version>1.2</wp:wxr_version></channel>")
    with app.app_context():
        with pytest.raises(WxrError, match="missing or invalid"):
            import_wxr(write(tmp_path / "late.xml", text))
        assert _counts() == (0, 0, 0, 0)


def test_odd_and_non_ascii_namespace_names_elsewhere_do_not_make_the_file_unreadable(
        app, tmp_path):
    odd = item(11, "Odd", "odd", content="Fine").replace(
        "<title>", '<ü:flag xmlns:ü="urn:plugin:größe">x</ü:flag><title>')
    text = document(POST, odd, extra_namespaces='xmlns:geo="http://example.com/ünï/geo" '
                    'xmlns:rel="relative/name"')
    with app.app_context():
        summary = import_wxr(write(tmp_path / "odd.xml", text))
    assert summary.created["posts"] == 2


def test_a_broken_file_with_an_odd_namespace_names_the_real_error(app, tmp_path):
    text = document(POST, extra_namespaces='xmlns:geo="http://example.com/ünï/geo"')
    text = text.replace("<wp:post_id>10</wp:post_id>", "<wp:post_id>10</wp:post_idx>")
    with app.app_context():
        with pytest.raises(WxrError, match="mismatch") as error:
            import_wxr(write(tmp_path / "broken.xml", text))
        assert _counts() == (0, 0, 0, 0)
    assert "line " in str(error.value)


def test_wxr_1_0_tags_are_attached_to_their_posts(app, tmp_path):
    old = item(12, "Tagged", "tagged", terms=(
        ("category", "notes", "Notes"), ("tag", "python", "Python"), ("tag", "flask", "Flask")))
    path = write(tmp_path / "old.xml", document(
        old, wp="http://wordpress.org/export/1.0/", version="1.0"))
    with app.app_context():
        import_wxr(path)
        post = db.session.scalar(select(Post))
        assert sorted(t.slug for t in post.tags) == ["flask", "python"]
        assert post.category.slug == "notes"


def test_a_wxr_1_0_post_is_listed_in_its_tag_archive_with_the_tag_s_description(
        app, client, tmp_path):
    tag = ("<wp:tag><wp:tag_slug>python</wp:tag_slug><wp:tag_name>Python</wp:tag_name>"
           "<wp:tag_description>Snakes &amp; ladders</wp:tag_description></wp:tag>")
    old = item(12, "Tagged", "tagged", terms=(("tag", "python", "Python"),))
    path = write(tmp_path / "old.xml", document(
        tag, old, wp="http://wordpress.org/export/1.0/", version="1.0"))
    with app.app_context():
        import_wxr(path)
    html = client.get("/tag/python/").get_data(as_text=True)
    assert "Tagged" in html and "Snakes &amp; ladders" in html


def test_the_summary_names_everything_that_had_no_place(app, tmp_path):
    post = item(10, "Kept", "kept", terms=(("post_format", "post-format-aside", "Aside"),),
                meta=(("_edit_last", "1"), ("mood", "happy"), ("_thumbnail_id", "99")))
    trashed = item(11, "Binned", "binned", status="trash",
                   comments=(comment(5, "Lost with it"), comment(6, "Me too")))
    with app.app_context():
        summary = import_wxr(write(tmp_path / "site.xml", document(post, trashed)))
    text = "\n".join(summary.lines())
    assert "1 × custom fields (post meta): no place here (e.g. mood)" in text
    assert "1 × WordPress's and plugins' internal post data (post meta named _…) (e.g. " \
        "_edit_last)" in text
    assert "2 × comments on items that are not imported (e.g. 2 on “Binned”)" in text
    assert "1 × terms of taxonomy 'post_format' on posts" in text
    assert "1 × items in WordPress's trash (e.g. “Binned” (id 11))" in text
    assert "1 × featured images whose attachment is not in the file" in text
    assert "Nothing was left out" not in text


def test_the_summary_says_when_nothing_was_left_out(app, tmp_path):
    with app.app_context():
        summary = import_wxr(write(tmp_path / "site.xml", document(POST)))
    assert "Nothing was left out: everything in the file has a place here." in summary.lines()
