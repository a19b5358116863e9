"""Navigation menus in the admin: menus with a location, items pointing at a page, a post, a
category, a tag or a web address, nested by parent. Every write is an ORM write of Menu or
MenuItem, so the page cache is replaced (blog/pagecache/invalidation.py)."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import func, select

from blog.articles.menus import item_target
from blog.content.slugs import make_slug, unique_slug
from blog.extensions import db
from blog.models import MENU_LOCATIONS, Category, Menu, MenuItem, Post, Tag


class MenuInputError(ValueError):
    """What the writer typed names nothing we can link to; the message says why."""


@dataclass
class ItemInput:
    kind: str
    target: str = ""
    label: str = ""
    parent_id: int | None = None
    position: int = 0


def all_menus() -> list[tuple[Menu, int]]:
    counts = (select(MenuItem.menu_id, func.count().label("n"))
              .group_by(MenuItem.menu_id).subquery())
    rows = db.session.execute(
        select(Menu, func.coalesce(counts.c.n, 0)).outerjoin(counts, counts.c.menu_id == Menu.id)
        .order_by(func.lower(Menu.name), Menu.id))
    return [(menu, n) for menu, n in rows]


def get_menu(menu_id: int) -> Menu | None:
    return db.session.get(Menu, menu_id)


def get_item(menu: Menu, item_id: int) -> MenuItem | None:
    item = db.session.get(MenuItem, item_id)
    return item if item is not None and item.menu_id == menu.id else None


def _free_slug(name: str, menu_id: int | None) -> str:
    def taken(slug: str) -> bool:
        query = select(Menu.id).where(Menu.slug == slug)
        if menu_id is not None:
            query = query.where(Menu.id != menu_id)
        return db.session.scalar(query) is not None

    return unique_slug(make_slug(name) or "menu", taken)


def _place(menu: Menu, location: str | None) -> None:
    """One menu per location: giving it to this menu takes it from any other."""
    location = location if location in MENU_LOCATIONS else None
    if location:
        other = db.session.scalar(select(Menu).where(Menu.location == location,
                                                     Menu.id != menu.id))
        if other is not None:
            other.location = None
            db.session.flush()
    menu.location = location


def save_menu(menu: Menu | None, name: str, location: str | None) -> Menu:
    if menu is None:
        menu = Menu(name="", slug="")
        db.session.add(menu)
    menu.name = " ".join(name.split())[:200]
    menu.slug = _free_slug(menu.name, menu.id)
    _place(menu, location)
    db.session.commit()
    return menu


def delete_menu(menu: Menu) -> None:
    db.session.delete(menu)
    db.session.commit()


def _local_path(text: str, prefix: str = "") -> str:
    """"about/team" from "/about/team/", "about/team" or this site's full address."""
    path = urlsplit(text.strip()).path if "://" in text else text.strip()
    path = path.strip("/")
    if prefix and path.startswith(prefix + "/"):
        path = path[len(prefix) + 1:]
    return path


def resolve(data: ItemInput) -> dict:
    """The item's target columns for what the writer typed; raises MenuInputError."""
    target = (data.target or "").strip()
    if data.kind in ("page", "post"):
        post = db.session.scalar(select(Post).where(Post.path == _local_path(target),
                                                    Post.type == data.kind))
        if post is None:
            raise MenuInputError(f"No {data.kind} has the address “{target}”. "
                                 f"Give its address, such as /about/.")
        return {"post_id": post.id}
    if data.kind in ("category", "tag"):
        model = Category if data.kind == "category" else Tag
        term = db.session.scalar(select(model).where(
            model.slug == _local_path(target, data.kind)))
        if term is None:
            raise MenuInputError(f"No {data.kind} has the slug “{target}”.")
        return {f"{data.kind}_id": term.id}
    if data.kind == "custom":
        parts = urlsplit(target)
        site_path = target.startswith("/") and not target.startswith("//")
        if not (site_path or (parts.scheme in ("http", "https") and parts.netloc)):
            raise MenuInputError("A custom link needs a full address (https://…) or a path "
                                 "on this site (/…).")
        if not data.label.strip():
            raise MenuInputError("A custom link needs a label.")
        return {"url": target[:2000]}
    raise MenuInputError("Choose what the item links to.")


def _descendants(menu: Menu, item_id: int) -> set[int]:
    children: dict[int | None, list[int]] = {}
    for item in menu.items:
        children.setdefault(item.parent_id, []).append(item.id)
    found, todo = set(), [item_id]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def parent_choices(menu: Menu, item: MenuItem | None = None) -> list[tuple[int, str]]:
    """Items the item may hang under: not itself, nor one of its own descendants."""
    excluded = {item.id, *_descendants(menu, item.id)} if item is not None else set()
    return [(entry.id, ("— " * depth) + label) for entry, depth, label, _href in
            item_rows(menu) if entry.id not in excluded]


def save_item(menu: Menu, item: MenuItem | None, data: ItemInput) -> MenuItem:
    columns = resolve(data)
    allowed = {entry.id for entry in menu.items}
    if item is not None:
        allowed -= {item.id, *_descendants(menu, item.id)}
    if item is None:
        item = MenuItem(menu_id=menu.id)
        db.session.add(item)
    item.kind = data.kind
    item.label = " ".join(data.label.split())[:300]
    item.post_id = columns.get("post_id")
    item.category_id = columns.get("category_id")
    item.tag_id = columns.get("tag_id")
    item.url = columns.get("url", "")
    item.parent_id = data.parent_id if data.parent_id in allowed else None
    item.position = data.position
    db.session.commit()
    return item


def delete_item(item: MenuItem) -> None:
    """Its children move up to its own parent, as WordPress does."""
    for child in db.session.scalars(select(MenuItem).where(MenuItem.parent_id == item.id)):
        child.parent_id = item.parent_id
    db.session.delete(item)
    db.session.commit()


def target_text(item: MenuItem) -> str:
    """What the item's target field shows when it is edited."""
    if item.post is not None:
        return f"/{item.post.path}/"
    if item.category is not None:
        return item.category.slug
    if item.tag is not None:
        return item.tag.slug
    return item.url


def item_rows(menu: Menu) -> list[tuple[MenuItem, int, str, str]]:
    """(item, depth, label, address) in menu order, depth first, for the admin's list."""
    children: dict[int | None, list[MenuItem]] = {}
    ids = {item.id for item in menu.items}
    for item in menu.items:
        parent = item.parent_id if item.parent_id in ids else None
        children.setdefault(parent, []).append(item)
    rows: list[tuple[MenuItem, int, str, str]] = []
    seen: set[int] = set()

    def walk(parent: int | None, depth: int) -> None:
        for item in sorted(children.get(parent, []), key=lambda i: (i.position, i.id)):
            if item.id in seen:
                continue
            seen.add(item.id)
            target = item_target(item, for_readers=False)
            label = item.label or (target[0] if target else "(its target is gone)")
            rows.append((item, depth, label, target[1] if target else ""))
            walk(item.id, depth + 1)

    walk(None, 0)
    return rows
