"""The sign-up form on cached pages: answered in front of Flask, with the reader's own token,
which POST /subscribe accepts; one token for both forms of an article."""

import re

import pytest

from blog.extensions import db
from blog.mail import newsletter
from blog.models import NewsletterIssue, OutboxMessage, Subscription, utcnow
from tests.mail.conftest import outbox
from tests.mail.test_newsletter import SUBSCRIBE_TOKEN
from tests.pagecache.test_layer import flask_requests

TOKENS = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@pytest.mark.parametrize("path", ["/", "/an-article/", "/category/topic/"])
def test_a_page_from_the_layer_carries_a_sign_up_token_that_works(mail_app, make, visitor,
                                                                   path):
    make.post(slug="an-article", category=make.category(slug="topic"))
    visitor().get(path)
    visitor().get(path)  # cached, plain parts cut out: the layer answers from here on
    reader = visitor()
    with flask_requests(mail_app) as handled:
        html = reader.get(path).get_data(as_text=True)
    assert handled == []
    tokens = set(TOKENS.findall(html))
    assert len(tokens) == 1  # the article's comment form and the sign-up form share it
    response = reader.post("/subscribe", data={"email": "fan@example.com",
                                               "csrf_token": SUBSCRIBE_TOKEN.search(html)
                                               .group(1)})
    assert response.status_code == 303
    assert [m.kind for m in outbox(mail_app)] == ["confirm_newsletter"]


def test_another_readers_token_is_refused(mail_app, make, visitor):
    make.post(slug="one")
    first = visitor().get("/").get_data(as_text=True)
    other = visitor()
    other.get("/")
    response = other.post("/subscribe", data={"email": "fan@example.com",
                                              "csrf_token": SUBSCRIBE_TOKEN.search(first)
                                              .group(1)})
    assert response.status_code == 400


def test_a_fan_out_stopped_between_batches_resumes_without_queueing_anyone_twice(
        mail_app, make, monkeypatch):
    post = make.post(slug="big-news")
    with mail_app.app_context():
        db.session.add_all(Subscription(email=f"s{n}@example.com", list="newsletter",
                                        key=f"{n:032x}", confirmed_at=utcnow())
                           for n in range(1, 1201))
        db.session.add(NewsletterIssue(post_id=post.id, base_url="https://blog.example"))
        db.session.commit()
        monkeypatch.setattr(newsletter, "BATCH", 500)
        assert newsletter.fan_out_due(budget=500) == 500  # then the sender dies
        assert newsletter.fan_out_due() == 700
        assert newsletter.fan_out_due() == 0
        rows = db.session.scalars(db.select(OutboxMessage.recipient)).all()
        issue = db.session.scalar(db.select(NewsletterIssue))
    assert len(rows) == len(set(rows)) == 1200
    assert (issue.status, issue.recipients) == ("done", 1200)
