"""WordPress parity through WXR: each field imported from a small export written for these
tests, each written back the way WordPress's importer reads it, and a round trip."""

from pathlib import Path

from flask import current_app
from flask_migrate import upgrade
from lxml import etree
from sqlalchemy import select, text

from blog import create_app
from blog.articles.menus import menu_tree
from blog.extensions import db
from blog.models import Category, Menu, Post, Tag
from blog.wxr.importer import import_wxr
from blog.wxr.writer import export_wxr
from tests.conftest import PG_URL
from tests.parity.helpers import add_categories, feature, menu, upload_row

PARITY_WXR = Path(__file__).parent / "fixtures" / "parity.xml"
WP = "{http://wordpress.org/export/1.2/}"


def _post(legacy_id: int) -> Post:
    return db.session.scalar(select(Post).where(Post.legacy_id == legacy_id))


def _menu_shape(menu_row: Menu) -> list:
    def shape(links):
        return [(link.label, link.href, shape(link.children)) for link in links]

    with current_app.test_request_context():  # addresses are made with url_for
        return shape(menu_tree(list(menu_row.items), for_readers=False))


def test_import_keeps_categories_visibility_sticky_featured_images_and_menus(app):
    with app.app_context():
        summary = import_wxr(PARITY_WXR)
        hats, minutes, launch = _post(10), _post(11), _post(12)
        assert hats.category.slug == "systems"
        assert sorted(c.slug for c in hats.extra_categories) == ["culture", "tools"]
        assert hats.sticky and not launch.sticky
        assert hats.featured_image.legacy_id == 30
        assert "cover.jpg" not in str(hats.body_html)
        assert (minutes.status, minutes.visibility) == ("published", "private")
        assert (launch.visibility, launch.post_password) == ("password", "opensesame")
        main = db.session.scalar(select(Menu))
        assert (main.name, main.slug, main.location) == ("Main menu", "main-menu", "header")
        assert _menu_shape(main) == [
            ("About", "/about/", [("Custom link under About", "https://code.example.org/", [])]),
            ("Everything on culture", "/category/culture/", []),
            ("Rust", "/tag/rust/", []),
            ("Many Hats", "/many-hats/", []),
        ]
    text_summary = "\n".join(summary.lines())
    assert "menu items: 5 added" in text_summary and "menus: 1 added" in text_summary
    assert "Half-made item" in text_summary  # the draft item, skipped with its reason
    assert "sticky posts: 1 added" in text_summary and "featured images: 1 added" in text_summary
    with app.app_context():
        again = import_wxr(PARITY_WXR)
        assert "menu items: 0 added, 5 already imported" in "\n".join(again.lines())
        assert len(db.session.scalar(select(Menu)).items) == 5


def test_imported_menus_and_visibility_show_on_the_site(app, client):
    with app.app_context():
        import_wxr(PARITY_WXR)
    home = client.get("/").get_data(as_text=True)
    assert 'aria-label="Main"' in home and ">Everything on culture</a>" in home
    assert home.index("Many Hats") < home.index("Launch Plans")  # sticky first
    assert "Board Minutes" not in home
    assert client.get("/board-minutes/").status_code == 404
    launch = client.get("/launch-plans/").get_data(as_text=True)
    assert 'name="password"' in launch and "Tuesday" not in launch
    assert "Many Hats" in client.get("/category/tools/").get_data(as_text=True)


def _site(app, make):
    """A site using every field: several categories, private, password, sticky, featured
    image, a nested menu in the header and one in the footer, an author with a bio."""
    author = make.author(name="Inês Moreira", slug="ines", bio="Writes about harbours.")
    systems, culture = make.category(name="Systems", slug="systems"), \
        make.category(name="Culture", slug="culture")
    rust = make.tag(name="Rust", slug="rust")
    hats = make.post(title="Many Hats", slug="many-hats", author=author, category=systems,
                     sticky=True, tags=[rust])
    add_categories(app, hats.id, culture.id)
    feature(app, hats.id, upload_row(app))
    make.post(title="Board Minutes", slug="board-minutes", author=author, category=systems,
              visibility="private")
    make.post(title="Launch Plans", slug="launch-plans", author=author, category=culture,
              visibility="password", post_password="opensesame")
    about = make.post(title="About", slug="about", type="page", author=author)
    menu(app, "Main menu", "header", [
        {"kind": "page", "post_id": about.id, "children": [
            {"kind": "custom", "label": "Code", "url": "https://code.example.org/"}]},
        {"kind": "category", "category_id": culture.id, "label": "Culture pieces"},
        {"kind": "tag", "tag_id": rust.id},
        {"kind": "post", "post_id": hats.id},
    ])
    return hats


