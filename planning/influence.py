"""Influence where decisions are made: whose needs, whose votes, whose plan.

Participation (:mod:`planning.participation`) counts who gave inputs; this counts whose
proposals and votes the decisions carried. Each stage declares its decisions (``Stage.decisions``,
``function(ws)`` giving :class:`Decision` s built from its one result): the needs proposed, the
priority needs, the criteria and their weights, the dots, scores, pairs and rankings, the
activities proposed, the votes on them and the activities funded within the ceilings. Each
decision's credits (a participant's id and a weight: dots, votes, a criterion's weight) are
counted by gender, age group, group, dusun, poor household and PKH and set against each
category's share of the room.

The women's target (PNPM Mandiri Perdesaan's 40%) is a setting of the plan
(:data:`TARGET_SETTING`, in percent); a decision where women's share is under it is a
:class:`Shortfall`, with the counts. A category of fewer than :data:`MIN_GROUP` people in the
room is never shown as a share or a count ("< 5"); poor-household and PKH status are only
counted, never per person, and shown only when both they and the rest of the room are at least
:data:`MIN_GROUP`.

Pure Python over the stages' results: nothing here imports pandas.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from planning import stages
from planning.i18n import fmt_number, fmt_rupiah_short, label, t
from planning.participation import DIMENSIONS, SENSITIVE_DIMENSIONS, credit
from planning.records import MKP, Participant, Record

if TYPE_CHECKING:
    from planning.store import Workshop

MIN_GROUP = 5
"""The fewest people a category may have in the room to be shown as a share or a count."""
TARGET_SETTING = "women_target"
"""The plan's setting holding the women's target, in percent of each decision."""
DEFAULT_TARGET = 40
HIDDEN = "< 5"
# The path from proposal to funding, in order, as the decisions the stages declare are keyed.
PATH = ("needs_proposed", "needs_top", "activities_proposed", "activities_funded")
# What became of a women's deliberation's proposals: the path, then the DU-RKPDesa.
MKP_PATH = (*PATH, "musrenbang")


@dataclass(frozen=True)
class Credit:
    """One part of a decision credited to a participant (``who`` "" for nobody in the room):
    its weight (a need: 1; dots, votes: their number; a criterion: its weight) and, for an
    activity, its cost."""

    who: str
    weight: float = 1.0
    amount: int = 0
    origin: str = ""  # "mkp": proposed in a women's deliberation (or answering such a need)


@dataclass(frozen=True)
class Decision:
    """A decision a stage records, as its credits; ``key`` names it in the words
    (``influence.decision.<key>``)."""

    key: str
    credits: tuple[Credit, ...]


def credits(records: Sequence[Record], people: Sequence[Participant]) -> tuple[Credit, ...]:
    """Give one credit of weight 1 per record, to whoever :func:`planning.participation.credit`
    says it belongs to."""
    return tuple(Credit(who) for who in credit(records, people))


@dataclass(frozen=True)
class Share:
    """One category's part of one decision beside its part of the room."""

    dimension: str
    category: str
    people: int  # of this category in the room
    room: int
    given: float  # the weight credited to this category
    total: float  # the weight of the whole decision (credited to anyone)
    amount: int = 0
    total_amount: int = 0

    @property
    def hidden(self) -> bool:
        """Whether the category is too small to be shown (fewer than ``MIN_GROUP``); a poor
        household's or PKH family's count is also hidden when the rest of the room is under
        ``MIN_GROUP``, since it would then say who the few others are."""
        if self.people < MIN_GROUP:
            return True
        return self.dimension in SENSITIVE_DIMENSIONS and self.room - self.people < MIN_GROUP

    @property
    def room_share(self) -> float:
        return self.people / self.room if self.room else 0.0

    @property
    def share(self) -> float:
        return self.given / self.total if self.total else 0.0


@dataclass(frozen=True)
class Measured:
    """A decision counted: its total weight and amount, and every category's share."""

    key: str
    total: float
    total_amount: int
    shares: tuple[Share, ...]
    unattributed: float = 0.0  # the weight credited to nobody in the room
    mkp: float = 0.0  # the weight of what a women's deliberation (MKP) proposed
    mkp_amount: int = 0

    def share(self, dimension: str, category: str) -> Share | None:
        """Give one category's share (None when nobody of it is in the room)."""
        return next(
            (s for s in self.shares if s.dimension == dimension and s.category == category), None
        )


