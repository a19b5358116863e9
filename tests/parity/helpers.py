"""Rows the WordPress-parity tests need beyond tests/factories.py: uploads, featured images,
other categories, menus. Each helper commits in its own app context, as the factories do."""

from blog.extensions import db
from blog.models import Category, Menu, MenuItem, Post, Upload


def upload_row(app, path: str = "2026/01/cover.png", alt: str = "A lighthouse at dusk",
               size: int = 2048) -> int:
    with app.app_context():
        upload = Upload(path=path, original_name=path.rsplit("/", 1)[-1], mime_type="image/png",
                        size=size, width=1200, height=600, alt_text=alt)
        db.session.add(upload)
        db.session.commit()
        return upload.id


def feature(app, post_id: int, upload_id: int) -> None:
    with app.app_context():
        db.session.get(Post, post_id).featured_image = db.session.get(Upload, upload_id)
        db.session.commit()


def add_categories(app, post_id: int, *category_ids: int) -> None:
    with app.app_context():
        post = db.session.get(Post, post_id)
        post.extra_categories = [db.session.get(Category, c) for c in category_ids]
        db.session.commit()


def menu(app, name: str, location: str | None, items: list[dict]) -> int:
    """`items`: dicts of MenuItem fields; a "children" list nests items under one."""
    with app.app_context():
        made = Menu(name=name, slug=name.lower().replace(" ", "-"), location=location)
        db.session.add(made)
        db.session.flush()

        def add(specs, parent_id=None):
            for position, spec in enumerate(specs):
                spec = dict(spec)
                children = spec.pop("children", [])
                item = MenuItem(menu_id=made.id, parent_id=parent_id, position=position, **spec)
                db.session.add(item)
                db.session.flush()
                add(children, item.id)

        add(items)
        db.session.commit()
        return made.id
