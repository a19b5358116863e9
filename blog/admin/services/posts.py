"""Creating and editing posts and pages: slugs, nested paths, old-path redirects, the
optimistic version check and the revision history."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, select, update

from blog.admin.services.revisions import keep_original, record_revision
from blog.admin.services.taxonomy import default_category, tags_by_names
from blog.content.markdown import render_markdown
from blog.content.slugs import make_slug, unique_slug
from blog.extensions import db
from blog.mail.newsletter import note_publication, will_not_be_mailed
from blog.models import Category, Post, PreviewLink, Redirect, Upload, utcnow


@dataclass
class PostInput:
    """What the editor sends, already parsed (ids, UTC datetime, tag names)."""

    title: str
    body: str = ""
    type: str = "post"
    slug: str = ""
    excerpt: str = ""
    status: str = "draft"
    published_at: datetime | None = None
    category_id: int | None = None
    author_id: int | None = None
    parent_id: int | None = None
    allow_comments: bool = True
    tag_names: list[str] = field(default_factory=list)
    send_newsletter: bool = True  # mail it to subscribers when it is first published
    extra_category_ids: list[int] = field(default_factory=list)  # besides category_id
    visibility: str = "public"  # public, private or password
    post_password: str = ""
    sticky: bool = False
    featured_image_id: int | None = None


class StaleEdit(Exception):
    """The post was saved by someone (or another tab) after this form was loaded."""

    def __init__(self, current: Post):
        super().__init__(f"post {current.id} is at version {current.version}")
        self.current = current


def get_post(post_id: int) -> Post | None:
    return db.session.get(Post, post_id)


def create_post(data: PostInput) -> Post:
    post = Post(version=1)
    _apply(post, data, old_path=None)
    db.session.add(post)
    db.session.flush()
    record_revision(post)
    note_publication(post, was_live=False, send=data.send_newsletter)
    db.session.commit()
    return post


def update_post(post: Post, data: PostInput, loaded_version: int, record: bool = True) -> Post:
    """Save over `loaded_version` only: the version bump is a conditional UPDATE, so two
    saves of the same version cannot both win. An autosave (`record` False) keeps no
    revision: the history holds what the writer saved."""
    keep_original(post)
    bumped = db.session.execute(
        update(Post)
        .where(Post.id == post.id, Post.version == loaded_version)
        .values(version=loaded_version + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not bumped:
        db.session.rollback()
        raise StaleEdit(db.session.get(Post, post.id))
    post.version = loaded_version + 1
    was_live = post.is_live(utcnow())
    _apply(post, data, old_path=post.path)
    if record:
        record_revision(post)
    note_publication(post, was_live=was_live, send=data.send_newsletter)
    db.session.commit()
    return post


def restore_revision(post: Post, title: str, body: str, excerpt: str) -> Post:
    data = input_from_post(post)
    data.title, data.body, data.excerpt = title, body, excerpt
    return update_post(post, data, post.version)


def delete_post(post: Post) -> None:
    # Children stay reachable at their current paths; parent_id is cleared by the FK.
    db.session.delete(post)
    db.session.commit()


def input_from_post(post: Post) -> PostInput:
    return PostInput(
        title=post.title, body=post.body_source, type=post.type, slug=post.slug,
        excerpt=post.excerpt, status=post.status, published_at=post.published_at,
        category_id=post.category_id, author_id=post.author_id, parent_id=post.parent_id,
        allow_comments=post.allow_comments, tag_names=[t.name for t in post.tags],
        send_newsletter=not will_not_be_mailed(post),
        extra_category_ids=[c.id for c in post.extra_categories],
        visibility=post.visibility, post_password=post.post_password, sticky=post.sticky,
        featured_image_id=post.featured_image.id if post.featured_image else None,
    )


def publish_time(data: PostInput) -> datetime | None:
    if data.status == "published" and data.published_at is None:
        return utcnow()
    return data.published_at


def _apply(post: Post, data: PostInput, old_path: str | None) -> None:
    now = utcnow()
    was_live = post.id is not None and post.is_live(now)
    status = data.status
    # The editor refuses a new schedule in the past; a scheduled post whose time came (and is
    # live) simply stays published when it is edited.
    if status == "scheduled" and data.published_at and data.published_at <= now:
        status = "published"
    if status == "published" and data.published_at and data.published_at > now:
        status = "scheduled"  # as WordPress does: a future date means "publish then"
    post.type = data.type
    post.title = data.title.strip()
    post.body_source = data.body
    post.body_html = render_markdown(data.body)
    post.excerpt = data.excerpt.strip()
    post.status = status
    published_at = publish_time(data)
    # The form shows minutes: an unchanged minute keeps the stored seconds.
    if not (post.published_at and published_at
            and post.published_at.replace(second=0, microsecond=0) == published_at):
        post.published_at = published_at
    post.category_id = data.category_id or (default_category().id if data.type == "post"
                                             else None)
    post.author_id = data.author_id
    post.allow_comments = data.allow_comments
    _apply_parity(post, data)
    post.tags = tags_by_names(data.tag_names, create=True)
    parent = db.session.get(Post, data.parent_id) if data.parent_id else None
    post.parent_id = parent.id if parent else None
    post.slug = _free_slug(data.slug or data.title, parent, post.id)
    new_path = f"{parent.path}/{post.slug}" if parent else post.slug
    if old_path is not None and old_path != new_path:
        _move_descendants(post, old_path, new_path)
        if was_live:
            _remember_old_path(old_path, post.id)
    # A path taken back (say a slug changed and changed back) is no longer a redirect.
    db.session.execute(delete(Redirect).where(Redirect.old_path == new_path))
    post.path = new_path
    if post.id is not None and post.is_live(utcnow()):
        # A preview link shows what is not public yet; once it is, the links end.
        db.session.execute(delete(PreviewLink).where(PreviewLink.post_id == post.id))


def _apply_parity(post: Post, data: PostInput) -> None:
    """Other categories, visibility, the sticky flag and the featured image."""
    wanted = [c for c in dict.fromkeys(data.extra_category_ids) if c != post.category_id]
    post.extra_categories = list(db.session.scalars(
        select(Category).where(Category.id.in_(wanted)))) if wanted else []
    post.visibility = data.visibility
    post.post_password = data.post_password if data.visibility == "password" else ""
    post.sticky = data.sticky
    post.featured_image = db.session.get(Upload, data.featured_image_id) \
        if data.featured_image_id else None


def _free_slug(wanted: str, parent: Post | None, post_id: int | None) -> str:
    prefix = f"{parent.path}/" if parent else ""

    def taken(slug: str) -> bool:
        query = select(Post.id).where(Post.path == prefix + slug)
        if post_id is not None:
            query = query.where(Post.id != post_id)
        return db.session.scalar(query) is not None

    return unique_slug(make_slug(wanted), taken)


def _move_descendants(post: Post, old_path: str, new_path: str) -> None:
    now = utcnow()
    children = db.session.scalars(
        select(Post).where(Post.path.startswith(old_path + "/", autoescape=True))
    ).all()
    for child in children:
        if child.is_live(now):
            _remember_old_path(child.path, child.id)
        child.path = new_path + child.path[len(old_path):]


def _remember_old_path(old_path: str, post_id: int) -> None:
    existing = db.session.scalar(select(Redirect).where(Redirect.old_path == old_path))
    if existing is not None:
        existing.post_id = post_id
    else:
        db.session.add(Redirect(old_path=old_path, post_id=post_id))
