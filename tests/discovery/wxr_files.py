"""Small WXR files written by the tests themselves, in the shapes WordPress writes."""

from pathlib import Path
from xml.sax.saxutils import escape

WP_12 = "http://wordpress.org/export/1.2/"


def comment(cid: int, text: str, parent: int = 0, approved: str = "1", author: str = "Ada",
            date: str = "2020-01-03 08:00:00") -> str:
    return (f"<wp:comment><wp:comment_id>{cid}</wp:comment_id>"
            f"<wp:comment_author>{escape(author)}</wp:comment_author>"
            "<wp:comment_author_email>reader@readers.example</wp:comment_author_email>"
            f"<wp:comment_date_gmt>{date}</wp:comment_date_gmt>"
            f"<wp:comment_content><![CDATA[{text}]]></wp:comment_content>"
            f"<wp:comment_approved>{approved}</wp:comment_approved>"
            "<wp:comment_type>comment</wp:comment_type>"
            f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>")


def item(post_id: int, title: str, slug: str, *, kind: str = "post", status: str = "publish",
         date: str = "2020-01-02 10:00:00", parent: int = 0, content: str = "Body text.",
         link: str = "", terms: tuple = (), comments: tuple = (), meta: tuple = (),
         guid: str = "", comment_status: str = "open", creator: str = "zoe",
         attachment_url: str = "", excerpt: str = "") -> str:
    parts = [f"<item><title>{escape(title)}</title><link>{escape(link)}</link>",
             f"<dc:creator>{creator}</dc:creator>"]
    if guid:
        parts.append(f'<guid isPermaLink="false">{escape(guid)}</guid>')
    parts += [f"<content:encoded><![CDATA[{content}]]></content:encoded>",
              f"<excerpt:encoded><![CDATA[{excerpt}]]></excerpt:encoded>",
              f"<wp:post_id>{post_id}</wp:post_id>",
              f"<wp:post_date>{date}</wp:post_date><wp:post_date_gmt>{date}</wp:post_date_gmt>",
              f"<wp:comment_status>{comment_status}</wp:comment_status>",
              f"<wp:post_name>{slug}</wp:post_name><wp:status>{status}</wp:status>",
              f"<wp:post_parent>{parent}</wp:post_parent><wp:post_type>{kind}</wp:post_type>"]
    if attachment_url:
        parts.append(f"<wp:attachment_url>{escape(attachment_url)}</wp:attachment_url>")
    for domain, nicename, name in terms:
        parts.append(f'<category domain="{domain}" nicename="{nicename}">{escape(name)}'
                     "</category>")
    for key, value in meta:
        parts.append(f"<wp:postmeta><wp:meta_key>{key}</wp:meta_key>"
                     f"<wp:meta_value><![CDATA[{value}]]></wp:meta_value></wp:postmeta>")
    parts += list(comments)
    parts.append("</item>")
    return "".join(parts)


def author(login: str, author_id: int = 1, name: str = "") -> str:
    return (f"<wp:author><wp:author_id>{author_id}</wp:author_id>"
            f"<wp:author_login>{login}</wp:author_login>"
            f"<wp:author_display_name>{escape(name or login)}</wp:author_display_name>"
            "</wp:author>")


def document(*entries: str, wp: str = WP_12, version: str | None = "1.2",
             site: str = "https://one.example", blog: str | None = None,
             excerpt_ns: str | None = None, extra_namespaces: str = "") -> str:
    excerpt_ns = excerpt_ns or wp + "excerpt/"
    head = [f"<wp:wxr_version>{version}</wp:wxr_version>"] if version is not None else []
    head += [f"<wp:base_site_url>{site}</wp:base_site_url>",
             f"<wp:base_blog_url>{blog or site}</wp:base_blog_url>"]
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<rss version="2.0" xmlns:excerpt="{excerpt_ns}" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            f'xmlns:wp="{wp}" {extra_namespaces}>\n<channel><title>A site</title>\n'
            + "\n".join(head + list(entries)) + "\n</channel></rss>\n")


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
