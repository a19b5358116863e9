"""Without Redis, every worker of one machine shares one page store (files beside the database):
a page one worker rendered is answered by another without rendering it again."""

from flask import request_started

from blog import create_app


def test_a_page_rendered_by_one_worker_is_served_by_another(app, make):
    make.post(title="Shared across workers", slug="shared")
    other = create_app({k: app.config[k] for k in (
        "TESTING", "SQLALCHEMY_DATABASE_URI", "SECRET_KEY", "UPLOAD_FOLDER", "SERVER_NAME")})
    assert other.config["CACHE_DIR"] == app.config["CACHE_DIR"]
    assert app.test_client().get("/shared/").status_code == 200
    rendered: list[str] = []
    request_started.connect(lambda sender, **_: rendered.append("flask"), other, weak=False)
    second = other.test_client().get("/shared/")
    assert second.status_code == 200 and "Shared across workers" in second.get_data(as_text=True)
    assert rendered == []  # answered in front of Flask, from the store
