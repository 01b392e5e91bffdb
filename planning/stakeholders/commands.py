"""What the stakeholder panels store: each command checks and writes in one transaction.

An actor added here gets its place on the map in the same change (near the actors it is linked
to, moving nobody); a tower raised by one trainee and lowered by another at the same moment
never loses either step, because the height is read inside the write transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from planning.errors import Msg, ValidationError
from planning.stakeholders.layout import first_layout, nudge, place, place_missing
from planning.stakeholders.records import Link, NeedResources, Position, Stakeholder, Tower
from planning.stakeholders.rules import workshop_tower_top
from planning.stakeholders.vocab import CONFLICT, TOWER_SETTING, tower_top
from planning.store import Workshop, WriteContext


def _pairs(ctx: WriteContext) -> list[tuple[str, str]]:
    return [(x.source, x.target) for x in ctx.records(Link).values() if x.type != CONFLICT]


def _placed(ctx: WriteContext) -> dict[str, tuple[float, float]]:
    actors = ctx.records(Stakeholder)
    return {
        p.stakeholder: (p.x, p.y) for p in ctx.records(Position).values() if p.stakeholder in actors
    }


def add_stakeholder(ws: Workshop, **fields: Any) -> Stakeholder:
    """Add an actor and give it a free place on the map, in one change.

    Nobody else moves: the new actor goes to the free place nearest the middle of the map
    (it has no links yet).
    """

    def work(ctx: WriteContext) -> Stakeholder:
        actor = ctx.add(Stakeholder, fields)
        placed = _placed(ctx)
        if placed:  # a map nobody arranged yet gets its first layout when drawn
            x, y = place(placed)
            ctx.put(Position, {"stakeholder": actor.id, "x": x, "y": y})
        return actor

    return ws.write(work, action="add")


def add_link(ws: Workshop, **fields: Any) -> Link:
    """Add a link (from, to, type, strength, note); names or ids name the actors."""
    return ws.write(lambda ctx: ctx.add(Link, fields), action="add")


def step_tower(ws: Workshop, stakeholder: str, question: str, delta: int) -> int | None:
    """Raise (``delta`` > 0) or lower an actor's tower on a question by ``delta`` storeys.

    Gives the new height, or None when it was already at the top or the bottom (nothing is
    written then). A missing tower counts as 0.
    """

    def work(ctx: WriteContext) -> int | None:
        ids = ctx.prepare(Tower, {"stakeholder": stakeholder, "question": question, "height": 0})
        mine = ctx.find(Tower, stakeholder=ids["stakeholder"], question=ids["question"])
        have = mine.height if mine else 0
        new = have + delta
        too_tall = delta > 0 and new > workshop_tower_top(ctx)
        if new < 0 or too_tall or (mine is not None and new == have):
            return None
        ctx.put(Tower, {**ids, "height": new})
        return new

    return ws.write(work, action="edit")


def set_tower_top(ws: Workshop, top: Any) -> int:
    """Set the tallest tower the workshop allows (1 to 20; empty: back to 5), give it. Towers
    already taller stay as they are (nothing is lost); no new one may pass the top."""
    ws.put("plan_settings", setting=TOWER_SETTING, value="" if top is None else str(top))
    return workshop_tower_top_of(ws)


def workshop_tower_top_of(ws: Workshop) -> int:
    """Give the tallest tower the workshop allows."""
    settings: tuple[Any, ...] = ws.snapshot("plan_settings")
    return tower_top({r.setting: r.value for r in settings})


def set_tower(ws: Workshop, stakeholder: str, question: str, height: Any) -> Tower:
    """Store the height (0 up to the workshop's top) of an actor's tower on a question."""
    row = {"stakeholder": stakeholder, "question": question, "height": height}
    return ws.write(lambda ctx: ctx.put(Tower, row)[0], action="edit")


def place_actors(ws: Workshop, fresh: bool = False) -> int:
    """Store a place for every actor that has none (or, with ``fresh``, a new first layout
    for every actor), in one change; give how many places were written.

    Actors already placed do not move unless ``fresh``.
    """

    def work(ctx: WriteContext) -> int:
        actors = ctx.records(Stakeholder)
        placed = {} if fresh else _placed(ctx)
        if not placed:
            new = first_layout(actors, _pairs(ctx))
        else:
            new = place_missing(placed, [a for a in actors if a not in placed], _pairs(ctx))
        for actor, (x, y) in new.items():
            ctx.put(Position, {"stakeholder": actor, "x": x, "y": y})
        return len(new)

    return ws.write(work, action="edit")


def move_actor(ws: Workshop, stakeholder: str, dx: float, dy: float) -> tuple[float, float]:
    """Move an actor on the map by (dx, dy) percent of its width and height; give its place."""

    def work(ctx: WriteContext) -> tuple[float, float]:
        ids = ctx.prepare(Position, {"stakeholder": stakeholder, "x": 0, "y": 0})
        here = ctx.find(Position, stakeholder=ids["stakeholder"])
        if here is None:
            placed = _placed(ctx)
            near = [v for u, v in _pairs(ctx) if u == ids["stakeholder"]]
            near += [u for u, v in _pairs(ctx) if v == ids["stakeholder"]]
            start = place(placed, near)
        else:
            start = (here.x, here.y)
        x, y = nudge(start, dx, dy)
        ctx.put(Position, {"stakeholder": ids["stakeholder"], "x": x, "y": y})
        return x, y

    return ws.write(work, action="edit")


def set_need_resources(
    ws: Workshop, need: str, resources: Any, group: str | None = None
) -> NeedResources:
    """Store which resources a need requires from partners (several choices) and, when
    ``group`` is given (an actor's name or id, or "" for none), the community group it
    concerns most; without it the group already named stays."""

    def work(ctx: WriteContext) -> NeedResources:
        row: dict[str, Any] = {"need": need, "resources": resources}
        if group is None:
            old, _, _ = ctx.match(NeedResources, row)
            row["group"] = old.group if old is not None else ""
        else:
            row["group"] = group
        return ctx.put(NeedResources, row)[0]

    return ws.write(work, action="edit")


def remove(ws: Workshop, kind: str, record_id: str) -> None:
    """Remove a record of the stage (an actor takes its links, towers and place with it)."""
    if not record_id:
        raise ValidationError(
            "error.required",
            field=Msg(f"kind.{kind}"),
            value="",
            allowed=Msg("allowed.not_empty"),
        )
    ws.remove(kind, record_id)


def import_positions(ws: Workshop, places: Mapping[str, tuple[float, float]]) -> None:
    """Store several actors' places (actor name or id -> (x, y) percent) as one change."""
    rows = [{"stakeholder": a, "x": x, "y": y} for a, (x, y) in places.items()]
    ws.put_many(Position, rows)
