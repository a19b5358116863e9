"""Categories, tags and authors: one list-and-create page and one edit page per kind."""

from flask import abort, flash, redirect, render_template, request, url_for

from blog.admin import bp
from blog.admin.forms import NONE_CHOICE, AuthorForm, CategoryForm, ConfirmForm, TagForm, as_choices
from blog.admin.services import taxonomy as service
from blog.extensions import db

KINDS = {
    "categories": (CategoryForm, "Category", "Categories", "articles.category"),
    "tags": (TagForm, "Tag", "Tags", "articles.tag"),
    "authors": (AuthorForm, "Author", "Authors", "articles.author"),
}


def _form(kind: str, term=None):
    form = KINDS[kind][0](obj=term)
    if kind == "categories":
        form.parent.choices = [NONE_CHOICE,
                               *as_choices(service.category_choices(term.id if term else None))]
        if term is not None and request.method == "GET":
            form.parent.data = term.parent_id or 0
    return form


def _values(kind: str, form) -> dict:
    values = {key: value for key, value in form.data.items() if key != "csrf_token"}
    if kind == "categories":
        values["parent_id"] = values.pop("parent") or None
    for key in ("bio", "email", "description"):
        if key in values:
            values[key] = (values[key] or "").strip() or None
    values["name"] = values["name"].strip()
    return values


def _term_or_404(kind: str, term_id: int):
    if kind not in KINDS:
        abort(404)
    return db.session.get(service.TERM_MODELS[kind], term_id) or abort(404)


def _render(template: str, kind: str, status: int = 200, **context):
    form_class, singular, plural, public_endpoint = KINDS[kind]
    return render_template(template, kind=kind, singular=singular, plural=plural,
                           public_endpoint=public_endpoint, section=kind, **context), status


@bp.route("/<any(categories, tags, authors):kind>/", methods=["GET", "POST"])
def list_terms(kind: str):
    form = _form(kind)
    if request.method == "POST" and form.validate():
        term = service.save_term(kind, None, _values(kind, form))
        flash(f"Added “{term.name}”.", "success")
        return redirect(url_for("admin.list_terms", kind=kind), 303)
    return _render("admin/terms.html", kind, 422 if form.errors else 200, form=form,
                   terms=service.list_terms(kind))


@bp.route("/<any(categories, tags, authors):kind>/<int:term_id>/edit", methods=["GET", "POST"])
def edit_term(kind: str, term_id: int):
    term = _term_or_404(kind, term_id)
    form = _form(kind, term)
    if request.method == "POST" and form.validate():
        service.save_term(kind, term, _values(kind, form))
        flash(f"Saved “{term.name}”.", "success")
        return redirect(url_for("admin.list_terms", kind=kind), 303)
    return _render("admin/edit_term.html", kind, 422 if form.errors else 200, form=form,
                   term=term, delete_form=ConfirmForm())


@bp.post("/<any(categories, tags, authors):kind>/<int:term_id>/delete")
def delete_term(kind: str, term_id: int):
    term = _term_or_404(kind, term_id)
    ConfirmForm().validate() or abort(400)
    name = term.name
    service.delete_term(term)
    flash(f"Deleted “{name}”. Its posts are still published.", "success")
    return redirect(url_for("admin.list_terms", kind=kind), 303)
