"""WordPress parity: many categories per post, visibility, sticky posts, featured images, menus

Revision ID: 0011_wordpress_parity
Revises: 0010_import_identity
Create Date: 2026-12-02 01:10:00

- post: visibility (public, private, password), post_password, sticky. Added in place (no
  table copy), so SQLite's search triggers on post stay as they are.
- post_category: a post's categories besides its primary one (post.category_id stays).
- featured_image: a post's featured image (WordPress's `_thumbnail_id`), one per post.
- menu and menu_item: navigation menus with nested items; a menu's location is header or
  footer.

Independent of any other 0010 migration: it touches no table that one changes.
"""
import sqlalchemy as sa
from alembic import op

revision = "0011_wordpress_parity"
down_revision = "0010_import_identity"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("post", sa.Column("visibility", sa.String(16), nullable=False,
                                    server_default="public"))
    op.add_column("post", sa.Column("post_password", sa.String(255), nullable=False,
                                    server_default=""))
    op.add_column("post", sa.Column("sticky", sa.Boolean(), nullable=False,
                                    server_default=sa.false()))
    op.create_table(
        "post_category",
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["post_id"], ["post.id"],
                                name=op.f("fk_post_category_post_id_post"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["category_id"], ["category.id"],
                                name=op.f("fk_post_category_category_id_category"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("post_id", "category_id", name=op.f("pk_post_category")),
    )
    op.create_index(op.f("ix_post_category_category_id"), "post_category", ["category_id"])
    op.create_table(
        "featured_image",
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("upload_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["post_id"], ["post.id"],
                                name=op.f("fk_featured_image_post_id_post"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["upload_id"], ["upload.id"],
                                name=op.f("fk_featured_image_upload_id_upload"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("post_id", name=op.f("pk_featured_image")),
    )
    op.create_index(op.f("ix_featured_image_upload_id"), "featured_image", ["upload_id"])
    op.create_table(
        "menu",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("slug", sa.String(200), nullable=False),
        sa.Column("location", sa.String(16), nullable=True),
        sa.Column("legacy_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_menu")),
        sa.UniqueConstraint("slug", name=op.f("uq_menu_slug")),
        sa.UniqueConstraint("location", name=op.f("uq_menu_location")),
    )
    op.create_table(
        "menu_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("menu_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("label", sa.String(300), nullable=False),
        sa.Column("url", sa.String(2000), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=True),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("tag_id", sa.Integer(), nullable=True),
        sa.Column("legacy_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["menu_id"], ["menu.id"], name=op.f("fk_menu_item_menu_id_menu"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["parent_id"], ["menu_item.id"],
                                name=op.f("fk_menu_item_parent_id_menu_item"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["post_id"], ["post.id"], name=op.f("fk_menu_item_post_id_post"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["category_id"], ["category.id"],
                                name=op.f("fk_menu_item_category_id_category"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["tag_id"], ["tag.id"], name=op.f("fk_menu_item_tag_id_tag"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_menu_item")),
    )
    for column in ("menu_id", "post_id", "category_id", "tag_id"):
        op.create_index(op.f(f"ix_menu_item_{column}"), "menu_item", [column])


def downgrade():
    for column in ("menu_id", "post_id", "category_id", "tag_id"):
        op.drop_index(op.f(f"ix_menu_item_{column}"), table_name="menu_item")
    op.drop_table("menu_item")
    op.drop_table("menu")
    op.drop_index(op.f("ix_featured_image_upload_id"), table_name="featured_image")
    op.drop_table("featured_image")
    op.drop_index(op.f("ix_post_category_category_id"), table_name="post_category")
    op.drop_table("post_category")
    # In place (SQLite 3.35+), so the search triggers on post are kept.
    for column in ("sticky", "post_password", "visibility"):
        op.drop_column("post", column)
