"""Posts and pages from WXR items: content converted, paths nested, old links redirected."""

from datetime import datetime
from urllib.parse import unquote, urlsplit

from sqlalchemy import insert, update

from blog.content.markdown import render_markdown
from blog.content.sanitize import strip_tags
from blog.content.slugs import is_reserved, make_slug, unique_slug
from blog.extensions import db
from blog.models import Author, Post, Redirect, post_category, post_tag, utcnow
from blog.wxr.attachments import localise_upload_urls
from blog.wxr.entries import WxrAuthor, WxrItem
from blog.wxr.identity import clean_title, title_date_key
from blog.wxr.state import ImportState, clip
from blog.wxr.terms import import_author, import_category, import_tag
from blog.wxr.wordpress_content import wordpress_to_html

STATUSES = {
    "publish": "published",
    "future": "scheduled",
    "draft": "draft",
    "pending": "draft",
    "private": "published",  # with visibility "private": only the logged-in admin sees it
}


def post_slug(item: WxrItem) -> str:
    slug = unquote(item.slug).strip().strip("/").replace("/", "-").lower()
    return clip(slug, Post.slug) or make_slug(strip_tags(item.title))


def old_link_path(link: str, blog_prefix: str = "") -> str:
    """The path part of the item's WordPress permalink, as our catch-all route sees it; ""
    for a plain link (/?p=123, or /blog/?p=123 for a blog in a sub-folder), which names the
    blog's front page, never this item."""
    parts = urlsplit(link)
    path = unquote(parts.path).strip("/")
    if path in ("", blog_prefix):
        return ""  # /?p=123 links are answered by the legacy routes
    return path


def existing_post(state: ImportState, item: WxrItem) -> int | None:
    """Our id for an item already here: this site's item of that id, or (as WordPress's
    importer decides) a post of the same type, title and date. A post imported before sites
    were recorded learns its site here."""
    key = title_date_key(item.post_type, clean_title(item.title), item.date_gmt)
    found = state.memory.known_post(item.legacy_id, key)
    if found is None:
        return None
    post_id, match = found
    if match is None:  # this site's item of that id
        return post_id
    source, legacy_id = match
    if source is None and legacy_id == item.legacy_id:
        db.session.execute(update(Post).where(Post.id == post_id)
                           .values(legacy_source=state.source, updated_at=Post.updated_at))
    state.memory.add_post(item.legacy_id, post_id)
    return post_id


def _parent_path(state: ImportState, item: WxrItem) -> tuple[int | None, str]:
    parent = state.memory.post_and_path(item.parent_id) if item.parent_id else None
    if parent is not None:
        parent_id, parent_path = parent
        return parent_id, parent_path + "/"
    return None, ""


def _unique_path(state: ImportState, prefix: str, slug: str) -> tuple[str, str]:
    def taken(candidate: str) -> bool:
        return state.memory.path_taken(prefix + candidate)

    # A top-level number would read as a date archive (/2020/), as WordPress also avoids.
    if is_reserved(slug) or taken(slug) or (not prefix and slug.isdigit()):
        slug = unique_slug(slug, taken)
        state.summary.notes["slugs taken or reserved here, renamed (old links redirect)"] += 1
    return slug, prefix + slug


def _status(state: ImportState, item: WxrItem) -> str:
    return STATUSES[item.status]


def _visibility(state: ImportState, item: WxrItem) -> dict:
    """WordPress's private status and post password, as our visibility."""
    if item.status == "private":
        state.summary.created["private posts and pages"] += 1
        return {"visibility": "private", "post_password": ""}
    password = clip(item.password or "", Post.post_password)
    if password:
        state.summary.created["password-protected posts and pages"] += 1
        return {"visibility": "password", "post_password": password}
    return {}


def _dates(item: WxrItem) -> tuple[datetime | None, datetime, datetime]:
    """(published, created, updated); a published item without any date is dated now, or it
    would never be shown."""
    created = item.date_gmt or utcnow()
    published = item.date_gmt or (created if item.status in ("publish", "future") else None)
    return published, created, item.modified_gmt or created


