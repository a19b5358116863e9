"""Categories, tags and authors: create, rename, delete. Posts keep working after a delete
(the foreign keys set their category or author to none)."""

from collections.abc import Callable

from sqlalchemy import func, select, union

from blog.articles.services import live_clause
from blog.content.slugs import make_slug
from blog.extensions import db
from blog.models import Author, Category, Post, Tag, User, post_category, post_tag

TERM_MODELS: dict[str, type] = {"categories": Category, "tags": Tag, "authors": Author}


def free_term_slug(model: type, wanted: str, term_id: int | None = None) -> str:
    """`wanted` as a slug, with -2, -3… when another term of this kind already has it."""
    base = make_slug(wanted)

    def taken(slug: str) -> bool:
        query = select(model.id).where(model.slug == slug)
        if term_id is not None:
            query = query.where(model.id != term_id)
        return db.session.scalar(query) is not None

    return _first_free(base, taken)


def _first_free(base: str, taken: Callable[[str], bool]) -> str:
    candidate, n = base, 1
    while taken(candidate):
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def tags_by_names(names: list[str], create: bool) -> list[Tag]:
    """The tags named (case-insensitively, first spelling wins); missing ones are created when
    `create`, else left out."""
    tags: list[Tag] = []
    seen: set[str] = set()
    for name in names:
        name = name.strip()[:200]
        if not name or name.lower() in seen:
            continue
        seen.add(name.lower())
        tag = db.session.scalar(
            select(Tag).where(func.lower(Tag.name) == name.lower()).order_by(Tag.id).limit(1)
        ) or db.session.scalar(select(Tag).where(Tag.slug == make_slug(name)))
        if tag is None and create:
            tag = Tag(name=name, slug=free_term_slug(Tag, name))
            db.session.add(tag)
            db.session.flush()
        if tag is not None:
            tags.append(tag)
    return tags


def list_terms(kind: str) -> list[tuple[object, int]]:
    """Every term of a kind with its number of published posts, by name."""
    model = TERM_MODELS[kind]
    # As in WordPress, a term counts the posts readers can see: not drafts, nor scheduled
    # posts before their time.
    if model is Tag:
        counts = (select(post_tag.c.tag_id.label("term_id"), func.count().label("n"))
                  .join(Post, Post.id == post_tag.c.post_id).where(live_clause())
                  .group_by(post_tag.c.tag_id))
    elif model is Category:
        # A post counts once in each of its categories, the primary one and the others.
        pairs = union(
            select(Post.id.label("post_id"), Post.category_id.label("term_id"))
            .where(live_clause()),
            select(post_category.c.post_id, post_category.c.category_id)
            .join(Post, Post.id == post_category.c.post_id).where(live_clause()),
        ).subquery()
        counts = (select(pairs.c.term_id, func.count().label("n"))
                  .group_by(pairs.c.term_id))
    else:
        counts = (select(Post.author_id.label("term_id"), func.count().label("n"))
                  .where(live_clause()).group_by(Post.author_id))
    counts = counts.subquery()
    rows = db.session.execute(
        select(model, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.term_id == model.id)
        .order_by(func.lower(model.name), model.id)
    )
    return [(term, n) for term, n in rows]


def save_term(kind: str, term, values: dict) -> object:
    """Create (term None) or update a term. A rename keeps the slug unless a new one is given,
    so the archive URL does not move."""
    model = TERM_MODELS[kind]
    wanted = (values.pop("slug", "") or "").strip()
    term = term if term is not None else model()
    with db.session.no_autoflush:
        for key, value in values.items():
            setattr(term, key, value)
        if wanted or not term.slug:
            term.slug = free_term_slug(model, wanted or term.name, term.id)
    db.session.add(term)
    db.session.commit()
    return term


def delete_term(term) -> None:
    db.session.delete(term)
    db.session.commit()


def category_choices(exclude_id: int | None = None) -> list[tuple[int, str]]:
    query = select(Category.id, Category.name).order_by(func.lower(Category.name))
    if exclude_id is not None:
        query = query.where(Category.id != exclude_id)
    return [(row.id, row.name) for row in db.session.execute(query)]


def author_choices() -> list[tuple[int, str]]:
    rows = db.session.execute(select(Author.id, Author.name).order_by(func.lower(Author.name)))
    return [(row.id, row.name) for row in rows]




def default_category() -> Category:
    """WordPress's default category: "Uncategorized", made the first time it is needed."""
    category = db.session.scalar(select(Category).where(Category.slug == "uncategorized"))
    if category is None:
        category = Category(name="Uncategorized", slug="uncategorized")
        db.session.add(category)
        db.session.flush()
    return category


def writer_byline(user: User, create: bool = False) -> Author | None:
    """The admin's own author profile (WordPress signs a post with its writer): the one their
    account names, else the author imported with their login, else the site's first author
    (whom the editor always offered first), else (when `create`) a new one named after the
    account. Found or made, it becomes the account's. The caller commits."""
    author = db.session.get(Author, user.author_id) if user.author_id else None
    if author is None:
        author = db.session.scalar(select(Author).where(
            func.lower(Author.legacy_login) == user.username.lower()).limit(1)) or \
            db.session.scalar(select(Author).order_by(Author.id).limit(1))
    if author is None and create:
        author = Author(name=user.username, slug=free_term_slug(Author, user.username))
        db.session.add(author)
        db.session.flush()
    if author is not None and user.author_id != author.id:
        user.author_id = author.id
    return author
