"""Menus edited at /admin/menus/: a menu, its place, nested items of every kind; every write
shows on the site at once (the page cache is replaced)."""

import re

from tests.conftest import csrf_token_from


def _add_menu(client, name: str, location: str) -> str:
    token = csrf_token_from(client.get("/admin/menus/").get_data(as_text=True))
    answer = client.post("/admin/menus/", data={"name": name, "location": location,
                                                "csrf_token": token})
    assert answer.status_code == 303, answer.get_data(as_text=True)[:1000]
    return answer.headers["Location"]


def _add_item(client, menu_url: str, **fields):
    token = csrf_token_from(client.get(menu_url).get_data(as_text=True))
    return client.post(menu_url + "items/", data={"csrf_token": token, "position": "0",
                                                  "parent": "0", "label": "", **fields})


def _item_ids(client, menu_url: str) -> list[str]:
    return re.findall(r'/items/(\d+)/"', client.get(menu_url).get_data(as_text=True))


def test_menus_need_a_login_and_a_csrf_token(app, client, admin_user):
    assert client.get("/admin/menus/").status_code == 302
    assert client.post("/admin/menus/", data={"name": "Main"}).status_code in (400, 401)


def test_a_header_menu_with_nested_items_of_every_kind_shows_on_the_site(
        app, client, login, make):
    make.post(title="About", slug="about", type="page")
    make.post(title="Hello World", slug="hello")
    make.category(name="Guides", slug="guides")
    make.tag(name="Rust", slug="rust")
    reader = app.test_client()
    assert "menu--header" not in reader.get("/").get_data(as_text=True)  # cached now
    menu_url = _add_menu(client, "Main", "header")
    assert _add_item(client, menu_url, kind="page", target="/about/").status_code == 303
    about_id = _item_ids(client, menu_url)[0]
    for fields in ({"kind": "post", "target": "hello", "parent": about_id},
                   {"kind": "category", "target": "guides", "label": "All guides",
                    "position": "2"},
                   {"kind": "tag", "target": "/tag/rust/", "position": "3"},
                   {"kind": "custom", "target": "https://example.org/", "label": "Elsewhere",
                    "position": "4"}):
        assert _add_item(client, menu_url, **fields).status_code == 303, fields
    page = client.get(menu_url).get_data(as_text=True)
    assert "Under the item above, level 2: </span>Hello World" in page
    html = reader.get("/").get_data(as_text=True)
    nav = re.search(r'<nav class="menu menu--header" aria-label="Main">(.*?)</nav>', html,
                    re.S).group(1)
    assert re.search(r'href="/about/">About</a>\s*<ul class="menu__list menu__list--sub">'
                     r'\s*<li class="menu__item"><a class="menu__link" href="/hello/">Hello '
                     r'World</a>', nav)
    labels = re.findall(r'class="menu__link" href="([^"]+)"', nav)
    assert labels == ["/about/", "/hello/", "/category/guides/", "/tag/rust/",
                      "https://example.org/"]


def test_bad_items_are_refused_with_a_message(client, login, make):
    menu_url = _add_menu(client, "Main", "footer")
    for fields, message in (
            ({"kind": "page", "target": "/nowhere/"}, "No page has the address"),
            ({"kind": "category", "target": "nope"}, "No category has the slug"),
            ({"kind": "custom", "target": "javascript:alert(1)", "label": "x"},
             "A custom link needs a full address"),
            ({"kind": "custom", "target": "https://example.org/"}, "needs a label"),
            ({"kind": "page", "target": "/x/", "position": "99999999"}, "between")):
        answer = _add_item(client, menu_url, **fields)
        assert answer.status_code == 422 and message in answer.get_data(as_text=True), fields


def test_editing_moving_and_deleting_items_and_menus(app, client, login, make):
    make.post(title="About", slug="about", type="page")
    make.post(title="Team", slug="team", type="page")
    menu_url = _add_menu(client, "Main", "header")
    _add_item(client, menu_url, kind="page", target="/about/")
    parent_id = _item_ids(client, menu_url)[0]
    _add_item(client, menu_url, kind="page", target="/team/", parent=parent_id)
    child_id = [i for i in _item_ids(client, menu_url) if i != parent_id][0]
    edit_url = f"{menu_url}items/{child_id}/"
    form = client.get(edit_url).get_data(as_text=True)
    assert 'value="/team/"' in form
    # An item cannot go under itself: it is not offered as its own parent.
    assert f'<option value="{child_id}"' not in form
    answer = client.post(edit_url, data={"csrf_token": csrf_token_from(form), "kind": "page",
                                         "target": "/team/", "label": "Our team",
                                         "parent": "0", "position": "5"})
    assert answer.status_code == 303
    assert ">Our team</a>" in app.test_client().get("/").get_data(as_text=True)
    token = csrf_token_from(client.get(menu_url).get_data(as_text=True))
    assert client.post(f"{menu_url}items/{parent_id}/delete",
                       data={"csrf_token": token}).status_code == 303
    html = app.test_client().get("/").get_data(as_text=True)
    assert ">About</a>" not in html and ">Our team</a>" in html
    # A second menu given the header takes it.
    second = _add_menu(client, "Other", "header")
    assert "Nowhere" in client.get("/admin/menus/").get_data(as_text=True)
    token = csrf_token_from(client.get(second).get_data(as_text=True))
    assert client.post(f"{second}delete", data={"csrf_token": token}).status_code == 303
    assert client.get(second).status_code == 404