def import_post(state: ImportState, item: WxrItem) -> int:
    """Create the post or page; returns its id."""
    parent_id, prefix = _parent_path(state, item)
    slug, path = _unique_path(state, prefix, post_slug(item))
    html = wordpress_to_html(localise_upload_urls(state, item.content, item.date_gmt),
                             state.summary.unknown_shortcodes)
    body_html = str(render_markdown(html))
    excerpt = " ".join(strip_tags(item.excerpt).split())
    published_at, created_at, updated_at = _dates(item)
    category_id, tag_ids, other_category_ids = _terms(state, item)
    post = Post(
        type=item.post_type,
        title=clean_title(item.title),
        slug=slug,
        path=path,
        parent_id=parent_id,
        body_source=html,
        body_html=body_html,
        excerpt=excerpt,
        status=_status(state, item),
        published_at=published_at,
        created_at=created_at,
        updated_at=updated_at,
        author_id=import_author_by_login(state, item.creator),
        category_id=category_id,
        allow_comments=item.comment_status == "open",
        legacy_id=item.legacy_id,
        legacy_source=state.source,
        guid=clip(item.guid, Post.guid) or None,  # else fixed at publication (models/post.py)
        **_visibility(state, item),
    )
    db.session.add(post)
    db.session.flush()
    if tag_ids:
        db.session.execute(insert(post_tag), [{"post_id": post.id, "tag_id": t} for t in tag_ids])
    if other_category_ids:
        db.session.execute(insert(post_category), [{"post_id": post.id, "category_id": c}
                                                   for c in other_category_ids])
    state.memory.add_path(path)
    state.memory.add_post(item.legacy_id, post.id)
    if item.thumbnail_id:
        state.memory.add_featured(post.id, item.thumbnail_id)
    key = title_date_key(post.type, post.title, item.date_gmt)
    if key is not None:  # the first post of a key is the one matched (as a setdefault)
        state.memory.add_title(key, post.id, state.source, item.legacy_id)
    _redirect_old_link(state, item, post.id, path)
    state.summary.created["pages" if item.post_type == "page" else "posts"] += 1
    return post.id


def import_author_by_login(state: ImportState, login: str) -> int | None:
    """The post's author; one missing from the file's author list is created from its login."""
    login = clip(login, Author.legacy_login)
    if not login:
        return None
    if login in state.authors:
        return state.authors[login]
    return import_author(state, WxrAuthor(None, login, "", login))


def _terms(state: ImportState, item: WxrItem) -> tuple[int | None, list[int], list[int]]:
    """(primary category, tags, other categories): every category of the item is kept, the
    first as the one shown in the date line."""
    categories = [(slug, name) for domain, slug, name in item.terms if domain == "category"]
    tag_ids: list[int] = []
    for domain, slug, name in item.terms:
        if domain == "post_tag":
            tag_id = import_tag(state, slug, name, declared=False)
            if tag_id not in tag_ids:
                tag_ids.append(tag_id)
        elif domain != "category":
            state.summary.skip(name or slug, f"terms of taxonomy '{domain}' on posts "
                                             "(formats, plugins' taxonomies): not used here")
    category_ids: list[int] = []
    for slug, name in categories:
        category_id = import_category(state, slug, name, declared=False)
        if category_id not in category_ids:
            category_ids.append(category_id)
    if len(category_ids) > 1:
        state.summary.notes["posts in several categories: the first is shown in its date line"] \
            += 1
    return (category_ids[0] if category_ids else None), tag_ids, category_ids[1:]


def _redirect_old_link(state: ImportState, item: WxrItem, post_id: int, path: str) -> None:
    old = old_link_path(item.link, state.blog_prefix)
    candidates = {old}
    if item.slug and unquote(item.slug).strip("/") != path.rsplit("/", 1)[-1]:
        # The slug was renamed on the way in: its old address, under the blog's sub-folder.
        prefix = state.blog_prefix + "/" if state.blog_prefix else ""
        candidates.add(prefix + unquote(item.slug).strip("/"))
    for old_path in candidates:
        if not old_path or old_path == path or clip(old_path, Redirect.old_path) != old_path:
            continue
        if state.memory.path_answered(old_path):
            state.summary.notes["old links another item here already answers: not "
                                "redirected"] += 1
            continue
        # Written now, not left pending in the session: the checks above ask the database.
        db.session.execute(insert(Redirect).values(old_path=old_path, post_id=post_id))
        state.memory.add_redirect(old_path)
        state.summary.created["redirects from old links"] += 1
