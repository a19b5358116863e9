"""The page cache: rendered pages kept per content generation and answered to readers, most of
them before Flask is reached.

The domains use four things, and nothing else of this package:

- `@cached_page` on a view whose pages depend only on their URL and the site's content;
- `ReaderPart` and `register_part(app, part)` for the piece of such a page that differs between
  readers (comments registers its form), placed in a template with
  `{% call reader_part("name", obj) %}…{% endcall %}`;
- `content_changed(session)` for a write the session hooks cannot see (a Core INSERT); ORM
  writes of content announce themselves;
- `init_page_cache(app)` and `CachedPageLayer`, which blog/web/stack.py puts in the pipeline.

It imports no domain package: the domains hand it what they own.
"""

from blog.pagecache.in_flask import init_page_cache
from blog.pagecache.invalidation import content_changed
from blog.pagecache.layer import CachedPageLayer
from blog.pagecache.parts import ReaderPart, register_part
from blog.pagecache.views import cached_page

__all__ = ["CachedPageLayer", "ReaderPart", "cached_page", "content_changed", "init_page_cache",
           "register_part"]
