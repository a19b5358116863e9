"""Navigation menus in a WXR export, written as WordPress writes them and as its importer reads
them back (process_menu_item): a `nav_menu` term per menu in the channel, then one
`nav_menu_item` item per link after the posts, parents first, each in its menu by a
`<category domain="nav_menu">` and described by `_menu_item_*` postmeta."""

from sqlalchemy import select

from blog.extensions import db
from blog.models import Menu, MenuItem
from blog.wxr.writer import ExportIds, XmlOut, site_base_url, wp_date
from blog.wxr.writer_items import write_meta, write_term

# PHP's serialize(array("")), WordPress's value for an item without CSS classes.
NO_CLASSES = 'a:1:{i:0;s:0:"";}'


def write_menu_terms(out: XmlOut, ids: ExportIds) -> int:
    menus = db.session.scalars(select(Menu).order_by(Menu.id)).all()
    for menu in menus:
        out.fh.write("\t<wp:term>")
        out.tag("wp:term_id", ids.menu_offset + menu.id, raw=True, indent=0)
        out.tag("wp:term_taxonomy", "nav_menu", indent=0)
        out.tag("wp:term_slug", menu.slug, indent=0)
        out.tag("wp:term_parent", "", indent=0)
        out.tag("wp:term_name", menu.name, indent=0)
        out.fh.write("</wp:term>\n")
    return len(menus)


def _in_order(items: list[MenuItem]) -> list[MenuItem]:
    """Depth first, by position: WordPress's menu_order, and every parent before its
    children (the importer links a child only to a parent it has seen)."""
    ids = {item.id for item in items}
    children: dict[int | None, list[MenuItem]] = {}
    for item in items:
        children.setdefault(item.parent_id if item.parent_id in ids else None, []).append(item)
    ordered: list[MenuItem] = []
    seen: set[int] = set()

    def walk(parent: int | None) -> None:
        for item in sorted(children.get(parent, []), key=lambda i: (i.position, i.id)):
            if item.id not in seen:
                seen.add(item.id)
                ordered.append(item)
                walk(item.id)

    walk(None)
    return ordered


def _object(item: MenuItem, ids: ExportIds, own_id: int) -> tuple[str, str, int] | None:
    """(_menu_item_type, _menu_item_object, _menu_item_object_id) in the export's ids."""
    if item.post is not None:
        return "post_type", item.post.type, item.post.id
    if item.category is not None:
        return "taxonomy", "category", item.category.id
    if item.tag is not None:
        return "taxonomy", "post_tag", ids.tag_offset + item.tag.id
    if item.kind == "custom" and item.url:
        return "custom", "custom", own_id
    return None


def write_menu_items(out: XmlOut, ids: ExportIds) -> int:
    base = site_base_url()
    written = 0
    for menu in db.session.scalars(select(Menu).order_by(Menu.id)):
        exported: set[int] = set()
        for order, item in enumerate(_in_order(list(menu.items)), start=1):
            own_id = ids.menu_item_offset + item.id
            target = _object(item, ids, own_id)
            if target is None:
                continue
            parent = ids.menu_item_offset + item.parent_id \
                if item.parent_id in exported else 0
            _write_item(out, base, menu, item, own_id, order, target, parent)
            exported.add(item.id)
            written += 1
    return written


def _write_item(out: XmlOut, base: str, menu: Menu, item: MenuItem, own_id: int, order: int,
                target: tuple[str, str, int], parent: int) -> None:
    kind, obj, object_id = target
    out.fh.write("\t<item>\n")
    out.tag("title", item.label)
    out.tag("link", f"{base}/?p={own_id}", raw=True)
    out.tag("dc:creator", "")
    out.fh.write(f'\t\t<guid isPermaLink="false">{base}/?p={own_id}</guid>\n')
    out.tag("description", "", raw=True)
    out.tag("content:encoded", "")
    out.tag("excerpt:encoded", "")
    out.tag("wp:post_id", own_id, raw=True)
    out.tag("wp:post_date", wp_date(None))
    out.tag("wp:post_date_gmt", wp_date(None))
    out.tag("wp:comment_status", "closed")
    out.tag("wp:ping_status", "closed")
    out.tag("wp:post_name", str(own_id))
    out.tag("wp:status", "publish")
    out.tag("wp:post_parent", 0, raw=True)
    out.tag("wp:menu_order", order, raw=True)
    out.tag("wp:post_type", "nav_menu_item")
    out.tag("wp:post_password", "")
    out.tag("wp:is_sticky", 0, raw=True)
    write_term(out, "nav_menu", menu.slug, menu.name)
    for key, value in (("_menu_item_type", kind), ("_menu_item_menu_item_parent", parent),
                       ("_menu_item_object_id", object_id), ("_menu_item_object", obj),
                       ("_menu_item_target", ""), ("_menu_item_classes", NO_CLASSES),
                       ("_menu_item_xfn", ""),
                       ("_menu_item_url", item.url if kind == "custom" else "")):
        write_meta(out, key, value)
    out.fh.write("\t</item>\n")
