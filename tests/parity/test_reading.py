"""What readers see of WordPress's data model: many categories, private, password-protected
and sticky posts, featured images and menus."""

import re
from datetime import timedelta

from blog.models import utcnow
from tests.conftest import csrf_token_from
from tests.parity.helpers import add_categories, feature, menu, upload_row

SECRET = "Only for people who know the word"


def test_a_post_in_several_categories_is_in_every_archive_and_shows_its_primary(client, make):
    primary = make.category(name="Systems", slug="systems")
    other = make.category(name="Culture", slug="culture")
    third = make.category(name="Tools", slug="tools")
    post = make.post(title="Between Teams", slug="between-teams", category=primary)
    add_categories(client.application, post.id, other.id, third.id)
    for slug in ("systems", "culture", "tools"):
        assert "Between Teams" in client.get(f"/category/{slug}/").get_data(as_text=True)
    html = client.get("/between-teams/").get_data(as_text=True)
    meta = re.search(r'<p class="meta">(.*?)</p>', html, re.S).group(1)
    assert "Systems" in meta and "Culture" not in meta
    assert 'href="/category/culture/" rel="category"' in html
    assert "Between Teams" in client.get("/category/culture/feed/").get_data(as_text=True)


def test_a_private_post_is_a_404_for_readers_and_absent_from_every_list(client, make):
    make.post(title="Board Minutes", slug="minutes", visibility="private", body=SECRET)
    make.post(title="Open Letter", slug="open")
    assert client.get("/minutes/").status_code == 404
    for url in ("/", "/feed/", "/sitemap.xml", "/search/?q=word", "/open/"):
        page = client.get(url).get_data(as_text=True)
        assert "Board Minutes" not in page and "/minutes/" not in page, url


def test_a_password_post_shows_its_title_and_a_form_not_its_body(client, make):
    make.post(title="Launch Plans", slug="launch", visibility="password",
              post_password="opensesame", body=SECRET, excerpt="The excerpt is secret too")
    for url in ("/launch/", "/", "/feed/", "/feed/atom/"):
        page = client.get(url).get_data(as_text=True)
        assert "Launch Plans" in page, url
        assert "know the word" not in page and "excerpt is secret" not in page, url
    article = client.get("/launch/").get_data(as_text=True)
    assert 'name="password"' in article and 'action="/launch/password"' in article
    search = client.get("/search/?q=word").get_data(as_text=True)
    assert "know the word" not in search


def _unlock(client, path: str, password: str):
    token = csrf_token_from(client.get(f"/{path}/").get_data(as_text=True))
    return client.post(f"/{path}/password", data={"password": password, "csrf_token": token})


def test_the_right_password_unlocks_the_body_and_a_cookie_remembers_it(client, make):
    make.post(title="Launch Plans", slug="launch", visibility="password",
              post_password="opensesame", body=SECRET)
    answer = _unlock(client, "launch", "opensesame")
    assert answer.status_code == 303 and answer.headers["Location"].endswith("/launch/")
    cookie = answer.headers["Set-Cookie"]
    assert cookie.startswith("wp-postpass=") and "HttpOnly" in cookie
    assert "opensesame" not in cookie
    for _ in range(2):
        page = client.get("/launch/").get_data(as_text=True)
        assert "know the word" in page and 'name="password"' not in page


def test_a_wrong_password_shows_the_form_again_with_a_message(client, make):
    make.post(title="Launch Plans", slug="launch", visibility="password",
              post_password="opensesame", body=SECRET)
    answer = _unlock(client, "launch", "guess")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 403
    assert "That password is not right" in page and "know the word" not in page
    assert "wp-postpass" not in answer.headers.get("Set-Cookie", "")
    assert client.post("/launch/password", data={"password": "x"}).status_code == 400  # CSRF
    assert client.post("/nowhere/password", data={"password": "x"}).status_code in (400, 404)


def test_the_page_cache_never_gives_an_unlocked_body_to_another_reader(app, make):
    make.post(title="Launch Plans", slug="launch", visibility="password",
              post_password="opensesame", body=SECRET)
    insider, outsider = app.test_client(), app.test_client()
    assert _unlock(insider, "launch", "opensesame").status_code == 303
    assert "know the word" in insider.get("/launch/").get_data(as_text=True)
    for _ in range(3):  # the second and third come from the cache, in front of Flask
        page = outsider.get("/launch/").get_data(as_text=True)
        assert "Launch Plans" in page and "know the word" not in page
        assert 'name="password"' in page
    assert "know the word" in insider.get("/launch/").get_data(as_text=True)
    # A forged cookie opens nothing.
    stranger = app.test_client()
    stranger.set_cookie("wp-postpass", "0" * 64)
    assert "know the word" not in stranger.get("/launch/").get_data(as_text=True)


