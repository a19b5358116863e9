"""One <item> of a WXR export: a post or page with its comments, or an attachment."""

from xml.sax.saxutils import escape, quoteattr

from blog.models import Comment, Post, Upload, utcnow
from blog.wxr.writer import (
    COMMENT_APPROVED,
    WP_STATUSES,
    ExportIds,
    XmlOut,
    cdata,
    rss_date,
    site_base_url,
    wp_date,
    wrap_html_block,
)


def _wp_status(post: Post) -> str:
    if post.visibility == "private" and post.status != "draft":
        return "private"
    if post.is_live(utcnow()):
        return "publish"
    return WP_STATUSES.get(post.status, "draft")


def write_post(out: XmlOut, post: Post, comments: list[Comment], ids: ExportIds) -> int:
    """Returns how many comments it wrote."""
    base = site_base_url()
    link = f"{base}/{post.path}/"
    out.fh.write("\t<item>\n")
    out.tag("title", post.title)
    out.tag("link", link, raw=True)
    out.tag("pubDate", rss_date(post.published_at), raw=True)
    out.tag("dc:creator", (post.author.legacy_login or post.author.slug) if post.author else "")
    out.fh.write(f'\t\t<guid isPermaLink="false">{escape(_feed_guid(post, base))}</guid>\n')
    out.tag("description", "", raw=True)
    out.tag("content:encoded", wrap_html_block(str(post.body_html)))
    out.tag("excerpt:encoded", post.excerpt or "")
    out.tag("wp:post_id", post.id, raw=True)
    out.tag("wp:post_date", wp_date(post.published_at or post.created_at))
    out.tag("wp:post_date_gmt", wp_date(post.published_at))
    out.tag("wp:post_modified", wp_date(post.updated_at))
    out.tag("wp:post_modified_gmt", wp_date(post.updated_at))
    out.tag("wp:comment_status", "open" if post.allow_comments else "closed")
    out.tag("wp:ping_status", "closed")
    out.tag("wp:post_name", post.slug)
    out.tag("wp:status", _wp_status(post))
    out.tag("wp:post_parent", post.parent_id or 0, raw=True)
    out.tag("wp:menu_order", 0, raw=True)
    out.tag("wp:post_type", post.type)
    out.tag("wp:post_password", post.post_password if post.visibility == "password" else "")
    out.tag("wp:is_sticky", 1 if post.sticky else 0, raw=True)
    for category in post.categories:
        write_term(out, "category", category.slug, category.name)
    for tag in post.tags:
        write_term(out, "post_tag", tag.slug, tag.name)
    if post.featured_image is not None:
        # WordPress's importer remaps it to the attachment item written with this id.
        write_meta(out, "_thumbnail_id", ids.attachment_offset + post.featured_image.id)
    for comment in comments:
        _comment(out, comment)
    out.fh.write("\t</item>\n")
    return len(comments)


def _feed_guid(post: Post, base: str) -> str:
    """The post's fixed feed id (models/post.py), so feed readers of the site the export goes
    to see no old post as new; WordPress's own form for a post never published."""
    if not post.guid:
        return f"{base}/?p={post.id}"
    return base + post.guid if post.guid.startswith("/") else post.guid


def write_meta(out: XmlOut, key: str, value: object) -> None:
    out.fh.write(f"\t\t<wp:postmeta><wp:meta_key>{cdata(key)}</wp:meta_key>"
                 f"<wp:meta_value>{cdata(value)}</wp:meta_value></wp:postmeta>\n")


def write_term(out: XmlOut, domain: str, slug: str, name: str) -> None:
    out.fh.write(f"\t\t<category domain=\"{domain}\" nicename={quoteattr(slug)}>"
                 f"{cdata(name)}</category>\n")


def _comment(out: XmlOut, comment: Comment) -> None:
    out.fh.write("\t\t<wp:comment>\n")
    out.tag("wp:comment_id", comment.id, raw=True, indent=3)
    out.tag("wp:comment_author", comment.author_name, indent=3)
    out.tag("wp:comment_author_email", comment.author_email or "", indent=3)
    out.tag("wp:comment_author_url", comment.author_url or "", raw=True, indent=3)
    out.tag("wp:comment_author_IP", "", indent=3)  # we keep only a hash, never the address
    out.tag("wp:comment_date", wp_date(comment.created_at), indent=3)
    out.tag("wp:comment_date_gmt", wp_date(comment.created_at), indent=3)
    out.tag("wp:comment_content", comment.body_source, indent=3)
    out.tag("wp:comment_approved", COMMENT_APPROVED.get(comment.status, "0"), indent=3)
    out.tag("wp:comment_type", "" if comment.kind == "comment" else comment.kind, indent=3)
    out.tag("wp:comment_parent", comment.parent_id or 0, raw=True, indent=3)
    out.tag("wp:comment_user_id", 0, raw=True, indent=3)
    out.fh.write("\t\t</wp:comment>\n")


def write_attachment(out: XmlOut, upload: Upload, item_id: int) -> None:
    local = upload.size > 0 or not upload.legacy_url
    url = f"{site_base_url()}/uploads/{upload.path}" if local else upload.legacy_url
    out.fh.write("\t<item>\n")
    out.tag("title", upload.original_name or upload.path)
    out.tag("link", url, raw=True)
    out.tag("wp:post_id", item_id, raw=True)
    out.tag("wp:post_date", wp_date(upload.created_at))
    out.tag("wp:post_date_gmt", wp_date(upload.created_at))
    out.tag("wp:post_name", upload.path.rsplit("/", 1)[-1].rsplit(".", 1)[0])
    out.tag("wp:status", "inherit")
    out.tag("wp:post_parent", 0, raw=True)
    out.tag("wp:post_type", "attachment")
    out.tag("wp:attachment_url", url)
    if local:  # where the file lies under the uploads folder, as WordPress records it
        write_meta(out, "_wp_attached_file", upload.path)
    out.fh.write("\t</item>\n")
