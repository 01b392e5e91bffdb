"""The rules the store applies when needs records are written, and how they follow a merge.

Each rule runs inside the write transaction (``WriteContext``), so what it reads cannot change
before the row it checks is written.
"""

from __future__ import annotations

import operator
from typing import Any

from planning.errors import Msg, ValidationError
from planning.needs.methods import check_dot_budget, check_tree
from planning.needs.records import DotVote, Need, Pairwise, TreeNode
from planning.records import Participant, Record, normalise_name
from planning.stages import combine_count, drop_when_one
from planning.store.writes import WriteContext


def dot_budget(ctx: WriteContext, data: dict[str, Any], record_id: str | None) -> None:
    """A participant spends at most the workshop's dot budget."""
    budget = ctx.info().dot_budget
    spent = sum(
        v.dots
        for v in ctx.records(DotVote).values()
        if v.participant == data["participant"] and v.id != record_id
    )
    who = ctx.records(Participant).get(data["participant"])
    check_dot_budget(spent, data["dots"], budget, participant=who.name if who else "")


def pair(ctx: WriteContext, data: dict[str, Any], record_id: str | None) -> None:
    """A need is never paired with itself; the winner is one of the two, or a tie."""
    names = {r.id: r.title for r in ctx.records(Need).values()}
    a, b, winner = data["need_a"], data["need_b"], data["winner"]
    if a == b:
        raise ValidationError(
            "error.self_pair",
            field=Msg("field.pairwise.need_b"),
            value=names.get(b, b),
            allowed=[n for i, n in names.items() if i != a],
        )
    if winner and winner not in (a, b):
        raise ValidationError(
            "error.winner",
            field=Msg("field.pairwise.winner"),
            value=names.get(winner, winner),
            allowed=[names.get(a, a), names.get(b, b)],
        )


def tree_node(ctx: WriteContext, data: dict[str, Any], record_id: str | None) -> None:
    """A need's problem tree stays one every reader can draw: the tree as it would be with this
    node written is checked as a whole (its text is not the need's title, an effect leads to
    the need or an effect, a cause to the need or a cause, no loop), by the same
    :func:`~planning.needs.methods.check_tree` that ``summary`` and the handout draw with."""
    need = ctx.records(Need).get(data["need"])
    nodes = [
        (r.text, r.role, r.parent)
        for r in ctx.records(TreeNode).values()
        if r.need == data["need"] and r.id != record_id
    ]
    nodes.append((data["text"], data["role"], data["parent"]))
    check_tree(need.title if need else data["need"], nodes)


def tree_node_removed(ctx: WriteContext, record: Record) -> None:
    """A node that other nodes lead to stays until they are removed or moved."""
    assert isinstance(record, TreeNode)
    children = [
        r.text
        for r in ctx.records(TreeNode).values()
        if r.need == record.need
        and r.id != record.id
        and normalise_name(r.parent) == normalise_name(record.text)
    ]
    if children:
        raise ValidationError(
            "error.tree_has_children",
            field=Msg("field.problem_tree.text"),
            value=record.text,
            allowed=children,
        )


# A participant's dots on both merged needs are added up on the need kept.
merge_dots = combine_count("dots", operator.add)
# A comparison of the two merged needs with each other is dropped; a repeat too.
merge_pair = drop_when_one("need_a", "need_b")


RULES = {DotVote.KIND: dot_budget, Pairwise.KIND: pair, TreeNode.KIND: tree_node}
REMOVE_RULES = {TreeNode.KIND: tree_node_removed}
MERGE_HOOKS = {DotVote.KIND: merge_dots, Pairwise.KIND: merge_pair}
