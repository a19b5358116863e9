"""The outbox at /admin/outbox/: every message by status, the server's last answer, and
"send again" for failed ones (or any one)."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for

from blog.admin import bp
from blog.admin.forms import ConfirmForm
from blog.extensions import db
from blog.mail import admin_lists, claims
from blog.mail.smtp_url import BadSmtpUrl, configured_server
from blog.models import MESSAGE_STATUSES
from blog.web.parsing import page_number, positive_id

KINDS = {"held_comment": "Held comment", "new_comment": "New comment", "reply": "Reply",
         "confirm_replies": "Confirm replies", "confirm_newsletter": "Confirm subscription",
         "newsletter": "Newsletter", "password_reset": "Password reset"}


def _status() -> str:
    status = request.args.get("status", "queued")
    return status if status in MESSAGE_STATUSES else "queued"


def _server_line() -> tuple[str, bool]:
    try:
        server = configured_server(current_app.config)
    except BadSmtpUrl as error:
        return str(error), False
    if server is None:
        return "BLOG_SMTP_URL is not set: messages wait here until it is.", False
    return f"Sending through {server.describe()}.", True


@bp.get("/outbox/")
def outbox():
    status = _status()
    kind = request.args.get("kind", "")
    kind = kind if kind in KINDS else ""
    query = request.args.get("q", "").strip()[:200]
    server, configured = _server_line()
    return render_template(
        "admin/outbox.html", section="outbox", status=status, kind=kind, q=query,
        kinds=KINDS, counts=admin_lists.outbox_counts(), form=ConfirmForm(),
        pagination=admin_lists.outbox_page(status, page_number(request.args.get("page")),
                                           query, kind),
        issues=admin_lists.recent_issues(), server=server, configured=configured)


@bp.post("/outbox/retry")
def retry_mail():
    ConfirmForm().validate() or abort(400)
    message_id = positive_id(request.form.get("message"))
    with db.engine.connect() as connection:
        done = claims.retry(connection, [message_id] if message_id else None)
    flash(f"{done} message{'s' if done != 1 else ''} queued to be sent again.", "success")
    return redirect(url_for("admin.outbox", status="queued"), 303)
