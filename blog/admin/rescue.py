"""Never lose the editor's text: a Save, Preview or autosave that arrives after the session
ended is held for the account (blog/admin/services/held_text.py) and put back into the editor
after the next login. The answer is still a 401 (or, with the session still there, the editor
again), but with a login form and the promise that the text is kept."""

from flask import current_app, jsonify, render_template, request, url_for

from blog.admin.forms import LoginForm
from blog.admin.services import held_text

COOKIE = "held_text"
# The editor's endpoints and, for each, the editor page its text goes back to.
EDITOR_ENDPOINTS = {
    "admin.new_post": "admin.new_post", "admin.preview_new_post": "admin.new_post",
    "admin.autosave_new_post": "admin.new_post",
    "admin.edit_post": "admin.edit_post", "admin.preview_post": "admin.edit_post",
    "admin.autosave_post": "admin.edit_post",
}
JSON_ENDPOINTS = frozenset({"admin.autosave_new_post", "admin.autosave_post"})


def is_editor_post() -> bool:
    return request.method == "POST" and request.endpoint in EDITOR_ENDPOINTS


def editor_target() -> str:
    endpoint = EDITOR_ENDPOINTS[request.endpoint]
    post_id = (request.view_args or {}).get("post_id")
    return url_for(endpoint, post_id=post_id) if post_id else url_for(endpoint)


def _same_origin() -> bool:
    """Only text this site's own editor sent is kept for whoever logs in next: a page on
    another site must not be able to plant text in the writer's editor."""
    if request.headers.get("Sec-Fetch-Site") == "same-origin":
        return True
    origin = request.headers.get("Origin") or ""
    return bool(origin) and origin == request.host_url.rstrip("/")


def session_ended(user_id: int | None):
    """The answer to an editor POST without a working login: 401, the text held."""
    target = editor_target()
    token = None
    if user_id is not None or _same_origin():
        token = held_text.hold(request.form, target, user_id)
    if request.endpoint in JSON_ENDPOINTS:
        response = jsonify(error="session-ended", kept=token is not None,
                           login=url_for("admin.login", next=target))
        response.status_code = 401
    else:
        body = render_template("admin/session_ended.html", form=LoginForm(), kept=bool(token),
                               target=target)
        response = current_app.make_response((body, 401))
    if token:
        response.set_cookie(COOKIE, token, max_age=held_text.HELD_TEXT_HOURS * 3600,
                            path="/admin/", httponly=True, samesite="Lax",
                            secure=bool(current_app.config["HTTPS"]))
    return response


def after_login(user_id: int) -> str | None:
    """Where the writer goes after logging in when text was held for them."""
    return held_text.claim(request.cookies.get(COOKIE), user_id) or \
        held_text.latest_target(user_id)


def restore(user_id: int) -> dict | None:
    """The held fields for this editor page, handed back once."""
    return held_text.take(user_id, request.path)
