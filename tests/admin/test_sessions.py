"""Admin sessions end when the admin says so: logout ends that session wherever its cookie was
copied; a password change or `create-admin` ends every session; "log out everywhere else"."""

from tests.admin.conftest import PASSWORD
from tests.conftest import csrf_token_from

NEW_PASSWORD = "a brand new passphrase for the blog"


def _copy_of(app, client):
    """Another browser holding the same cookies (a stolen or copied session)."""
    thief = app.test_client()
    for cookie in client._cookies.values():
        thief.set_cookie(cookie.key, cookie.value, domain=cookie.domain, path=cookie.path)
    return thief


def _log_in(client, password=PASSWORD):
    page = client.get("/admin/login")
    return client.post("/admin/login", data={
        "username": "admin", "password": password,
        "csrf_token": csrf_token_from(page.get_data(as_text=True))})


def test_logout_ends_the_session_in_every_copy_of_its_cookie(app, client, login, token):
    thief = _copy_of(app, client)
    assert thief.get("/admin/").status_code == 200
    assert client.post("/admin/logout", data={"csrf_token": token()}).status_code == 303
    response = thief.get("/admin/")
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]
    assert thief.post("/admin/posts/new", data={"title": "x"}).status_code in (400, 401)


def test_a_copied_cookie_stops_working_after_create_admin(app, client, login, runner):
    thief = _copy_of(app, client)
    result = runner.invoke(args=["create-admin", "admin", "--password-stdin"],
                           input=NEW_PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert thief.get("/admin/").status_code == 302
    assert client.get("/admin/").status_code == 302


def test_changing_the_password_ends_every_other_session(app, client, login, token):
    elsewhere = app.test_client()
    assert _log_in(elsewhere).status_code == 303
    thief = _copy_of(app, client)
    response = client.post("/admin/account/password", data={
        "csrf_token": token("/admin/account/"), "current_password": PASSWORD,
        "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 303
    assert "Password changed. 1 other session logged out." in \
        client.get("/admin/account/").get_data(as_text=True)
    assert client.get("/admin/").status_code == 200  # this browser goes on
    assert elsewhere.get("/admin/").status_code == 302
    assert thief.get("/admin/").status_code == 302  # the old cookie is no session now
    assert _log_in(app.test_client(), PASSWORD).status_code == 401
    assert _log_in(app.test_client(), NEW_PASSWORD).status_code == 303


def test_a_password_change_needs_the_current_password_and_a_strong_new_one(client, login,
                                                                           token):
    for current, new, problem in [("not it at all", NEW_PASSWORD, "not your current password"),
                                  (PASSWORD, "short", "at least 12 characters"),
                                  (PASSWORD, "password1234", "common word")]:
        response = client.post("/admin/account/password", data={
            "csrf_token": token("/admin/account/"), "current_password": current,
            "new_password": new, "confirm": new})
        assert response.status_code == 422
        assert problem in response.get_data(as_text=True)
    assert client.get("/admin/").status_code == 200


def test_log_out_everywhere_else_keeps_this_browser(app, client, login, token):
    elsewhere = app.test_client()
    assert _log_in(elsewhere).status_code == 303
    page = client.get("/admin/account/").get_data(as_text=True)
    assert page.count("<tr><td") == 2 and "This browser" in page
    response = client.post("/admin/account/sessions/end-others",
                           data={"csrf_token": csrf_token_from(page)})
    assert response.status_code == 303
    assert elsewhere.get("/admin/").status_code == 302
    assert client.get("/admin/").status_code == 200


def test_an_admin_page_sets_no_session_of_a_reader_and_csrf_still_works(client, login, token):
    """The page cache tells an admin by `_user_id` in the session: it stays there."""
    with client.session_transaction() as session:
        assert "_user_id" in session and "admin_session" in session
    response = client.post("/admin/settings", data={
        "csrf_token": token("/admin/settings"), "title": "Renamed", "tagline": "",
        "description": "", "timezone": "UTC", "posts_per_page": 10, "comments_per_page": 50,
        "max_links": 2, "disallowed": ""})
    assert response.status_code == 303