@dataclass(frozen=True)
class Shortfall:
    """A decision in which women's share is under the target, with the counts."""

    decision: str
    people: int  # women in the room
    room: int
    given: float
    total: float
    target: int  # percent

    @property
    def share(self) -> float:
        return self.given / self.total if self.total else 0.0


@dataclass(frozen=True)
class Influence:
    """Every decision counted, the women's target and where it was not reached."""

    room: int
    women: int
    target: int  # percent
    decisions: tuple[Measured, ...]
    shortfalls: tuple[Shortfall, ...]

    def decision(self, key: str) -> Measured | None:
        return next((d for d in self.decisions if d.key == key), None)

    @property
    def too_few_women(self) -> bool:
        """Whether fewer than ``MIN_GROUP`` women are in the room (no share can be shown)."""
        return self.room > 0 and self.women < MIN_GROUP


def measure(
    people: Sequence[Participant], decisions: Sequence[Decision], target: int = DEFAULT_TARGET
) -> Influence:
    """Give each decision's shares by category, and the decisions short of the women's target.

    Examples
    --------
    Ten people, five of them women; women proposed 1 of 8 needs:

    >>> room = [Participant(id=f"p{i}", name=f"P{i}", gender="female" if i < 5 else "male")
    ...         for i in range(10)]
    >>> needs = Decision("needs_proposed", tuple(Credit(f"p{i}") for i in (0, 5, 5, 6, 6, 7, 8, 9)))
    >>> found = measure(room, [needs])
    >>> women = found.decision("needs_proposed").share("gender", "female")
    >>> women.given, women.total, f"{women.share:.1%}", f"{women.room_share:.0%}"
    (1.0, 8.0, '12.5%', '50%')
    >>> [(s.decision, s.given, s.total, s.target) for s in found.shortfalls]
    [('needs_proposed', 1.0, 8.0, 40)]
    """
    room = {p.id: p for p in people}
    in_room: dict[tuple[str, str], int] = defaultdict(int)
    for p in people:
        for dimension in DIMENSIONS:
            in_room[(dimension, str(getattr(p, dimension)))] += 1
    women = in_room.get(("gender", "female"), 0)
    measured = []
    shortfalls = []
    for decision in decisions:
        # The whole decision counts, what nobody in the room is credited with included (a
        # need the facilitator typed): "1 of 9 activities", not "1 of 1".
        counted = [c for c in decision.credits if c.who in room]
        total = float(sum(c.weight for c in decision.credits))
        total_amount = sum(c.amount for c in decision.credits)
        given: dict[tuple[str, str], float] = defaultdict(float)
        amount: dict[tuple[str, str], int] = defaultdict(int)
        for c in counted:
            for dimension in DIMENSIONS:
                key = (dimension, str(getattr(room[c.who], dimension)))
                given[key] += c.weight
                amount[key] += c.amount
        shares = tuple(
            Share(d, cat, n, len(room), given[(d, cat)], total, amount[(d, cat)], total_amount)
            for (d, cat), n in in_room.items()
        )
        unattributed = total - sum(c.weight for c in counted)
        mkp = [c for c in decision.credits if c.origin == MKP]
        measured.append(
            Measured(
                decision.key,
                total,
                total_amount,
                shares,
                unattributed,
                float(sum(c.weight for c in mkp)),
                sum(c.amount for c in mkp),
            )
        )
        w = given[("gender", "female")]
        # A decision credited to nobody in the room (the group's pairs the facilitator typed)
        # says nothing of whose voice carried it: no shortfall is found in it.
        if counted and total and women >= MIN_GROUP and w / total < target / 100:
            shortfalls.append(Shortfall(decision.key, women, len(room), w, total, target))
    return Influence(len(room), women, target, tuple(measured), tuple(shortfalls))


def women_target(ws: Workshop) -> int:
    """Give the women's target in percent: the plan's setting, else ``DEFAULT_TARGET``."""
    if "plan_settings" not in stages.kinds():
        return DEFAULT_TARGET
    settings: tuple[Any, ...] = ws.snapshot("plan_settings")
    for record in settings:
        if getattr(record, "setting", "") == TARGET_SETTING:
            value = str(getattr(record, "value", "")).strip()
            if value.isdigit() and 0 <= int(value) <= 100:
                return int(value)
    return DEFAULT_TARGET


