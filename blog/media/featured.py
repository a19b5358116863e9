"""Featured images (WordPress's `_thumbnail_id`) as readers get them: on the article, on cards,
in `og:image` and in feeds. An image imported without its file keeps its old address."""

from markupsafe import Markup

from blog.content.images import image_from_row, image_html
from blog.media import bp
from blog.models import Post, Upload


def image_url(upload: Upload) -> str:
    """The address of the original file: ours, or its old one when the file was not copied."""
    if not upload.size and upload.legacy_url:
        return upload.legacy_url
    return f"/uploads/{upload.path}"


@bp.app_template_global()
def featured_image_html(post: Post, lazy: bool = False) -> Markup:
    """The featured image as an <img> (in a <picture> with its resized copies), or nothing."""
    upload = post.featured_image
    if upload is None:
        return Markup("")
    if not upload.size and upload.legacy_url:
        return image_html(upload.legacy_url, upload.alt_text or "", None, None, lazy)
    image = image_from_row(upload.path, upload.version, upload.width, upload.height,
                           upload.mime_type, upload.alt_text, upload.caption, upload.variants)
    return image_html(image.url, upload.alt_text or "", None, image, lazy)


@bp.app_template_global()
def featured_image_url(post: Post) -> str | None:
    return image_url(post.featured_image) if post.featured_image is not None else None
