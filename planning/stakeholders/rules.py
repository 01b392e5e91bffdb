"""The rules the store applies when stakeholder-map records are written, removed or merged.

Each rule runs inside the write transaction (``WriteContext``). What the field specs already
refuse: an unknown actor in a link or tower (``error.unknown_ref``), a tower taller than 20, a
strength outside 1-3, a second actor whose name is the same once normalised. The rules add
what needs other records: a tower above the workshop's top (its ``tower_max`` setting; a tower
stored taller before may still come down), a link from an actor to itself, a type that is
neither built in nor added by the facilitator, a two-way link entered again the other way
round, a custom type named like a built-in one. Removing an actor removes its links, towers and
position in the same change (one undo brings them back).
"""

from __future__ import annotations

from typing import Any

from planning.errors import DuplicateError, Msg, ValidationError, whole_between
from planning.records import Record, normalise_name
from planning.stages import MergeOutcome, combine_count, drop_when_one
from planning.stakeholders.records import (
    LINK_TYPE_GROUP,
    Goal,
    InfluenceQuestion,
    Link,
    LinkType,
    NeedResources,
    Position,
    Stakeholder,
    Tower,
    builtin_link_type,
    is_two_way,
)
from planning.stakeholders.vocab import LINK_TYPES, tower_top
from planning.store.writes import WriteContext


def type_words(link_type: str) -> Msg | str:
    """Give the words of a link type: a built-in type's label, a custom type's name."""
    return Msg(f"{LINK_TYPE_GROUP}.{link_type}") if link_type in LINK_TYPES else link_type


def _custom_types(ctx: WriteContext) -> dict[str, bool]:
    return {r.name: r.two_way for r in ctx.records(LinkType).values()}


def link(ctx: WriteContext, data: dict[str, Any], record_id: str | None) -> None:
    """A link joins two different actors, with a known type, and a two-way link once."""
    actors = ctx.records(Stakeholder)
    if data["source"] == data["target"]:
        who = actors.get(data["target"])
        raise ValidationError(
            field=Msg("field.links.target"),
            value=who.name if who else data["target"],
            allowed=Msg("stakeholders.allowed.other_actor"),
        )
    custom = _custom_types(ctx)
    if data["type"] not in LINK_TYPES:
        wanted = normalise_name(data["type"])
        found = next((name for name in custom if normalise_name(name) == wanted), None)
        if found is None:
            raise ValidationError(
                "stakeholders.error.link_type",
                field=Msg("field.links.type"),
                value=data["type"],
                allowed=[Msg(f"{LINK_TYPE_GROUP}.{c}") for c in LINK_TYPES] + sorted(custom),
            )
        data["type"] = found  # the spelling the facilitator gave the type
    if is_two_way(data["type"], custom):
        back = ctx.find(Link, source=data["target"], target=data["source"], type=data["type"])
        if back is not None and back.id != record_id:
            names = {a: actors[a].name if a in actors else a for a in (back.source, back.target)}
            raise DuplicateError(
                "stakeholders.error.two_way_twice",
                field=Msg("field.links.type"),
                value=data["type"],
                type=type_words(data["type"]),
                existing=f"{names[back.source]} → {names[back.target]}",
            )


def workshop_tower_top(ctx: WriteContext) -> int:
    """Give the tallest tower the workshop allows now (its setting among the plan's)."""
    settings: dict[str, Any] = ctx.records("plan_settings")
    return tower_top({r.setting: r.value for r in settings.values()})


def tower(ctx: WriteContext, data: dict[str, Any], record_id: str | None) -> None:
    """A tower is no taller than the workshop's top (a phone's tap, an import, the panel)."""
    top, height = workshop_tower_top(ctx), int(data["height"])
    before = ctx.current(Tower, record_id).height if record_id is not None else 0
    if height > top and height > before:  # a tower taller from before may still come down
        raise ValidationError(
            field=Msg("field.influence.height"),
            value=data["height"],
            allowed=whole_between(0, top),
        )


def link_type(ctx: WriteContext, data: dict[str, Any], record_id: str | None) -> None:
    """A custom type is not a built-in one in other words; a type in use keeps its name."""
    builtin = builtin_link_type(data["name"])
    if builtin is not None:
        raise ValidationError(
            "stakeholders.error.builtin_type",
            field=Msg("field.link_types.name"),
            value=data["name"],
            allowed=Msg(f"{LINK_TYPE_GROUP}.{builtin}"),
        )
    if record_id is None:
        return
    old = ctx.current(LinkType, record_id)
    if normalise_name(old.name) != normalise_name(data["name"]):
        _refuse_if_used(ctx, old.name)


def remove_actor(ctx: WriteContext, record: Record) -> None:
    """Removing an actor removes its links, towers, goals and map position in the same change (and
    a need naming it as its group names none)."""
    for cls, ends in (
        (Link, ("source", "target")),
        (Tower, ("stakeholder",)),
        (Goal, ("stakeholder",)),
    ):
        for other in list(ctx.records(cls).values()):
            if any(getattr(other, end) == record.id for end in ends):
                ctx.remove(cls, other.id)
    for pos in list(ctx.records(Position).values()):
        if pos.stakeholder == record.id:
            ctx.remove(Position, pos.id)
    for said in list(ctx.records(NeedResources).values()):
        if said.group == record.id:  # the need stays; its group is no longer named
            ctx.edit(NeedResources, said.id, {"group": ""})


def remove_question(ctx: WriteContext, record: Record) -> None:
    """Removing an influence question removes its towers and goals in the same change."""
    for cls in (Tower, Goal):
        for other in list(ctx.records(cls).values()):
            if getattr(other, "question", None) == record.id:
                ctx.remove(cls, other.id)


def remove_link_type(ctx: WriteContext, record: Record) -> None:
    """A custom type still used by links stays: remove or change those links first."""
    assert isinstance(record, LinkType)
    _refuse_if_used(ctx, record.name)


def _refuse_if_used(ctx: WriteContext, link_type: str) -> None:
    """Refuse to rename or remove a custom link type links still have."""
    used = [r for r in ctx.records(Link).values() if r.type == link_type]
    if used:
        raise ValidationError(
            "stakeholders.error.type_in_use",
            field=Msg("field.link_types.name"),
            value=link_type,
            allowed="",
            count=len(used),
        )


# A link between the two merged actors is dropped, and so is a link now repeated.
merge_link = drop_when_one("source", "target")
# Two towers of the merged actors on one question keep the taller.
merge_tower = combine_count("height", max)


RULES = {Link.KIND: link, LinkType.KIND: link_type, Tower.KIND: tower}
REMOVE_RULES = {
    Stakeholder.KIND: remove_actor,
    InfluenceQuestion.KIND: remove_question,
    LinkType.KIND: remove_link_type,
}


def merge_goal(
    ctx: WriteContext, record: Record, data: dict[str, Any], twin: Record | None
) -> MergeOutcome:
    """A goal the merged actors both held on a question is kept once."""
    return ("drop", None) if twin is not None else ("write", data)


MERGE_HOOKS = {Link.KIND: merge_link, Tower.KIND: merge_tower, Goal.KIND: merge_goal}
