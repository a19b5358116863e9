"""The first import replaces the demo site (`seed-demo`, which `make run` loads into an empty
site), so the imported About page answers at /about/, not /about-2/."""

from sqlalchemy import delete, exists, func, select

from blog.content.demo import demo_term_slugs
from blog.extensions import db
from blog.models import Author, Category, Post, Tag, User, post_category, post_tag
from blog.wxr.summary import ImportSummary


def replace_demo(summary: ImportSummary) -> None:
    """Delete the demo posts and pages (their comments and redirects go with them), then the
    demo's authors, categories and tags that nothing else uses. A demo post the admin edited
    is theirs now: it stays, and the summary says so."""
    edited = db.session.scalar(
        select(func.count()).select_from(Post).where(Post.demo, Post.version > 1)) or 0
    removed = db.session.execute(
        delete(Post).where(Post.demo, Post.version == 1)).rowcount or 0
    if not removed and not edited:
        return
    summary.notes["demo posts and pages removed: the import replaces the demo"] += removed
    if edited:
        summary.notes["demo posts you edited, kept as they are"] += edited
    slugs = demo_term_slugs()
    db.session.execute(delete(Category).where(
        Category.slug.in_(slugs["category"]),
        ~exists().where(Post.category_id == Category.id),
        ~exists().where(post_category.c.category_id == Category.id)))
    db.session.execute(delete(Tag).where(
        Tag.slug.in_(slugs["tag"]), ~exists().where(post_tag.c.tag_id == Tag.id)))
    db.session.execute(delete(Author).where(
        Author.slug.in_(slugs["author"]), ~exists().where(Post.author_id == Author.id),
        ~exists().where(User.author_id == Author.id)))
    db.session.flush()
