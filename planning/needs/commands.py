"""What the needs panels store: each command checks and writes in one transaction.

A command reads what it checks through the store's ``WriteContext``, inside the same
transaction that writes, so two trainees pressing +1 at once can never spend more dots than
the budget, nor lose one of the two dots.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from planning.errors import Msg, ValidationError
from planning.i18n import t
from planning.needs.records import CRITERIA_PRESETS, Criterion, DotVote, Need, Ranking, Score
from planning.records import Participant, normalise_name
from planning.store import Workshop, WriteContext


def apply_preset(ws: Workshop, preset: str) -> list[Criterion]:
    """Add the criteria of a preset ("desa" or "usg") the workshop does not have yet.

    The criteria are named in the workshop's language.
    """
    if preset not in CRITERIA_PRESETS:
        raise ValidationError(
            field=Msg("criteria.preset"),
            value=preset,
            allowed=[Msg(f"criteria.preset.{p}") for p in CRITERIA_PRESETS],
        )
    lang = ws.lang

    def work(ctx: WriteContext) -> list[Criterion]:
        have = {normalise_name(c.name) for c in ctx.records(Criterion).values()}
        added = []
        for key in CRITERIA_PRESETS[preset]:
            name = t(f"criteria.{key}", lang)
            if normalise_name(name) not in have:
                row = {"name": name, "weight": 1, "description": t(f"criteria.{key}.help", lang)}
                added.append(ctx.add(Criterion, row))
        return added

    return ws.write(work, action="add")


def set_score(ws: Workshop, rater: str, need: str, criterion: str, value: Any) -> Score:
    """Store a rater's score of a need on a criterion (a new version if they scored it before)."""
    row = {"rater": rater, "need": need, "criterion": criterion, "value": value}
    return ws.write(
        lambda ctx: ctx.put(Score, row)[0], action="edit", by=str(rater).strip() or None
    )


def cast_dot(ws: Workshop, participant: str, need: str, delta: int) -> int | None:
    """Add ``delta`` dots (negative: take back) of a participant on a need, within the budget.

    Gives the participant's dots on the need afterwards, or None when there was nothing to
    take back (nothing is written then). One :meth:`Workshop.step` of the dot count.
    """
    return ws.step(DotVote, delta, participant=participant, need=need)


def save_ranking(ws: Workshop, participant: str, places: Mapping[str, int]) -> list[Ranking]:
    """Store a participant's own order (need id -> place, 1 first) as one change.

    Each need must have its own place; needs without a place are left as they were.
    """
    if not participant:
        raise ValidationError(
            "error.required",
            field=Msg("field.rankings.participant"),
            value="",
            allowed=Msg("allowed.not_empty"),
        )

    def work(ctx: WriteContext) -> list[Ranking]:
        titles = {n.id: n.title for n in ctx.records(Need).values()}
        taken: dict[int, str] = {}
        for need, place in places.items():
            if place in taken:
                raise ValidationError(
                    "error.rank_twice",
                    field=Msg("field.rankings.rank"),
                    value=place,
                    allowed=titles.get(taken[place], taken[place]),
                    other=titles.get(need, need),
                )
            taken[place] = need
        ctx.by = ctx.current(Participant, participant).name
        rows = [{"participant": participant, "need": n, "rank": p} for n, p in places.items()]
        return [ctx.put(Ranking, row)[0] for row in rows]

    return ws.write(work, action="edit")
