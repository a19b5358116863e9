"""The comment form's reader part signs what the form itself would sign."""

import time

from blog.comments.form_part import StampsPerSecond
from blog.comments.moderation import form_stamp, stamp_serializer


def test_stamps_signed_once_per_second_are_the_serializers_own(app, monkeypatch):
    stamps = StampsPerSecond(stamp_serializer(app.config["SECRET_KEY"]))
    for now in (1_790_000_000.2, 1_790_000_000.9, 1_790_000_001.0, 1_790_000_100.5):
        monkeypatch.setattr(time, "time", lambda now=now: now)
        with app.test_request_context():
            for post_id in (1, 7, 2**31 - 1):
                assert stamps.stamp(post_id) == form_stamp(post_id)