def test_export_writes_each_field_as_wordpress_reads_it(app, make, tmp_path):
    _site(app, make)
    out = tmp_path / "export.xml"
    with app.app_context():
        counts = export_wxr(out)
    assert counts["menus"] == 1 and counts["menu items"] == 5
    channel = etree.parse(str(out)).getroot().find("channel")
    items = {i.findtext(f"{WP}post_id"): i for i in channel.iter("item")}

    def meta(item) -> dict[str, str]:
        return {m.findtext(f"{WP}meta_key"): m.findtext(f"{WP}meta_value")
                for m in item.iter(f"{WP}postmeta")}

    by_title = {i.findtext("title"): i for i in items.values()}
    hats = by_title["Many Hats"]
    assert [(c.get("domain"), c.get("nicename")) for c in hats.iter("category")] == [
        ("category", "systems"), ("category", "culture"), ("post_tag", "rust")]
    assert hats.findtext(f"{WP}is_sticky") == "1"
    thumbnail = meta(hats)["_thumbnail_id"]
    assert items[thumbnail].findtext(f"{WP}post_type") == "attachment"
    assert "cover.png" in items[thumbnail].findtext(f"{WP}attachment_url")
    assert "cover.png" not in hats.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
    assert by_title["Board Minutes"].findtext(f"{WP}status") == "private"
    assert by_title["Launch Plans"].findtext(f"{WP}post_password") == "opensesame"
    assert channel.find(f"{WP}author").findtext(f"{WP}author_description") == \
        "Writes about harbours."
    # Term ids are one space in WordPress: categories, tags and menus never share one.
    term_ids = [t.findtext(f"{WP}term_id") for t in channel
                if t.tag in (f"{WP}category", f"{WP}tag", f"{WP}term")]
    assert len(term_ids) == len(set(term_ids)) == 4
    menu_term = channel.find(f"{WP}term")
    assert menu_term.findtext(f"{WP}term_taxonomy") == "nav_menu"
    menu_items = [i for i in channel.iter("item")
                  if i.findtext(f"{WP}post_type") == "nav_menu_item"]
    assert [i.findtext(f"{WP}menu_order") for i in menu_items] == ["1", "2", "3", "4", "5"]
    about, code, culture, rust, post = (meta(i) for i in menu_items)
    assert (about["_menu_item_type"], about["_menu_item_object"]) == ("post_type", "page")
    assert by_title["About"].findtext(f"{WP}post_id") == about["_menu_item_object_id"]
    assert code["_menu_item_menu_item_parent"] == menu_items[0].findtext(f"{WP}post_id")
    assert code["_menu_item_url"] == "https://code.example.org/"
    tag_id = channel.find(f"{WP}tag").findtext(f"{WP}term_id")
    assert (rust["_menu_item_object"], rust["_menu_item_object_id"]) == ("post_tag", tag_id)
    assert culture["_menu_item_object"] == "category" and post["_menu_item_object"] == "post"
    for item in menu_items:
        assert item.find("category").get("domain") == "nav_menu"
        assert {"_menu_item_target", "_menu_item_classes", "_menu_item_xfn"} <= set(meta(item))


def _snapshot() -> dict:
    posts = db.session.scalars(select(Post)).all()
    return {
        "posts": {p.path: (p.title, p.status, p.visibility, p.post_password, p.sticky,
                           p.category.slug if p.category else None,
                           sorted(c.slug for c in p.extra_categories),
                           sorted(t.slug for t in p.tags),
                           # The file's name: its folder is the media lookup's business.
                           p.featured_image.path.rsplit("/", 1)[-1] if p.featured_image
                           else None,
                           p.author.bio if p.author else None)
                  for p in posts},
        "categories": sorted(db.session.scalars(select(Category.slug))),
        "tags": sorted(db.session.scalars(select(Tag.slug))),
        "menus": {m.name: _menu_shape(m) for m in db.session.scalars(select(Menu))},
    }


def test_export_then_import_into_an_empty_site_keeps_every_field(app, make, tmp_path):
    _site(app, make)
    out = tmp_path / "export.xml"
    with app.app_context():
        before = _snapshot()
        export_wxr(out)
        if PG_URL:  # one database only: empty it, as a fresh site would be
            tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            db.session.commit()
    target = app if PG_URL else create_app({
        "TESTING": True, "SECRET_KEY": "x",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/fresh.sqlite3",
        "UPLOAD_FOLDER": str(tmp_path / "fresh-uploads")})
    with target.app_context():
        upgrade()
        import_wxr(out)
        after = _snapshot()
        header = db.session.scalar(select(Menu.location))
        db.session.remove()
        if not PG_URL:
            db.engine.dispose()
    assert after == before
    assert header == "header"