def decisions(ws: Workshop) -> tuple[Decision, ...]:
    """Give every decision every stage declares, in workshop order."""
    out: list[Decision] = []
    for stage in stages.stages():
        found = stage.resolve("decisions")
        if found is not None:
            out += found(ws)
    return tuple(out)


def influence(ws: Workshop) -> Influence:
    """Give the workshop's decisions counted (see :func:`measure`)."""
    return measure(ws.snapshot(Participant), decisions(ws), women_target(ws))


# --- in words -------------------------------------------------------------------------------


def who(dimension: str, category: str, lang: str) -> str:
    """Give a category as people are called in a sentence ("women", "youth", "Dusun Krajan")."""
    if dimension == "dusun":
        return t("influence.who.dusun", lang, dusun=category or "-")
    if dimension in SENSITIVE_DIMENSIONS:
        return t(f"influence.who.{dimension}", lang)
    key = f"influence.who.{dimension}.{category}"
    found = t(key, lang)
    return found if found != key else label(dimension, category, lang)


def count_text(value: float, lang: str) -> str:
    """Give a weight as a number: whole when whole.

    Examples
    --------
    >>> count_text(3.0, "en"), count_text(2.5, "id")
    ('3', '2,5')
    """
    return fmt_number(value, lang, 0 if float(value).is_integer() else 1)


def path_text(found: Influence, dimension: str, category: str, lang: str) -> str:
    """Give the path from proposal to funding for one category, in words ("" when the
    category is too small to show, or no decision on the path was recorded).

    "Women proposed 3 of 8 needs; 1 of the 3 top needs; 2 of 9 activities; 1 of 6 funded
    activities (Rp40 million of Rp719 million)".
    """
    parts = []
    for key in PATH:
        measured = found.decision(key)
        share = measured.share(dimension, category) if measured else None
        if measured is None or not measured.total:
            continue
        if share is None:
            share = Share(dimension, category, 0, found.room, 0.0, measured.total)
        if share.hidden:
            return ""
        parts.append(
            t(
                f"influence.path.{key}",
                lang,
                given=count_text(share.given, lang),
                total=count_text(share.total, lang),
                amount=fmt_rupiah_short(share.amount, lang),
                total_amount=fmt_rupiah_short(share.total_amount, lang),
            )
        )
    if not parts:
        return ""
    return _capital(
        t("influence.path", lang, who=who(dimension, category, lang), parts="; ".join(parts))
    )


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def mkp_steps(found: Influence) -> list[dict[str, Any]]:
    """Give what became of the women's deliberation's proposals, decision by decision along
    ``MKP_PATH`` (none when it proposed nothing)."""
    steps = []
    for key in MKP_PATH:
        d = found.decision(key)
        if d is None or not d.total:
            continue
        step: dict[str, Any] = {"decision": key, "given": d.mkp, "total": d.total}
        if d.total_amount:
            step |= {"amount": d.mkp_amount, "total_amount": d.total_amount}
        steps.append(step)
    return steps if any(step["given"] for step in steps) else []


def steps_text(steps: Sequence[dict[str, Any]], lang: str) -> str:
    """Give path steps in words, joined: "1 of 8 needs; 1 of the 3 priority needs"."""
    return "; ".join(
        t(
            f"influence.path.{step['decision']}",
            lang,
            given=count_text(step["given"], lang),
            total=count_text(step["total"], lang),
            amount=fmt_rupiah_short(step.get("amount", 0), lang),
            total_amount=fmt_rupiah_short(step.get("total_amount", 0), lang),
        )
        for step in steps
    )


def mkp_text(found: Influence, lang: str) -> str:
    """Give what became of the women's deliberation's proposals in words ("" for none)."""
    steps = mkp_steps(found)
    return t("influence.mkp_path", lang, parts=steps_text(steps, lang)) if steps else ""


def share_text(share: Share | None, lang: str) -> str:
    """Give a share as "given of total (share; room)" or "< 5" for a small category."""
    if share is None or share.hidden:
        return HIDDEN
    return t(
        "influence.share",
        lang,
        given=count_text(share.given, lang),
        total=count_text(share.total, lang),
        share=f"{share.share:.0%}",
        room=f"{share.room_share:.0%}",
    )


