"""Import a WordPress export in one transaction: all of it, or (on any error) nothing."""

import tempfile
from pathlib import Path

from flask import current_app
from tqdm import tqdm

from blog.extensions import db
from blog.wxr.attachments import import_attachment, remove_copied_files
from blog.wxr.comments import import_comments
from blog.wxr.demo_content import replace_demo
from blog.wxr.entries import Entry, WxrAuthor, WxrItem, WxrSite, WxrTerm
from blog.wxr.extras_reader import read_extras
from blog.wxr.identity import blog_prefix, site_source
from blog.wxr.parity import import_menus, link_featured_images, mark_sticky
from blog.wxr.posts import STATUSES, existing_post, import_post
from blog.wxr.reader import WxrError, read_wxr
from blog.wxr.state import ImportState
from blog.wxr.summary import ImportSummary
from blog.wxr.terms import import_author, import_term, link_category_parents

POST_TYPES = ("post", "page")
SKIPPED_STATUSES = {
    "trash": "items in WordPress's trash",
    "auto-draft": "auto-drafts (WordPress's empty placeholders)",
    "inherit": "revisions",
}


def import_wxr(path: str | Path, uploads_source: str | Path | None = None,
               progress: bool = False) -> ImportSummary:
    """Read the file at `path` and add what is not there yet. Raises WxrError, having changed
    nothing, when the file is malformed or an item cannot be stored."""
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="surrogateescape") as copied:
        state = ImportState(
            Path(uploads_source) if uploads_source else None,
            Path(current_app.config["UPLOAD_FOLDER"]),
            copied_log=copied,
        )
        _run(state, Path(path), progress)
    return state.summary


def _run(state: ImportState, path: Path, progress: bool) -> None:
    try:
        with path.open("rb") as source, tqdm(
            total=path.stat().st_size, unit="B", unit_scale=True, desc="Importing",
            disable=not progress, leave=False,
        ) as bar:
            for entry in read_wxr(source):
                _import_entry(state, entry)
                bar.update(source.tell() - bar.n)
            _finish(state)
        extras = read_extras(path)
        mark_sticky(state, extras)
        import_menus(state, extras)
        state.memory.drop()
        db.session.commit()
    except BaseException:
        db.session.rollback()  # the import's temporary tables go with it
        remove_copied_files(state)
        raise
    finally:
        state.memory.forget()


def _begin_site(state: ImportState, site: WxrSite) -> None:
    """The channel names the site every item of the file belongs to; the demo goes before
    anything is matched against what is here."""
    state.source = site_source(site)
    state.blog_prefix = blog_prefix(site)
    replace_demo(state.summary)
    state.load()


def _import_entry(state: ImportState, entry: Entry) -> None:
    if isinstance(entry, WxrSite):
        _begin_site(state, entry)
    elif isinstance(entry, WxrAuthor):
        import_author(state, entry)
    elif isinstance(entry, WxrTerm) and entry.taxonomy == "nav_menu":
        return  # menus come with their items (blog/wxr/parity.py)
    elif isinstance(entry, WxrTerm):
        import_term(state, entry)
    else:
        try:
            _import_item(state, entry)
        except WxrError:
            raise
        except Exception as error:
            raise WxrError(f"Item at line {entry.line} (WordPress id {entry.legacy_id}, "
                           f"“{entry.title[:60]}”) could not be stored: {error}") from error


def _import_item(state: ImportState, item: WxrItem) -> None:
    label = f"“{item.title[:50]}” (id {item.legacy_id})"
    if item.post_type == "attachment":
        import_attachment(state, item)
        _note_unread_meta(state, item)
        return
    if item.post_type == "nav_menu_item":
        return  # read with its menu after the posts (blog/wxr/parity.py)
    if item.post_type not in POST_TYPES:
        state.summary.skip(label, f"items of type '{item.post_type}' (menus, blocks, plugins)")
        _note_lost_comments(state, item)
        return
    if item.status not in STATUSES:
        state.summary.skip(label, SKIPPED_STATUSES.get(item.status,
                                                       f"items with status '{item.status}'"))
        _note_lost_comments(state, item)
        return
    found = existing_post(state, item)
    if found is not None:
        state.summary.existing["pages" if item.post_type == "page" else "posts"] += 1
        post_id = found
    elif item.parent_id and item.post_type == "page" and \
            state.memory.post(item.parent_id) is None:
        state.memory.wait(item.parent_id, item)  # its parent comes later
        return
    else:
        post_id = import_post(state, item)
    _note_unread_meta(state, item)
    import_comments(state, post_id, item.comments, existing=found is not None)
    for child in state.memory.children(item.legacy_id):
        _import_entry(state, child)


def _note_lost_comments(state: ImportState, item: WxrItem) -> None:
    if item.comments:
        state.summary.skip(f"{len(item.comments)} on “{item.title[:40]}”",
                           "comments on items that are not imported", len(item.comments))


def _note_unread_meta(state: ImportState, item: WxrItem) -> None:
    """Custom fields have no place here; WordPress's and plugins' own (names starting with
    "_": edit locks, page templates, SEO plugins' data) are counted on one line."""
    for key in item.other_meta:
        if key.startswith("_"):
            state.summary.skip(key, "WordPress's and plugins' internal post data (post meta "
                                    "named _…)")
        else:
            state.summary.skip(key, "custom fields (post meta): no place here")


def _finish(state: ImportState) -> None:
    # Children whose parent never came (trashed, or not exported) stand at the top level: the
    # last parent waited for first, its children in file order.
    while (parent := state.memory.latest_waited_for()) is not None:
        for child in state.memory.children(parent):
            state.summary.notes["pages whose parent is not in the file: kept at the top"] += 1
            child.parent_id = 0
            _import_entry(state, child)
    link_category_parents(state)
    link_featured_images(state)
    db.session.flush()
