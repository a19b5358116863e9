"""Every kind of old WordPress link answers 301 to the right page."""

from urllib.parse import quote

import pytest


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/?p=10", "/hello-world/"),
        ("/?p=20", "/about/"),  # WordPress answers ?p= for pages too
        ("/?page_id=22", "/about/team/alumni/"),
        ("/?cat=3", "/category/technology/"),
        ("/?cat=6", "/category/" + quote("한국어") + "/"),
        ("/?s=harbour+dawn", "/search/?q=harbour+dawn"),
        ("/?feed=rss2", "/feed/"),
        ("/feed/rss2/", "/feed/"),
        ("/?tag=flask", "/tag/flask/"),
        ("/?m=202001", "/2020/01/"),
        ("/?m=2021", "/2021/"),
        ("/2020/01/02/hello-world/", "/hello-world/"),
        ("/2019/12/31/hello-world/", "/hello-world/"),  # a day off: the slug decides
        ("/2021/03/04/" + quote("검색") + "/", "/" + quote("검색") + "/"),
        ("/search/", None),  # our own search page, never shadowed
    ],
)
def test_old_links_answer_301_to_the_canonical_url(client, imported, old, new):
    response = client.get(old)
    if new is None:
        assert response.status_code == 200
        return
    assert response.status_code == 301, response.data[:200]
    assert response.headers["Location"] == new
    assert client.get(new).status_code == 200


@pytest.mark.parametrize("old", [
    "/?p=9999", "/?p=abc", "/?p=", "/?p=13",  # unknown, not a number, empty, scheduled
    "/?p=14",  # a draft
    "/?page_id=10",  # a post, not a page
    "/?cat=999", "/2020/01/02/no-such-post/",
])
def test_old_links_to_nothing_visible_are_404(client, imported, old):
    assert client.get(old).status_code == 404


def test_other_query_strings_on_the_front_page_are_left_alone(client, imported):
    response = client.get("/?utm_source=newsletter")
    assert response.status_code == 200 and "Hello &amp; welcome" in response.text


def _main(html: str) -> str:
    return html[html.index("<main"):html.index("</main>")]  # not the sidebar


def test_month_and_year_archives_list_that_time(client, imported):
    month = client.get("/2020/01/")
    assert month.status_code == 200
    assert "January 2020" in month.text and "Hello &amp; welcome" in _main(month.text)
    assert "Café crème" not in _main(month.text)
    year = _main(client.get("/2021/").text)
    assert "Café crème" in year and "Hello &amp; welcome" not in year
    assert client.get("/2020/13/").status_code == 404
    assert client.get("/1999/01/").status_code == 404  # nothing published then


def test_renamed_slugs_and_old_permalinks_redirect_through_the_catch_all(client, imported):
    response = client.get("/about/team/")
    assert response.status_code == 200  # kept its path
    assert client.get("/hello-world/feed/").status_code == 200
