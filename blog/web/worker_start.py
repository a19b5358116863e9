"""What a server worker does once, before its first request, so no reader's request pays for it.

A long-lived worker serves cached pages in microseconds, and its threads share one GIL: any
pause inside one request holds up every other. Measured on the 10,000-post bench site, with
comments arriving (bench/longtail.py):

- The templates a page of a kind first needs were compiled inside that request: 91-106 ms for
  a worker's first article with comments after a warm-up on other pages (10-15 ms after).
  They are compiled here instead (readers' templates, the mail a comment sends; not the
  admin's, one person's first visit).
- WTForms imports email_validator at the first email checked: 40 ms inside a comment's POST.
- The app's own objects (modules, functions, compiled templates, the stemmer's tables: about
  140,000) never become garbage, yet each full collection walked them all: 80-120 ms every few
  comments, as cold renders allocate. Frozen out of the collector here, a full collection
  walks only what requests made since: about 10 ms.
"""

import gc

import email_validator  # noqa: F401  (imported now, not in a reader's POST)
from flask import Flask

ADMIN_TEMPLATES = "admin/"


def prepare_worker(app: Flask) -> None:
    """For a process that serves `app` from now on (wsgi.served_app, granian's target), never
    for a flask command or an app in tests."""
    env = app.jinja_env
    for name in env.list_templates():
        if not name.startswith(ADMIN_TEMPLATES):
            env.get_template(name)
    gc.collect()
    gc.freeze()