def test_a_sticky_post_comes_first_on_the_front_page_only(client, make):
    category = make.category(slug="news")
    make.post(title="Newest", published_at=utcnow() - timedelta(hours=1), category=category)
    make.post(title="Old But Pinned", sticky=True, published_at=utcnow() - timedelta(days=30),
              category=category)
    front = client.get("/").get_data(as_text=True)
    assert front.index("Old But Pinned") < front.index("Newest")
    assert "Featured</p>" in front
    archive = client.get("/category/news/").get_data(as_text=True)
    assert archive.index("Newest") < archive.index("Old But Pinned")


def test_a_featured_image_is_on_the_article_cards_og_image_and_feeds(app, client, make):
    post = make.post(title="Coastal Radar", slug="radar", body="No image in the body.")
    feature(app, post.id, upload_row(app))
    article = client.get("/radar/").get_data(as_text=True)
    assert re.search(r'<figure class="featured-image"><img src="/uploads/2026/01/cover.png"'
                     r' alt="A lighthouse at dusk" width="1200" height="600"', article)
    assert re.search(r'<meta property="og:image" content="http://[^"]+/uploads/2026/01/'
                     r'cover.png">', article)
    front = client.get("/").get_data(as_text=True)
    assert '<div class="card__image"><img src="/uploads/2026/01/cover.png"' in front
    rss = client.get("/feed/").get_data(as_text=True)
    assert re.search(r'<enclosure url="http://[^"]+/uploads/2026/01/cover.png" length="2048"'
                     r' type="image/png"/>', rss)
    atom = client.get("/feed/atom/").get_data(as_text=True)
    assert re.search(r'<media:content url="http://[^"]+/uploads/2026/01/cover.png"'
                     r' type="image/png" medium="image"/>', atom)


def test_header_and_footer_menus_are_nested_links_on_every_page(app, client, make):
    about = make.post(title="About", slug="about", type="page")
    draft = make.post(title="Unfinished", slug="unfinished", type="page", status="draft")
    category = make.category(name="Guides", slug="guides")
    tag = make.tag(name="Rust", slug="rust")
    menu(app, "Main", "header", [
        {"kind": "page", "post_id": about.id, "children": [
            {"kind": "custom", "label": "Our code", "url": "https://example.org/code"},
            {"kind": "page", "post_id": draft.id},
        ]},
        {"kind": "category", "category_id": category.id, "label": "All guides"},
        {"kind": "tag", "tag_id": tag.id},
    ])
    menu(app, "Legal", "footer", [{"kind": "custom", "label": "Imprint", "url": "/about/"}])
    menu(app, "Unused", None, [{"kind": "custom", "label": "Nowhere", "url": "/x/"}])
    for url in ("/", "/about/", "/category/guides/", "/missing-page/"):
        html = client.get(url).get_data(as_text=True)
        header = re.search(r'<nav class="menu menu--header" aria-label="Main">(.*?)</nav>',
                           html, re.S).group(1)
        assert re.search(r'<a class="menu__link" href="/about/"[^>]*>About</a>\s*<ul class='
                         r'"menu__list menu__list--sub">\s*<li class="menu__item"><a class='
                         r'"menu__link" href="https://example.org/code">Our code</a>', header)
        assert "Unfinished" not in header
        assert ">All guides</a>" in header and 'href="/tag/rust/">Rust</a>' in header
        assert 'aria-label="Footer"' in html and ">Imprint</a>" in html
        assert "Nowhere" not in html
    about_page = client.get("/about/").get_data(as_text=True)
    assert 'href="/about/" aria-current="page">About</a>' in about_page


def test_a_password_post_takes_no_comments(client, make):
    make.post(title="Launch Plans", slug="launch", visibility="password",
              post_password="opensesame", body=SECRET)
    page = client.get("/launch/").get_data(as_text=True)
    assert "Enter the password to view comments." in page and "Submit a Comment" not in page
    token = csrf_token_from(page)
    answer = client.post("/launch/comments", data={
        "csrf_token": token, "name": "Reader", "email": "r@example.org", "body": "Hi"})
    assert answer.status_code == 403


def test_sticky_posts_then_the_rest_page_through_the_front_page_once_each(client, make):
    """Sticky posts and the rest are read as two lists: every post on exactly one page."""
    import re

    for n in range(3):
        make.post(title=f"Pinned {n}", sticky=True, published_at=utcnow() - timedelta(days=90 + n))
    for n in range(25):
        make.post(title=f"Story {n:02}", published_at=utcnow() - timedelta(hours=n + 1))
    seen = []
    for page in ("/", "/page/2/", "/page/3/"):
        html = client.get(page).get_data(as_text=True)
        main = html.split("<main", 1)[1].split("Explore More Stories", 1)[0]
        seen += re.findall(r">((?:Pinned \d|Story \d\d))</a>", main)
    assert client.get("/page/4/").status_code == 404
    assert seen[:3] == ["Pinned 0", "Pinned 1", "Pinned 2"]
    assert seen[3:] == [f"Story {n:02}" for n in range(25)]
