"""A second streaming pass over a WXR file for what the main reader leaves to us: the sticky
flag of each item, navigation menus (`nav_menu` terms) and their items (`nav_menu_item` items
with their `_menu_item_*` postmeta).

Elements are read by their local names, whatever namespace URI (http or https, any export
version) the file binds, as WordPress's importer reads them. The parser settings are the main
reader's: no entities expanded, no DTD, no network, one item in memory at a time.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from blog.wxr.reader import only_namespace_name_complaints


@dataclass
class WxrMenuItem:
    legacy_id: int
    menu_slug: str
    title: str
    status: str
    position: int
    meta: dict[str, str] = field(default_factory=dict)  # "_menu_item_type" → "custom"

    def number(self, key: str) -> int:
        try:
            return int((self.meta.get(key) or "0").strip())
        except ValueError:
            return 0


@dataclass
class WxrExtras:
    sticky: set[int] = field(default_factory=set)  # WordPress ids of sticky posts
    menus: dict[str, tuple[str, int | None]] = field(default_factory=dict)  # slug → name, id
    menu_items: list[WxrMenuItem] = field(default_factory=list)


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _texts(element) -> dict[str, str]:
    values: dict[str, str] = {}
    for child in element:
        values.setdefault(_local(child.tag), child.text or "")
    return values


def _int(value: str | None) -> int:
    try:
        return int((value or "").strip())
    except ValueError:
        return 0


def _item(element, extras: WxrExtras) -> None:
    values = _texts(element)
    legacy_id = _int(values.get("post_id"))
    kind = (values.get("post_type") or "").strip()
    if kind != "nav_menu_item":
        if _int(values.get("is_sticky")) == 1 and kind in ("post", ""):
            extras.sticky.add(legacy_id)
        return
    menu_slug, meta = "", {}
    for child in element:
        name = _local(child.tag)
        if name == "category" and child.get("domain") == "nav_menu" and not menu_slug:
            menu_slug = child.get("nicename", "")
        elif name == "postmeta":
            pair = _texts(child)
            key = pair.get("meta_key", "")
            if key.startswith("_menu_item_"):
                meta[key] = pair.get("meta_value", "")
    extras.menu_items.append(WxrMenuItem(
        legacy_id, menu_slug, (values.get("title") or "").strip(),
        (values.get("status") or "").strip(), _int(values.get("menu_order")), meta))


def _elements(source) -> Iterator:
    etree.clear_error_log()  # libxml2's log is per thread: the main read's errors are not ours
    parser = etree.iterparse(source, events=("end",), resolve_entities=False, no_network=True,
                             load_dtd=False, huge_tree=False, remove_comments=True)
    try:
        for _event, element in parser:
            parent = element.getparent()
            if parent is None or _local(parent.tag) != "channel":
                continue
            yield element
            element.clear()
            while element.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as error:
        # The main reader took this file: namespace names that are no URIs, as it does.
        if not only_namespace_name_complaints(error):
            raise


def read_extras(path: str | Path) -> WxrExtras:
    """What the file says of sticky posts and menus. The main reader has already read the
    same file through, so its errors were reported there."""
    extras = WxrExtras()
    with Path(path).open("rb") as source:
        for element in _elements(source):
            name = _local(element.tag)
            if name == "item":
                _item(element, extras)
            elif name == "term":
                values = _texts(element)
                if values.get("term_taxonomy", "").strip() == "nav_menu":
                    slug = values.get("term_slug", "").strip()
                    if slug:
                        extras.menus[slug] = ((values.get("term_name") or slug).strip(),
                                              _int(values.get("term_id")) or None)
    return extras
