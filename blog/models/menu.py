"""Navigation menus, as WordPress keeps them: a menu is a named list of items, each pointing at
a page, a post, a category, a tag or any web address, nested by `parent_id`. A menu shown in
the site's header or footer has that `location` (one menu per location)."""

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from blog.extensions import db

MENU_LOCATIONS = ("header", "footer")
MENU_ITEM_KINDS = ("page", "post", "category", "tag", "custom")


class Menu(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    location: Mapped[str | None] = mapped_column(String(16), unique=True)
    legacy_id: Mapped[int | None] = mapped_column(Integer)

    items: Mapped[list["MenuItem"]] = relationship(
        back_populates="menu", cascade="all, delete-orphan", passive_deletes=True,
        order_by="(MenuItem.position, MenuItem.id)")


class MenuItem(db.Model):
    """One link of a menu. Its target is the row it names (deleting the post or term removes
    the item, as WordPress does); a custom link keeps its `url`. An empty `label` shows the
    target's own title."""

    id: Mapped[int] = mapped_column(primary_key=True)
    menu_id: Mapped[int] = mapped_column(ForeignKey("menu.id", ondelete="CASCADE"), index=True)
    # A deleted parent leaves its children at the top of the menu.
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("menu_item.id", ondelete="SET NULL"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(16), default="custom")
    label: Mapped[str] = mapped_column(String(300), default="")
    url: Mapped[str] = mapped_column(String(2000), default="")
    post_id: Mapped[int | None] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"),
                                                index=True)
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("category.id", ondelete="CASCADE"), index=True)
    tag_id: Mapped[int | None] = mapped_column(ForeignKey("tag.id", ondelete="CASCADE"),
                                               index=True)
    legacy_id: Mapped[int | None] = mapped_column(Integer)

    menu: Mapped[Menu] = relationship(back_populates="items")
    post = relationship("Post", lazy="joined")
    category = relationship("Category", lazy="joined")
    tag = relationship("Tag", lazy="joined")
