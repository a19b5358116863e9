"""Rendering stored posts again: after the renderer learns something new (a migration), or a
library image they show changes (its alt text, caption or file). Their modified date stays:
what the writer wrote did not change."""

from collections.abc import Callable, Iterable

import sqlalchemy as sa

from blog.content.images import ImageLookup, library_image
from blog.content.markdown import render_markdown
from blog.content.text import search_text

BATCH = 200
_post = sa.table("post", sa.column("id", sa.Integer), sa.column("body_source", sa.Text),
                 sa.column("body_html", sa.Text), sa.column("search_text", sa.Text),
                 sa.column("updated_at"))


def rerender(execute: Callable, ids: Iterable[int] | None = None,
             images: ImageLookup | None = library_image) -> int:
    """Render the bodies of the posts with these ids (all posts when None) through `execute`
    (a Session's, so the page cache hears of it, or a migration's connection's), in batches;
    returns how many were rendered."""
    wanted = None if ids is None else sorted(set(ids))
    done, last = 0, 0
    while True:
        query = sa.select(_post.c.id, _post.c.body_source).order_by(_post.c.id).limit(BATCH)
        if wanted is None:
            query = query.where(_post.c.id > last)
        else:
            chunk = wanted[done:done + BATCH]
            if not chunk:
                return done
            query = query.where(_post.c.id.in_(chunk))
        rows = execute(query).all()
        if not rows:
            return done
        for row in rows:
            html = str(render_markdown(row.body_source or "", images))
            execute(_post.update().where(_post.c.id == row.id).values(
                body_html=html, search_text=search_text(html), updated_at=_post.c.updated_at))
        done += len(rows)
        last = rows[-1].id
