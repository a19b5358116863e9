"""A server worker's preparation (wsgi.py): what a first reader would otherwise wait for."""

import gc

import pytest

from blog.web.worker_start import prepare_worker


@pytest.fixture
def prepared(app):
    prepare_worker(app)
    try:
        yield app
    finally:
        gc.unfreeze()  # this test process goes on making apps


def test_a_prepared_worker_compiles_no_template_for_a_readers_first_pages(prepared, make):
    post = make.post("A discussed post")
    make.comment(post, "The first reply.")
    compiled = set(prepared.jinja_env.cache.keys())
    client = prepared.test_client()
    for url in ("/", f"/{post.path}/", "/feed/", "/search/?q=discussed", "/no-such-page/"):
        client.get(url)
    assert set(prepared.jinja_env.cache.keys()) == compiled


def test_a_prepared_worker_leaves_its_startup_objects_out_of_every_collection(prepared):
    # Collections walk only what requests make from now on: the app's objects are frozen.
    assert gc.get_freeze_count() > 10 * len(gc.get_objects())
