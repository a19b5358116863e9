"""The newsletter's public URLs and the links in reader emails.

POST /subscribe answers the same whether or not the address is known. Confirming and
unsubscribing from an email's link go through a page with one button, since mail scanners
follow links; the List-Unsubscribe URL also takes RFC 8058's one-click POST, which carries no
cookie and so no CSRF token: it is exempt, and the signed token in its URL is its proof."""

from flask import abort, current_app, redirect, render_template, request, url_for

from blog.extensions import csrf, db, limiter
from blog.mail import bp, newsletter, subscriptions
from blog.mail.compose import render_mail
from blog.mail.forms import ConfirmButtonForm, SubscribeForm
from blog.mail.links import site_root
from blog.mail.tokens import key_from_unsubscribe

GONE = "This link is not valid (it may be older than a week, or mistyped)."


def _subscribe_limit() -> str:
    return current_app.config["SUBSCRIBE_RATE_LIMIT"]


@bp.get("/subscribe/")
def subscribe_page():
    return render_template("mail/subscribe.html", form=SubscribeForm(), hide_subscribe_box=True)


@bp.post("/subscribe")
@limiter.limit(_subscribe_limit, deduct_when=lambda response: response.status_code == 303)
def subscribe():
    form = SubscribeForm()
    if not form.validate():
        return render_template("mail/subscribe.html", form=form, hide_subscribe_box=True), 422
    root = site_root()
    subscriptions.ask(form.email.data, "newsletter", root,
                      lambda url: render_mail("confirm_newsletter", root=root, confirm_url=url))
    db.session.commit()
    return redirect(url_for("mail.subscribe_sent"), 303)


@bp.get("/subscribe/sent/")
def subscribe_sent():
    return render_template("mail/subscribe_sent.html", hide_subscribe_box=True)


@bp.route("/subscribe/confirm/<token>/", methods=["GET", "POST"])
def confirm(token: str):
    subscription = subscriptions.by_confirm_token(token) or abort(404, GONE)
    form = ConfirmButtonForm()
    if request.method == "POST":
        form.validate() or abort(400)
        subscriptions.confirm(subscription)
        db.session.commit()
        return render_template("mail/confirmed.html", list=subscription.list,
                               hide_subscribe_box=subscription.list == "newsletter")
    return render_template("mail/confirm.html", form=form, list=subscription.list,
                           already=subscription.confirmed_at is not None,
                           hide_subscribe_box=True)


@bp.route("/unsubscribe/<token>/", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe(token: str):
    subscription = subscriptions.by_unsubscribe_token(token)
    if subscription is None and not _signed_but_gone(token):
        abort(404, GONE)
    if request.method == "GET":
        return render_template("mail/unsubscribe.html", token=token,
                               list=subscription.list if subscription else None,
                               hide_subscribe_box=True)
    kind = subscription.list if subscription else None
    if subscription is not None:
        subscriptions.unsubscribe(subscription)
        db.session.commit()
    return render_template("mail/unsubscribed.html", list=kind)


def _signed_but_gone(token: str) -> bool:
    """A real link whose subscription is already gone: unsubscribing again is no error."""
    return key_from_unsubscribe(token) is not None


@bp.app_template_global("newsletter_issue")
def newsletter_issue(post):
    """The editor shows whether a post was, or will be, emailed."""
    return newsletter.issue_of(post.id)
