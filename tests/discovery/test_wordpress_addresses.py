"""The addresses a WordPress site's readers and search engines still use: its sitemaps, the
shortlinks of posts written here, and the comment form's own address."""

import pytest


@pytest.mark.parametrize("old", [
    "/sitemap_index.xml", "/wp-sitemap.xml", "/wp-sitemap-posts-post-1.xml",
    "/wp-sitemap-taxonomies-category-1.xml", "/post-sitemap.xml", "/page-sitemap2.xml",
    "/category-sitemap.xml",
])
def test_wordpress_sitemaps_answer_301_with_ours(client, old):
    response = client.get(old)
    assert response.status_code == 301
    assert response.headers["Location"] == "/sitemap.xml"


@pytest.mark.parametrize("url", ["/flowers-sitemap.xml", "/wp-sitemap.json"])
def test_other_names_are_not_sitemaps(client, url):
    assert client.get(url, follow_redirects=True).status_code == 404


def test_the_shortlink_of_a_post_written_here_answers_301(client, make):
    post = make.post(title="Written here", slug="written-here")
    response = client.get(f"/?p={post.id}")
    assert response.status_code == 301 and response.headers["Location"] == "/written-here/"
    page = make.post(title="A page", slug="a-page", type="page")
    assert client.get(f"/?page_id={page.id}").headers["Location"] == "/a-page/"


def test_an_imported_id_wins_over_a_post_written_here(client, make):
    native = make.post(title="Native", slug="native")
    make.post(title="Imported", slug="imported", legacy_id=native.id)
    assert client.get(f"/?p={native.id}").headers["Location"] == "/imported/"


def test_shortlinks_of_drafts_and_unknown_ids_are_404(client, make):
    draft = make.post(title="Draft", slug="draft-one", status="draft", published_at=None)
    assert client.get(f"/?p={draft.id}").status_code == 404
    assert client.get("/?p=999999").status_code == 404
