"""Helpers for the page-cache tests: SQL statement counting and visitors with their own cookies."""


import pytest


@pytest.fixture(autouse=True)
def human_speed(request):
    """Comment posts right after loading the form are fine here; the speed rules have their own
    tests in tests/comments."""
    if "app" in request.fixturenames:
        app = request.getfixturevalue("app")
        app.config["COMMENTS_MIN_SECONDS"] = 0
        app.config["COMMENTS_RATE_LIMIT"] = "1000 per second"


@pytest.fixture
def visitor(app):
    """A new browser each call: its own cookie jar."""
    return app.test_client
