"""Subscribers at /admin/subscribers/: both lists with counts, search, CSV export, remove
(one list) and erase (every trace of an address in mail)."""

from flask import (
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)

from blog.admin import bp
from blog.admin.forms import ConfirmForm
from blog.extensions import db
from blog.mail import admin_lists, subscriptions
from blog.models import Subscription
from blog.web.parsing import page_number


def _list_name() -> str:
    name = request.values.get("list", "newsletter")
    return name if name in admin_lists.LIST_NAMES else "newsletter"


@bp.get("/subscribers/")
def list_subscribers():
    list_name = _list_name()
    query = request.args.get("q", "").strip()[:200]
    return render_template(
        "admin/subscribers.html", section="subscribers", list_name=list_name, q=query,
        lists=admin_lists.LIST_NAMES, counts=admin_lists.subscriber_counts(), form=ConfirmForm(),
        pagination=admin_lists.subscriber_page(list_name, page_number(request.args.get("page")),
                                               query))


@bp.get("/subscribers/export.csv")
def export_subscribers():
    list_name = _list_name()
    return Response(stream_with_context(admin_lists.subscribers_csv(list_name)),
                    mimetype="text/csv",
                    headers={"Content-Disposition":
                             f'attachment; filename="subscribers-{list_name}.csv"'})


@bp.post("/subscribers/<int:subscription_id>/remove")
def remove_subscriber(subscription_id: int):
    ConfirmForm().validate() or abort(400)
    subscription = db.session.get(Subscription, subscription_id) or abort(404)
    list_name = subscription.list
    subscriptions.unsubscribe(subscription)
    db.session.commit()
    flash("Removed: that address gets no more of these emails.", "success")
    return redirect(url_for("admin.list_subscribers", list=list_name), 303)


@bp.route("/subscribers/<int:subscription_id>/erase", methods=["GET", "POST"])
def erase_subscriber(subscription_id: int):
    subscription = db.session.get(Subscription, subscription_id) or abort(404)
    form = ConfirmForm()
    if request.method == "POST":
        form.validate() or abort(400)
        subscriptions.erase_address(subscription.email)
        db.session.commit()
        flash("Erased: the address, its subscriptions and every email to it are gone.",
              "success")
        return redirect(url_for("admin.list_subscribers"), 303)
    return render_template("admin/erase_subscriber.html", section="subscribers",
                           subscription=subscription, form=form)
