"""Site settings a writer edits in the admin, layered over the config defaults."""

import json
from typing import Any

from flask import current_app, g
from sqlalchemy import select

from blog.extensions import db
from blog.models import Setting

# Settings the admin may store in the database; anything else stays config-only.
EDITABLE = (
    "SITE_TITLE",
    "SITE_TAGLINE",
    "SITE_DESCRIPTION",
    "SITE_TIMEZONE",
    "POSTS_PER_PAGE",
    "COMMENTS_PER_PAGE",
    "COMMENTS_HOLD_FIRST_TIME",
    "COMMENTS_MAX_LINKS",
    "COMMENTS_DISALLOWED",
    "ADMIN_EMAIL",
    "NOTIFY_HELD_COMMENTS",
    "NOTIFY_PUBLISHED_COMMENTS",
)

STORED_SETTINGS = select(Setting).where(Setting.key.in_(EDITABLE))  # built once: every request


def site_setting(key: str) -> Any:
    """One setting: the stored value if the admin set one, else the config value."""
    return all_site_settings()[key]


def all_site_settings() -> dict[str, Any]:
    if "site_settings" not in g:
        values = {key: current_app.config[key] for key in EDITABLE}
        for row in db.session.scalars(STORED_SETTINGS):
            values[row.key] = json.loads(row.value)
        g.site_settings = values
    return g.site_settings


def save_site_settings(values: dict[str, Any]) -> None:
    for key, value in values.items():
        if key not in EDITABLE:
            raise KeyError(key)
        db.session.merge(Setting(key=key, value=json.dumps(value)))
    db.session.commit()
    g.pop("site_settings", None)