def shortfall_text(s: Shortfall, lang: str) -> str:
    """Give a shortfall as a finding, with the counts."""
    return t(
        "influence.shortfall",
        lang,
        decision=t(f"influence.decision.{s.decision}", lang),
        given=count_text(s.given, lang),
        total=count_text(s.total, lang),
        share=f"{s.share:.0%}",
        target=s.target,
        people=s.people,
        room=s.room,
    )


def findings_text(found: Influence, lang: str) -> list[str]:
    """Give every finding in words: each shortfall, or that too few women are in the room."""
    if found.too_few_women:
        return [t("influence.few_women", lang, n=MIN_GROUP, room=found.room)]
    return [shortfall_text(s, lang) for s in found.shortfalls]


# --- as plain data --------------------------------------------------------------------------


def influence_part(ws: Workshop) -> dict[str, Any]:
    """Give influence as plain data for ``planning summary --json``: per decision its totals and
    each category's counts (a category under ``MIN_GROUP`` people as ``"< 5"``, never a
    share), the women's path, and the shortfalls with their counts."""
    found = influence(ws)

    def number(x: float) -> float | int:
        return int(x) if float(x).is_integer() else round(x, 2)

    out: dict[str, Any] = {}
    for d in found.decisions:
        by: dict[str, dict[str, Any]] = defaultdict(dict)
        for s in d.shares:
            if s.dimension in SENSITIVE_DIMENSIONS and s.category != "True":
                continue
            if s.hidden:
                by[s.dimension][s.category] = {"people": HIDDEN}
                continue
            by[s.dimension][s.category] = {
                "people": s.people,
                "given": number(s.given),
                "share": round(s.share, 4),
                "room_share": round(s.room_share, 4),
            } | ({"amount": s.amount} if d.total_amount else {})
        out[d.key] = {"total": number(d.total), "unattributed": number(d.unattributed)} | (
            {"amount": d.total_amount} if d.total_amount else {}
        )
        out[d.key]["by"] = dict(by)
    path: list[dict[str, Any]] = []
    for key in PATH:
        measured = found.decision(key)
        if measured is None or not measured.total:
            continue
        women = measured.share("gender", "female")
        if women is None or women.hidden:
            path = []
            break
        step: dict[str, Any] = {
            "decision": key,
            "given": number(women.given),
            "total": number(women.total),
        }
        if measured.total_amount:
            step |= {"amount": women.amount, "total_amount": measured.total_amount}
        path.append(step)
    return {
        "room": found.room,
        "target": found.target,
        "women": found.women if found.women >= MIN_GROUP else HIDDEN,
        "decisions": out,
        "women_path": path,
        "shortfalls": [
            {
                "decision": s.decision,
                "women": s.people,
                "room": s.room,
                "given": number(s.given),
                "total": number(s.total),
                "share": round(s.share, 4),
                "target": s.target,
            }
            for s in found.shortfalls
        ],
        "too_few_women": found.too_few_women,
        "mkp": [
            {k: number(v) if isinstance(v, float) else v for k, v in step.items()}
            for step in mkp_steps(found)
        ],
    }


def influence_lines(data: dict[str, Any], lang: str) -> list[str]:
    """Give the summary's influence lines in words (from :func:`influence_part`)."""
    lines = [t("influence.title", lang), "  " + t("influence.target", lang, target=data["target"])]
    path = data["women_path"]
    if path:
        parts = [
            t(
                f"influence.path.{step['decision']}",
                lang,
                given=count_text(step["given"], lang),
                total=count_text(step["total"], lang),
                amount=fmt_rupiah_short(step.get("amount", 0), lang),
                total_amount=fmt_rupiah_short(step.get("total_amount", 0), lang),
            )
            for step in path
        ]
        words = t("influence.path", lang, who=who("gender", "female", lang), parts="; ".join(parts))
        lines.append("  " + _capital(words))
    if data.get("mkp"):
        lines.append("  " + t("influence.mkp_path", lang, parts=steps_text(data["mkp"], lang)))
    if data["too_few_women"]:
        lines.append("  " + t("influence.few_women", lang, n=MIN_GROUP, room=data["room"]))
    for s in data["shortfalls"]:
        short = Shortfall(s["decision"], s["women"], s["room"], s["given"], s["total"], s["target"])
        lines.append("  " + shortfall_text(short, lang))
    return lines
