"""Navigation menus at /admin/menus/: the list with a form to add one, and a page per menu with
its items (nested, in order), a form to add an item and one to edit each."""

from flask import abort, flash, redirect, render_template, request, url_for

from blog.admin import bp
from blog.admin.forms import NONE_CHOICE, ConfirmForm, MenuForm, MenuItemForm, as_choices
from blog.admin.services import menus as service


def _menu_or_404(menu_id: int):
    return service.get_menu(menu_id) or abort(404)


def _item_form(menu, item=None) -> MenuItemForm:
    form = MenuItemForm()
    if item is not None and request.method == "GET":
        form = MenuItemForm(kind=item.kind, target=service.target_text(item), label=item.label,
                            parent=item.parent_id or 0, position=item.position)
    form.parent.choices = [NONE_CHOICE, *as_choices(service.parent_choices(menu, item))]
    return form


def _item_input(form: MenuItemForm) -> service.ItemInput:
    return service.ItemInput(kind=form.kind.data, target=form.target.data or "",
                             label=form.label.data or "", parent_id=form.parent.data or None,
                             position=form.position.data or 0)


def _save_item(menu, item, form: MenuItemForm) -> bool:
    """Validate and save; a target that names nothing is the target field's error."""
    if not form.validate():
        return False
    try:
        service.save_item(menu, item, _item_input(form))
    except service.MenuInputError as error:
        form.target.errors = [*form.target.errors, str(error)]
        return False
    return True


@bp.route("/menus/", methods=["GET", "POST"])
def list_menus():
    form = MenuForm()
    if request.method == "POST" and form.validate():
        menu = service.save_menu(None, form.name.data, form.location.data)
        flash(f"Added the menu “{menu.name}”. Now add its items.", "success")
        return redirect(url_for("admin.edit_menu", menu_id=menu.id), 303)
    return render_template("admin/menus.html", form=form, menus=service.all_menus(),
                           section="menus"), 422 if form.errors else 200


@bp.route("/menus/<int:menu_id>/", methods=["GET", "POST"])
def edit_menu(menu_id: int):
    menu = _menu_or_404(menu_id)
    form = MenuForm(obj=None if request.method == "POST" else menu)
    if request.method == "GET":
        form.location.data = menu.location or ""
    if request.method == "POST" and form.validate():
        service.save_menu(menu, form.name.data, form.location.data)
        flash(f"Saved the menu “{menu.name}”.", "success")
        return redirect(url_for("admin.edit_menu", menu_id=menu.id), 303)
    return _menu_page(menu, form, _item_form(menu), 422 if form.errors else 200)


def _menu_page(menu, form, item_form, status: int):
    return render_template("admin/menu.html", menu=menu, form=form, item_form=item_form,
                           rows=service.item_rows(menu), section="menus"), status


@bp.post("/menus/<int:menu_id>/delete")
def delete_menu(menu_id: int):
    menu = _menu_or_404(menu_id)
    ConfirmForm().validate() or abort(400)
    name = menu.name
    service.delete_menu(menu)
    flash(f"Deleted the menu “{name}”.", "success")
    return redirect(url_for("admin.list_menus"), 303)


@bp.post("/menus/<int:menu_id>/items/")
def add_menu_item(menu_id: int):
    menu = _menu_or_404(menu_id)
    item_form = _item_form(menu)
    if _save_item(menu, None, item_form):
        flash("Added the item.", "success")
        return redirect(url_for("admin.edit_menu", menu_id=menu.id), 303)
    form = MenuForm(formdata=None, obj=menu)
    form.location.data = menu.location or ""
    return _menu_page(menu, form, item_form, 422)


@bp.route("/menus/<int:menu_id>/items/<int:item_id>/", methods=["GET", "POST"])
def edit_menu_item(menu_id: int, item_id: int):
    menu = _menu_or_404(menu_id)
    item = service.get_item(menu, item_id) or abort(404)
    form = _item_form(menu, item)
    if request.method == "POST":
        if _save_item(menu, item, form):
            flash("Saved the item.", "success")
            return redirect(url_for("admin.edit_menu", menu_id=menu.id), 303)
        status = 422
    else:
        status = 200
    return render_template("admin/menu_item.html", menu=menu, item=item, form=form,
                           section="menus"), status


@bp.post("/menus/<int:menu_id>/items/<int:item_id>/delete")
def delete_menu_item(menu_id: int, item_id: int):
    menu = _menu_or_404(menu_id)
    item = service.get_item(menu, item_id) or abort(404)
    ConfirmForm().validate() or abort(400)
    service.delete_item(item)
    flash("Deleted the item; any items under it moved up.", "success")
    return redirect(url_for("admin.edit_menu", menu_id=menu.id), 303)
