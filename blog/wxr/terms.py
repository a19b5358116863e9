"""Authors, categories and tags from a WXR file, matched to existing rows by login or slug."""

from collections.abc import Callable
from urllib.parse import unquote

from sqlalchemy import update

from blog.content.sanitize import strip_tags
from blog.content.slugs import make_slug
from blog.extensions import db
from blog.models import Author, Category, Tag
from blog.wxr.entries import WxrAuthor, WxrTerm
from blog.wxr.state import ImportState, clip


def term_slug(raw: str, name: str) -> str:
    """WordPress keeps non-ASCII slugs percent-encoded; ours are the decoded text."""
    slug = unquote(raw or "").strip().strip("/").replace("/", "-").lower()[:200]
    return slug or make_slug(name)


def import_author(state: ImportState, entry: WxrAuthor) -> int:
    login = clip(entry.login or entry.display_name or "author", Author.legacy_login)
    if login in state.authors:
        state.summary.existing["authors"] += 1
        return state.authors[login]
    same_person = state.author_emails.get(entry.email.lower()) if entry.email else None
    if same_person is not None:  # already writing here under another name: keep one byline
        state.authors[login] = same_person
        state.summary.existing["authors"] += 1
        return same_person
    slug = author_slug(state, login)
    author = Author(
        name=clip(strip_tags(entry.display_name or login).strip() or login, Author.name),
        slug=slug,
        bio=strip_tags(entry.description).strip() or None,
        email=clip(entry.email, Author.email) or None,
        legacy_login=login,
        legacy_id=entry.legacy_id,
    )
    db.session.add(author)
    db.session.flush()
    state.authors[login] = author.id
    state.author_slugs.add(slug)
    if entry.email:
        state.author_emails.setdefault(entry.email.lower(), author.id)
    state.summary.created["authors"] += 1
    return author.id


def author_slug(state: ImportState, login: str) -> str:
    """The login's slug, or slug-2…: author archives live under /author/, so the words the
    site's top-level URLs reserve (admin, feed, page…) are fine here, as in WordPress."""
    base = make_slug(login)[:190]
    slug, n = base, 1
    while slug in state.author_slugs:
        n += 1
        slug = f"{base}-{n}"
    return slug


def import_term(state: ImportState, entry: WxrTerm) -> None:
    if entry.taxonomy == "category":
        import_category(state, entry.slug, entry.name, entry.legacy_id, entry.description,
                        entry.parent_slug)
    elif entry.taxonomy == "post_tag":
        import_tag(state, entry.slug, entry.name, entry.legacy_id, entry.description)
    else:
        state.summary.skip(entry.name or entry.slug,
                           f"terms of taxonomy '{entry.taxonomy}' (menus, formats): not used here")


def import_category(state: ImportState, raw_slug: str, name: str, legacy_id: int | None = None,
                    description: str = "", parent_slug: str = "", declared: bool = True) -> int:
    """`declared`: listed in the channel (counted), not just named by a post."""
    slug = term_slug(raw_slug, name)
    if parent_slug:
        state.category_parents[slug] = term_slug(parent_slug, parent_slug)
    return _known_or_new(state, "categories", state.categories, slug, declared, lambda: Category(
        name=clip(strip_tags(name).strip(), Category.name) or slug, slug=slug,
        description=strip_tags(description).strip() or None, legacy_id=legacy_id))


def import_tag(state: ImportState, raw_slug: str, name: str, legacy_id: int | None = None,
               description: str = "", declared: bool = True) -> int:
    slug = term_slug(raw_slug, name)
    return _known_or_new(state, "tags", state.tags, slug, declared, lambda: Tag(
        name=clip(strip_tags(name).strip(), Tag.name) or slug, slug=slug,
        description=strip_tags(description).strip() or None, legacy_id=legacy_id))


def _known_or_new(state: ImportState, kind: str, known: dict[str, int], slug: str,
                  declared: bool, make: Callable[[], Category | Tag]) -> int:
    """The id of the term already imported or stored under `slug`, else of a new one."""
    if slug in known:
        state.summary.existing[kind] += declared
        return known[slug]
    term = make()
    db.session.add(term)
    db.session.flush()
    known[slug] = term.id
    state.summary.created[kind] += 1
    return term.id


def link_category_parents(state: ImportState) -> None:
    """Parents are named by slug and may come after their children in the file."""
    for slug, parent_slug in state.category_parents.items():
        child_id, parent_id = state.categories.get(slug), state.categories.get(parent_slug)
        if child_id and parent_id and child_id != parent_id:
            db.session.execute(
                update(Category).where(Category.id == child_id, Category.parent_id.is_(None))
                .values(parent_id=parent_id)
            )
