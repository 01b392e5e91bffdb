"""Paper counted too: a facilitator's tally of dots or votes given on paper, by people without a
phone, so they count in the results and in the participation and influence figures alike.

A tally is what a paper sheet says: how many dots each need got, or how many votes each
activity, from named participants or from an anonymous group whose composition is known (so
many women and men, so many of them youth). An anonymous group joins the room as that many
unnamed participants (never named in a handout), each with their gender and age group; the
tally is then shared out over its people in turn, one count at a time, so every person holds
about the same number and each kind's own rule (the dot budget, the ballot) checks every one of
them. The participants, their dots or votes and the tally are one change: undone at once.

Only the facilitator enters a tally: the store refuses a trainee's workshop before anything is
written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from planning.errors import Msg, ValidationError
from planning.i18n import t
from planning.records import AGE_GROUPS, GENDERS, Participant, Record, kind_class

if TYPE_CHECKING:
    from planning.store import Workshop
    from planning.store.writes import WriteContext

PAPER_KINDS = ("dot_votes", "activity_votes")
"""The kinds a paper tally may hold: a participant's count on one need or one activity."""


@dataclass(frozen=True)
class PaperGroup:
    """People who voted on one paper sheet, not named: ``name`` (the sheet's), and how many of
    each (gender, age group) there were (``{("female", "youth"): 2, ("male", "adult"): 3}``)."""

    name: str
    composition: Mapping[tuple[str, str], int] = field(default_factory=dict)
    dusun: str = ""

    def members(self) -> list[tuple[str, str]]:
        """Give each person's (gender, age group), in the order of the composition."""
        return [pair for pair, n in self.composition.items() for _ in range(int(n))]


def share_out(counts: Mapping[str, int], people: int) -> list[tuple[int, str, int]]:
    """Give (person, target, count) shares of a tally over ``people`` people: one count at a
    time to the next person in turn, so nobody holds more than one more than another.

    Examples
    --------
    >>> share_out({"water": 3, "road": 2}, 2)
    [(0, 'water', 2), (1, 'water', 1), (1, 'road', 1), (0, 'road', 1)]
    >>> share_out({"water": 1}, 3)
    [(0, 'water', 1)]
    """
    out: dict[tuple[int, str], int] = {}
    turn = 0
    for target, count in counts.items():
        for _ in range(int(count)):
            key = (turn % people, target)
            out[key] = out.get(key, 0) + 1
            turn += 1
    return [(person, target, n) for (person, target), n in out.items()]


def paper_tally(
    ws: Workshop,
    kind: str,
    counts: Mapping[str, int],
    *,
    people: Sequence[str] = (),
    group: PaperGroup | None = None,
    by: str | None = None,
) -> list[Record]:
    """Store a paper tally of ``kind`` (dots on needs, votes on activities): ``counts`` by need
    or activity (name or id), from the named ``people`` or from an anonymous ``group``; give the
    records written. Refused on a trainee's workshop, or when a count is not a whole number."""
    lang = ws.lang
    ws.refuse_trainee(Msg("field.paper.tally"), t(f"kind.{kind}", lang), Msg("allowed.paper"))
    if kind not in PAPER_KINDS:
        raise ValidationError(
            field=Msg("field.paper.kind"),
            value=kind,
            allowed=[Msg(f"kind.{k}") for k in PAPER_KINDS],
        )
    cls = kind_class(kind)
    target = next(k for k in cls.key_fields() if k != "participant")
    clean: dict[str, int] = {}
    for name, count in counts.items():
        text = str(count).strip()
        if not text.isdigit():
            raise ValidationError(
                field=Msg(f"field.{kind}.{cls.COUNT}"),
                value=text,
                allowed=Msg("allowed.whole_number_from", low=0),
            )
        if int(text):
            clean[str(name)] = clean.get(str(name), 0) + int(text)
    if group is not None and not group.name.strip():
        raise ValidationError(
            field=Msg("field.paper.group_name"), value="", allowed=Msg("allowed.paper_group_name")
        )
    members = group.members() if group is not None else []
    for gender, age in members:
        if gender not in GENDERS or age not in AGE_GROUPS:
            raise ValidationError(
                field=Msg("field.paper.composition"),
                value=f"{gender}/{age}",
                allowed=[Msg(f"gender.{g}") for g in GENDERS]
                + [Msg(f"age_group.{a}") for a in AGE_GROUPS],
            )
    if not (people or members):
        raise ValidationError(
            field=Msg("field.paper.people"), value="0", allowed=Msg("allowed.paper_people")
        )

    def work(ctx: WriteContext) -> list[Record]:
        written: list[Record] = []
        voters: list[str] = list(people)
        if group is not None:
            for i, (gender, age) in enumerate(members, start=1):
                member = {
                    "name": t("paper.member", lang, group=group.name, n=i),
                    "gender": gender,
                    "age_group": age,
                    "dusun": group.dusun,
                    "consent": False,
                }
                added = ctx.add(Participant, member)
                written.append(added)
                voters.append(added.id)
        for turn, name, count in share_out(clean, len(voters)):
            who = ctx.resolve(Participant.KIND, voters[turn], "participant", kind)
            what = ctx.resolve(_ref(cls, target), name, target, kind)
            old = ctx.find(cls, participant=who, **{target: what})
            before = int(getattr(old, cls.COUNT)) if old is not None else 0
            raw: dict[str, Any] = {"participant": who, target: what, cls.COUNT: before + count}
            written.append(ctx.put(cls, raw)[0])
        return written

    return ws.write(
        work, action="add", by=by, summary=t("paper.summary", lang, kind=t(f"kind.{kind}", lang))
    )


def _ref(cls: type[Record], name: str) -> str:
    return str(cls.specs()[name].ref)
