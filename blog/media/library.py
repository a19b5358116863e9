"""The media library's edits: alt text and caption, replacing a file in place, deleting, and
which posts show an image. Posts are rendered when saved, so a change here renders the posts
that use the image again."""

import io
import json
import os

from PIL import Image
from sqlalchemy import or_, select
from werkzeug.datastructures import FileStorage

from blog.content.rerender import rerender
from blog.extensions import db
from blog.media.services import FORMATS, UploadRefused, _encode, clean_image, upload_folder
from blog.media.variants import build_variants, remove_variants
from blog.models import Post, Upload, featured_image
from blog.pagecache import content_changed

CHOOSER_SIZE = 24


def get_upload(upload_id: int) -> Upload | None:
    return db.session.get(Upload, upload_id)


def _shown_in_text(upload: Upload):
    needles = [f"/uploads/{upload.path}"] + ([upload.legacy_url] if upload.legacy_url else [])
    return or_(*(column.contains(needle, autoescape=True)
                 for needle in needles for column in (Post.body_source, Post.body_html)))


def _featuring(upload: Upload):
    return Post.id.in_(
        select(featured_image.c.post_id).where(featured_image.c.upload_id == upload.id))


def posts_using(upload: Upload) -> list[Post]:
    """Posts and pages whose text shows the image (by its address here or its old one), or
    that have it as their featured image."""
    return list(db.session.scalars(
        select(Post).where(or_(_shown_in_text(upload), _featuring(upload)))
        .order_by(Post.title)))


def _rerender_users(upload: Upload) -> None:
    """Render again the posts whose text shows the image. A featured image is drawn with
    its page, from this row: the cached pages showing it are replaced instead."""
    ids = list(db.session.scalars(select(Post.id).where(_shown_in_text(upload))))
    if ids:
        rerender(db.session.execute, ids)
    featured = select(featured_image.c.post_id).where(featured_image.c.upload_id == upload.id)
    if db.session.scalar(select(featured.exists())):
        content_changed(db.session)


def update_details(upload: Upload, alt_text: str, caption: str) -> int:
    """Save the alt text and caption; returns how many posts showing it were rendered again
    (those whose Markdown gives no alt text or caption of its own pick them up)."""
    upload.alt_text = " ".join((alt_text or "").split())[:1000]
    upload.caption = (caption or "").strip()[:5000]
    db.session.flush()
    used_by = len(posts_using(upload))
    _rerender_users(upload)
    db.session.commit()
    return used_by


def replace_file(upload: Upload, file: FileStorage) -> None:
    """New pixels at the same address: re-encoded in the upload's own format (the address
    names it), copies rebuilt under new names, and the posts showing it rendered again."""
    image_format, clean = clean_image(file)
    wanted = next((fmt for fmt, (_ext, mime) in FORMATS.items() if mime == upload.mime_type),
                  None)
    if wanted is None:
        raise UploadRefused("This file cannot be replaced: its type is not one we make.")
    if image_format != wanted:
        with Image.open(io.BytesIO(clean)) as image:
            clean = _encode(image, wanted)
    folder = upload_folder()
    target = folder / upload.path
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.write_bytes(clean)
    os.replace(temporary, target)  # readers get the old file or the new one, never half
    remove_variants(upload, folder)
    upload.version = (upload.version or 1) + 1
    upload.size = len(clean)
    build_variants(upload, folder, clean)
    db.session.flush()
    _rerender_users(upload)
    db.session.commit()


def delete_upload(upload: Upload) -> None:
    """Delete the file and its row; the posts featuring it lose their featured image (the
    foreign key's cascade) and their cached pages are replaced."""
    featured = select(featured_image.c.post_id).where(featured_image.c.upload_id == upload.id)
    if db.session.scalar(select(featured.exists())):
        content_changed(db.session)
    folder = upload_folder()
    remove_variants(upload, folder)
    (folder / upload.path).unlink(missing_ok=True)
    db.session.delete(upload)
    db.session.commit()


def chooser_uploads(selected_id: int | None = None, limit: int = CHOOSER_SIZE) -> list[Upload]:
    """The newest images for a chooser, with the selected one among them even when older."""
    newest = list(db.session.scalars(
        select(Upload).where(Upload.mime_type.like("image/%"))
        .order_by(Upload.created_at.desc(), Upload.id.desc()).limit(limit)))
    if selected_id and all(u.id != selected_id for u in newest):
        selected = db.session.get(Upload, selected_id)
        if selected is not None:
            newest.insert(0, selected)
    return newest


def thumbnail_url(upload: Upload) -> str:
    """The smallest copy, for lists and choosers."""
    variants = sorted(json.loads(upload.variants or "[]"), key=lambda v: v[1])
    return "/uploads/" + (variants[0][0] if variants else upload.path)

