from flask import abort

from blog.admin import bp


@bp.get("/login")
def login():
    abort(404)  # the admin issue builds the login form
