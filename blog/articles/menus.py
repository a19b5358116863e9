"""The header and footer menus on every page: each menu's items as a tree of links, in one
statement for both menus. Items whose target readers cannot see (a draft, a private post) are
left out, with their children moved up, as WordPress does."""

import logging
from dataclasses import dataclass, field

from flask import url_for
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from blog.articles import bp
from blog.extensions import db
from blog.models import Menu, MenuItem, utcnow
from blog.web.templating import post_url

log = logging.getLogger(__name__)


@dataclass
class MenuLink:
    label: str
    href: str
    current: bool = False
    children: list["MenuLink"] = field(default_factory=list)


def item_target(item: MenuItem, for_readers: bool = True) -> tuple[str, str] | None:
    """(default label, address) of an item, or None when readers cannot follow it."""
    if item.kind in ("page", "post"):
        post = item.post
        if post is None or (for_readers and (not post.is_live(utcnow())
                                             or post.visibility == "private")):
            return None
        return post.title, post_url(post)
    if item.kind == "category" and item.category is not None:
        return item.category.name, url_for("articles.category", slug=item.category.slug)
    if item.kind == "tag" and item.tag is not None:
        return item.tag.name, url_for("articles.tag", slug=item.tag.slug)
    if item.kind == "custom" and item.url:
        return item.url, item.url
    return None


def menu_tree(items: list[MenuItem], for_readers: bool = True) -> list[MenuLink]:
    """Nest the items by parent, in position order; an item whose parent is missing or hidden
    stands where its parent would."""
    by_id = {item.id: item for item in items}
    links: dict[int, MenuLink] = {}
    for item in items:
        target = item_target(item, for_readers)
        if target is not None:
            links[item.id] = MenuLink(item.label or target[0], target[1])
    roots: list[MenuLink] = []
    for item in sorted(items, key=lambda i: (i.position, i.id)):
        link = links.get(item.id)
        if link is None:
            continue
        parent, seen = item.parent_id, {item.id}
        while parent is not None and parent not in links and parent in by_id \
                and parent not in seen:
            seen.add(parent)
            parent = by_id[parent].parent_id
        (links[parent].children if parent in links and parent not in seen
         else roots).append(link)
    return roots


def menus_by_location() -> dict[str, list[MenuLink]]:
    rows = db.session.execute(
        select(MenuItem, Menu.location).join(Menu, Menu.id == MenuItem.menu_id)
        .where(Menu.location.is_not(None))
    ).unique().all()
    grouped: dict[str, list[MenuItem]] = {}
    for item, location in rows:
        grouped.setdefault(location, []).append(item)
    return {location: menu_tree(items) for location, items in grouped.items()}


@bp.app_context_processor
def menu_context():
    """`site_menus()` in templates: drawn where base.html asks, at most once per page."""
    cache: dict[str, dict[str, list[MenuLink]]] = {}

    def site_menus() -> dict[str, list[MenuLink]]:
        if "menus" not in cache:
            try:
                cache["menus"] = menus_by_location()
            except SQLAlchemyError:  # an error page while the database is away: no menus
                log.warning("menus unavailable", exc_info=True)
                db.session.rollback()
                cache["menus"] = {}
        return cache["menus"]

    return {"site_menus": site_menus}
