"""Approved comments as threads, a page of top-level comments at a time.

One statement for an ordinary discussion (up to SMALL_DISCUSSION comments, loaded whole);
past that, two whatever its size: the (id, parent) pairs of the post's approved comments, then
the full rows of one page's threads.
"""

from dataclasses import dataclass, field
from math import ceil

from sqlalchemy import select

from blog.extensions import db
from blog.models import Comment

MAX_DEPTH = 5
SMALL_DISCUSSION = 200


@dataclass
class CommentNode:
    comment: Comment
    replies: list["CommentNode"] = field(default_factory=list)


@dataclass
class CommentPage:
    threads: list[CommentNode]
    number: int  # 1-based; the last page holds the newest comments
    pages: int

    @property
    def is_last(self) -> bool:
        return self.number == self.pages


@dataclass
class _Outline:
    """The shape of a post's approved discussion: roots oldest first, and each one's replies."""

    roots: list[int]
    children: dict[int, list[int]]
    parents: dict[int, int | None]


def _approved(columns, post_id: int):
    return (
        select(*columns)
        .where(Comment.post_id == post_id, Comment.status == "approved")
        .order_by(Comment.created_at, Comment.id)
    )


def _outline(post_id: int, pairs: list[tuple[int, int | None]] | None = None) -> _Outline:
    """From (id, parent_id) pairs, oldest first; thousands of them, so plain tuples."""
    if pairs is None:
        query = _approved([Comment.id, Comment.parent_id], post_id)
        pairs = [tuple(row) for row in db.session.execute(query)]
    approved = {cid for cid, _ in pairs}
    roots: list[int] = []
    children: dict[int, list[int]] = {}
    parents: dict[int, int | None] = {}
    for cid, parent in pairs:
        # A reply whose parent is hidden (held, spam, deleted) is shown at the top level
        # rather than lost.
        if parent is not None and parent in approved:
            parents[cid] = parent
            children.setdefault(parent, []).append(cid)
        else:
            parents[cid] = None
            roots.append(cid)
    return _Outline(roots, children, parents)


def page_count(top_level: int, per_page: int) -> int:
    return max(1, ceil(top_level / per_page))


def comment_page(post_id: int, number: int | None, per_page: int,
                 approved_total: int | None = None) -> CommentPage | None:
    """Page `number` of the threads (None: the newest page, as WordPress shows by default);
    None when that page does not exist. `approved_total` (the post's comment count, when the
    caller has it) skips the small-discussion attempt for a long one."""
    small = None
    if approved_total is None or approved_total <= SMALL_DISCUSSION:
        small = db.session.scalars(
            _approved([Comment], post_id).limit(SMALL_DISCUSSION + 1)
        ).all()
        if len(small) > SMALL_DISCUSSION:  # grew since the count was read
            small = None
    if small is not None:
        outline = _outline(post_id, [(c.id, c.parent_id) for c in small])
        loaded: dict[int, Comment] | None = {c.id: c for c in small}
    else:
        outline, loaded = _outline(post_id), None
    pages = page_count(len(outline.roots), per_page)
    number = pages if number is None else number
    if not 1 <= number <= pages:
        return None
    roots = outline.roots[(number - 1) * per_page:number * per_page]
    ids: list[int] = []
    stack = list(reversed(roots))
    while stack:
        current = stack.pop()
        ids.append(current)
        stack.extend(reversed(outline.children.get(current, [])))
    comments = loaded if loaded is not None else _load(ids)
    return CommentPage(_nest(ids, outline.parents, comments, roots), number, pages)


def _nest(ids: list[int], parents: dict[int, int | None], comments: dict[int, Comment],
          roots: list[int]) -> list[CommentNode]:
    """The threads as nodes, at most MAX_DEPTH levels deep, as WordPress shows them: a reply
    past the limit follows its parent at the deepest level. Threads that grew deeper (an
    import, replies from before the limit) render flat past it, never as a deeper template
    recursion. `ids` come parents first."""
    nodes = {cid: CommentNode(comments[cid]) for cid in ids if cid in comments}
    shown_under: dict[int, int | None] = {}  # comment -> the node its replies go under
    depth: dict[int, int] = {}
    for cid in ids:
        parent = parents.get(cid)
        if cid not in nodes or parent is None or parent not in nodes:
            depth[cid] = 1
            shown_under[cid] = cid
            continue
        host = shown_under[parent]
        depth[cid] = depth[host] + 1
        nodes[host].replies.append(nodes[cid])
        # At the deepest level a comment's own replies join it there, under its parent.
        shown_under[cid] = cid if depth[cid] < MAX_DEPTH else host
    return [nodes[r] for r in roots if r in nodes]


def _load(ids: list[int]) -> dict[int, Comment]:
    loaded: dict[int, Comment] = {}
    for start in range(0, len(ids), 500):  # stay under SQLite's bound-parameter limit
        chunk = ids[start:start + 500]
        for comment in db.session.scalars(select(Comment).where(Comment.id.in_(chunk))):
            loaded[comment.id] = comment
    return loaded


def page_of(post_id: int, comment_id: int, per_page: int) -> tuple[int, int] | None:
    """(the comment page that shows this approved comment, the number of pages), or None
    if it is not shown."""
    outline = _outline(post_id)
    root: int | None = comment_id
    if root not in outline.parents:
        return None
    while outline.parents.get(root) is not None:
        root = outline.parents[root]
    pages = page_count(len(outline.roots), per_page)
    return outline.roots.index(root) // per_page + 1, pages


def depth_of(comment: Comment) -> int:
    """1 for a top-level comment; counts up the parent chain, at most MAX_DEPTH steps."""
    depth = 1
    while comment.parent is not None and depth < MAX_DEPTH + 1:
        comment = comment.parent
        depth += 1
    return depth
