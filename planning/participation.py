"""Who contributed to each step, against who was in the room: the first outcome, participation.

For every kind of input a stage records (needs, scores, dots, pairs, rankings, actors, links,
activities...), each record is credited to the participant it belongs to (its participant
field) or who entered it (``entered_by``, matched to a participant's name). Contributions are
then counted by gender, age group, group and dusun and set against each category's share of
the room. A category with at least a tenth of the room whose share of the inputs is under half
of its share of the room is flagged, with the counts, so the facilitator can invite those voices.
Poor-household and PKH status are counted the same way, never shown per person.

The counting is pandas (``crosstab``); pandas is imported when a result is asked for.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from planning import stages
from planning.records import Participant, Record, normalise_name

if TYPE_CHECKING:
    import pandas as pd

    from planning.store import Workshop

DIMENSIONS = ("gender", "age_group", "group", "dusun", "poor_household", "pkh")
SENSITIVE_DIMENSIONS = frozenset({"poor_household", "pkh"})
# A category with at least this share of the room is flagged when its share of the inputs is
# under UNDER times its share of the room (a third of the room, a tenth of the inputs: flagged).
MIN_SHARE = 0.10
UNDER = 0.5
# Kinds that are the facilitator's set-up or the workshop itself, not a participant's input.
NOT_INPUTS = frozenset({"workshop", "participants", "criteria"})


@dataclass(frozen=True)
class Flag:
    """A category whose share of a step's inputs is well under its share of the room."""

    step: str
    dimension: str
    category: str
    people: int  # in the room
    room: int  # everyone in the room
    inputs: int  # inputs from this category in the step
    total_inputs: int  # every participant's input in the step

    @property
    def room_share(self) -> float:
        return self.people / self.room if self.room else 0.0

    @property
    def input_share(self) -> float:
        return self.inputs / self.total_inputs if self.total_inputs else 0.0


def credit(records: Sequence[Record], people: Sequence[Participant]) -> list[str]:
    """Give the participant id each record is credited to ("" for the facilitator or a group).

    A record with a reference to a participant belongs to that participant; one whose owner
    field (``OWNER``: a need's proposer, a score's rater) names a participant to them; any
    other record to the participant whose name entered it.

    Examples
    --------
    >>> from planning.records import Participant
    >>> ani = Participant(id="p1", name="Ani")
    >>> from planning.needs.records import Need
    >>> credit([Need(id="n1", title="Air", entered_by=" ani "),
    ...         Need(id="n2", title="Jalan", entered_by="facilitator"),
    ...         Need(id="n3", title="Sumur", entered_by="facilitator", proposed_by="Ani")], [ani])
    ['p1', '', 'p1']
    """
    by_name = {normalise_name(p.name): p.id for p in people}
    out = []
    for record in records:
        cls = type(record)
        owner = next(
            (
                getattr(record, name)
                for name, spec in cls.specs().items()
                if spec.type == "ref" and spec.ref == Participant.KIND
            ),
            None,
        )
        if not owner and cls.OWNER and cls.OWNER in cls.field_names():
            owner = by_name.get(normalise_name(str(getattr(record, cls.OWNER))), "")
        out.append(owner if owner else by_name.get(normalise_name(record.entered_by), ""))
    return out


def inputs_by_step(ws: Workshop) -> dict[str, list[str]]:
    """Give, per step (kind of input) with any input, the participant id each input came from."""
    people = ws.records(Participant)
    out: dict[str, list[str]] = {}
    for kind, cls in stages.kinds().items():
        if kind in NOT_INPUTS:
            continue
        credited = [who for who in credit(ws.snapshot(cls), people) if who]
        if credited:
            out[kind] = credited
    return out


def participation_frame(
    people: Sequence[Participant], inputs: Mapping[str, Sequence[str]]
) -> pd.DataFrame:
    """Give one row per step, dimension and category: people in the room, inputs, shares.

    Examples
    --------
    Three women and six men; one woman gives 1 of the 10 needs:

    >>> from planning.records import Participant
    >>> room = [Participant(id=f"w{i}", name=f"W{i}", gender="female") for i in range(3)]
    >>> room += [Participant(id=f"m{i}", name=f"M{i}", gender="male") for i in range(6)]
    >>> df = participation_frame(room, {"needs": ["w0"] + ["m0"] * 9})
    >>> row = df[(df.dimension == "gender") & (df.category == "female")].iloc[0]
    >>> int(row.people), int(row.inputs)
    (3, 1)
    >>> f"{row.room_share:.2f} {row.input_share:.2f}"
    '0.33 0.10'
    >>> bool(row.flagged)
    True
    """
    import pandas as pd

    room = pd.DataFrame(
        [{d: getattr(p, d) for d in DIMENSIONS} | {"id": p.id} for p in people],
        columns=["id", *DIMENSIONS],
    ).set_index("id")
    rows = []
    for step, who in inputs.items():
        given = pd.Series(list(who), dtype="string")
        given = given[given.isin(room.index)]
        for dimension in DIMENSIONS:
            in_room = room[dimension].astype(str).value_counts()
            from_them = room.loc[given, dimension].astype(str).value_counts()
            for category, count in in_room.items():
                rows.append(
                    {
                        "step": step,
                        "dimension": dimension,
                        "category": category,
                        "people": int(count),
                        "room": len(room),
                        "inputs": int(from_them.get(category, 0)),
                        "total_inputs": len(given),
                    }
                )
    df = pd.DataFrame(
        rows,
        columns=["step", "dimension", "category", "people", "room", "inputs", "total_inputs"],
    )
    df["room_share"] = df["people"] / df["room"].where(df["room"] > 0)
    df["input_share"] = df["inputs"] / df["total_inputs"].where(df["total_inputs"] > 0)
    df["flagged"] = (df["room_share"] >= MIN_SHARE) & (df["input_share"] < UNDER * df["room_share"])
    return df


def flags(df: pd.DataFrame) -> list[Flag]:
    """Give the flagged rows of a participation frame, the most under-heard first."""
    flagged = df[df["flagged"]].assign(gap=df["input_share"] / df["room_share"])
    return [
        Flag(r.step, r.dimension, r.category, r.people, r.room, r.inputs, r.total_inputs)
        for r in flagged.sort_values(["gap", "step"]).itertuples()
    ]


def participation(ws: Workshop) -> tuple[pd.DataFrame, list[Flag]]:
    """Give the participation frame of a workshop and its flags."""
    df = participation_frame(ws.records(Participant), inputs_by_step(ws))
    return df, flags(df)


def participation_part(ws: Workshop) -> dict[str, Any]:
    """Give participation as plain data: per step, the inputs per category and the flags.

    Poor-household and PKH status appear only as counts of inputs from those households.
    """
    df, found = participation(ws)
    steps: dict[str, Any] = {}
    for step, rows in df.groupby("step", sort=False):
        steps[str(step)] = {
            dimension: {
                str(r.category): {"people": int(r.people), "inputs": int(r.inputs)}
                for r in part.itertuples()
            }
            for dimension, part in rows.groupby("dimension", sort=False)
        }
    return {
        "steps": steps,
        "flags": [
            {
                "step": f.step,
                "dimension": f.dimension,
                "category": f.category,
                "people": f.people,
                "room": f.room,
                "inputs": f.inputs,
                "total_inputs": f.total_inputs,
            }
            for f in found
        ],
    }
