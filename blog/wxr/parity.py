"""After the items: what links them, as WordPress's importer does at its end (its
remap_featured_images, stick_post and process_menu_item): featured images, sticky posts and
navigation menus. Attachments and menu items may come anywhere in the file, so this runs once
every post and attachment is in."""

from sqlalchemy import insert, select, update

from blog.content.slugs import make_slug
from blog.extensions import db
from blog.models import Category, Menu, MenuItem, Post, Tag, Upload, featured_image
from blog.wxr.extras_reader import WxrExtras, WxrMenuItem
from blog.wxr.state import ImportState, clip


def link_featured_images(state: ImportState) -> None:
    """`_thumbnail_id` names an attachment item: that upload becomes the post's featured
    image (never copied into its body). Read a batch of posts at a time."""
    for featured in state.memory.featured():
        _link_featured_images(state, featured)


def _link_featured_images(state: ImportState, featured: list[tuple[int, int | None]]) -> None:
    wanted = {attachment for _post, attachment in featured if attachment is not None}
    uploads = dict(db.session.execute(
        select(Upload.legacy_id, Upload.id).where(Upload.legacy_id.in_(wanted))).all())
    have = set(db.session.scalars(select(featured_image.c.post_id).where(
        featured_image.c.post_id.in_([post for post, _a in featured]))))
    rows = []
    for post_id, attachment_id in featured:
        if post_id in have:
            continue
        if attachment_id not in uploads:
            state.summary.notes["featured images whose attachment is not in the file"] += 1
            continue
        rows.append({"post_id": post_id, "upload_id": uploads[attachment_id]})
        have.add(post_id)
    if rows:
        db.session.execute(insert(featured_image), rows)
        state.summary.created["featured images"] += len(rows)


def mark_sticky(state: ImportState, extras: WxrExtras) -> None:
    ids = [post for post in map(state.memory.post, extras.sticky) if post is not None]
    if ids:
        db.session.execute(update(Post).where(Post.id.in_(ids))
                           .values(sticky=True, updated_at=Post.updated_at))
        state.summary.created["sticky posts"] += len(ids)


def _menu(state: ImportState, menus: dict[str, Menu], extras: WxrExtras, slug: str) -> Menu:
    """The menu of this slug: here already (a second run), or made now. The first menu made
    takes the header when no menu has it (WordPress keeps menu places in the theme, not in
    the export)."""
    if slug in menus:
        return menus[slug]
    name, legacy_id = extras.menus.get(slug, (slug, None))
    menu = db.session.scalar(select(Menu).where(Menu.slug == clip(make_slug(slug) or slug,
                                                                   Menu.slug)))
    if menu is None:
        menu = Menu(name=clip(name, Menu.name) or slug, slug=clip(make_slug(slug) or "menu",
                                                                  Menu.slug),
                    legacy_id=legacy_id)
        if db.session.scalar(select(Menu.id).where(Menu.location == "header")) is None:
            menu.location = "header"
        db.session.add(menu)
        db.session.flush()
        state.summary.created["menus"] += 1
    menus[slug] = menu
    return menu


def _target(state: ImportState, terms: dict[str, dict[int, int]],
            entry: WxrMenuItem) -> dict | None:
    kind = (entry.meta.get("_menu_item_type") or "").strip()
    obj = (entry.meta.get("_menu_item_object") or "").strip()
    object_id = entry.number("_menu_item_object_id")
    post_id = state.memory.post(object_id) if kind == "post_type" and obj in ("page",
                                                                               "post") else None
    if post_id is not None:
        return {"kind": obj, "post_id": post_id}
    if kind == "taxonomy" and obj == "category" and object_id in terms["category"]:
        return {"kind": "category", "category_id": terms["category"][object_id]}
    if kind == "taxonomy" and obj == "post_tag" and object_id in terms["post_tag"]:
        return {"kind": "tag", "tag_id": terms["post_tag"][object_id]}
    url = (entry.meta.get("_menu_item_url") or "").strip()
    if kind == "custom" and url:
        return {"kind": "custom", "url": clip(url, MenuItem.url)}
    return None


def import_menus(state: ImportState, extras: WxrExtras) -> None:
    """Menu items as WordPress's importer takes them: drafts and items without a menu are
    skipped, as are items whose page, post or term is not here; parents are linked once all
    are in."""
    if not extras.menu_items:
        return
    terms = {
        "category": dict(db.session.execute(select(Category.legacy_id, Category.id)
                                            .where(Category.legacy_id.is_not(None))).all()),
        "post_tag": dict(db.session.execute(select(Tag.legacy_id, Tag.id)
                                            .where(Tag.legacy_id.is_not(None))).all()),
    }
    menus: dict[str, Menu] = {}
    made: dict[int, MenuItem] = {}
    parents: dict[int, int] = {}
    for entry in extras.menu_items:
        label = f"menu item “{entry.title[:50]}” (id {entry.legacy_id})"
        if entry.status == "draft" or not entry.menu_slug:
            state.summary.skip(label, "menu items that are drafts or in no menu")
            continue
        target = _target(state, terms, entry)
        if target is None:
            state.summary.skip(label, "menu items whose page, post or term is not here")
            continue
        menu = _menu(state, menus, extras, entry.menu_slug)
        existing = db.session.scalar(select(MenuItem).where(
            MenuItem.menu_id == menu.id, MenuItem.legacy_id == entry.legacy_id))
        if existing is not None:
            state.summary.existing["menu items"] += 1
            made[entry.legacy_id] = existing
            continue
        item = MenuItem(menu_id=menu.id, position=entry.position, legacy_id=entry.legacy_id,
                        label=clip(entry.title, MenuItem.label) or "", **target)
        db.session.add(item)
        made[entry.legacy_id] = item
        if entry.number("_menu_item_menu_item_parent"):
            parents[entry.legacy_id] = entry.number("_menu_item_menu_item_parent")
        state.summary.created["menu items"] += 1
    db.session.flush()
    for child, parent in parents.items():
        if parent in made and made[parent].menu_id == made[child].menu_id:
            made[child].parent_id = made[parent].id
    db.session.flush()
