"""Between the editor form and the post service: choices, parsing, and filling the form."""

from datetime import UTC

from werkzeug.datastructures import MultiDict

from blog.admin.forms import NONE_CHOICE, PostForm, as_choices
from blog.admin.services import posts as post_service
from blog.admin.services.listing import page_choices
from blog.admin.services.taxonomy import (
    author_choices,
    category_choices,
    writer_byline,
)
from blog.mail.newsletter import will_not_be_mailed
from blog.models import VISIBILITIES, Post, User
from blog.web.templating import local_time, site_zone


def fill_choices(form: PostForm, post: Post | None) -> None:
    form.category.choices = [NONE_CHOICE, *as_choices(category_choices())]
    form.categories.choices = as_choices(category_choices())
    form.author.choices = [NONE_CHOICE, *as_choices(author_choices())]
    form.parent.choices = [NONE_CHOICE, *as_choices(page_choices(exclude=post))]


def new_form(post_type: str, writer: User) -> PostForm:
    byline = writer_byline(writer)
    # A new page is closed to comments, as in WordPress; a page may open them.
    form = PostForm(type="page" if post_type == "page" else "post",
                    author=byline.id if byline else 0, allow_comments=post_type != "page")
    fill_choices(form, None)
    return form


def form_for(post: Post) -> PostForm:
    """The editor filled from the saved post (GET)."""
    form = PostForm(
        type=post.type, title=post.title, slug=post.slug, body=post.body_source,
        excerpt=post.excerpt, category=post.category_id or 0, author=post.author_id or 0,
        parent=post.parent_id or 0, tags=", ".join(t.name for t in post.tags),
        status=post.status, published_at=_local(post.published_at),
        allow_comments=post.allow_comments, version=str(post.version),
        no_email=will_not_be_mailed(post),
        categories=[c.id for c in post.extra_categories if c.id != post.category_id],
        visibility=post.visibility, post_password=post.post_password, sticky=post.sticky,
        featured_image=post.featured_image.id if post.featured_image else 0,
    )
    fill_choices(form, post)
    return form


def held_form(fields: dict, post: Post | None) -> PostForm:
    """The editor filled with text held from an ended session, as the writer sent it."""
    form = PostForm(formdata=MultiDict(fields))
    fill_choices(form, post)
    return form


def posted_form(post: Post | None) -> PostForm:
    form = PostForm()
    fill_choices(form, post)
    return form


def to_input(form: PostForm, writer: User | None = None) -> post_service.PostInput:
    """The form as the service takes it; a post with no author gets the writer's own byline
    (when `writer` is given: a save, not a preview of someone else's choice)."""
    published_at = form.published_at.data
    if published_at is not None:
        published_at = published_at.replace(tzinfo=site_zone()).astimezone(UTC)
    author_id = form.author.data or None
    if author_id is None and writer is not None:
        byline = writer_byline(writer, create=True)
        author_id = byline.id if byline else None
    return post_service.PostInput(
        title=form.title.data or "", body=form.body.data or "", type=form.type.data,
        slug=(form.slug.data or "").strip(), excerpt=form.excerpt.data or "",
        status=form.status.data, published_at=published_at,
        category_id=form.category.data or None, author_id=author_id,
        parent_id=(form.parent.data or None) if form.type.data == "page" else None,
        allow_comments=bool(form.allow_comments.data), tag_names=form.tag_names(),
        send_newsletter=not form.no_email.data,
        extra_category_ids=[c for c in (form.categories.data or []) if c],
        visibility=form.visibility.data if form.visibility.data in VISIBILITIES else "public",
        post_password=(form.post_password.data or "").strip()
        if form.visibility.data == "password" else "",
        sticky=bool(form.sticky.data) and form.type.data == "post",
        featured_image_id=form.featured_image.data or None,
    )


def loaded_version(form: PostForm) -> int:
    try:
        return int(form.version.data)
    except (TypeError, ValueError):
        return 0


def _local(value):
    return local_time(value).replace(tzinfo=None) if value else None
