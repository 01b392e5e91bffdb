"""The records of the needs assessment: needs, criteria, scores, dots, pairs, rankings, trees."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from planning.needs.methods.tree import ROLES as TREE_ROLES
from planning.records import Record, field, participant_ref, ref_field

CATEGORIES = (
    "social",
    "economic",
    "health",
    "education",
    "infrastructure",
    "environment",
    "governance",
    "other",
)
CRITERIA_PRESETS: dict[str, tuple[str, ...]] = {
    # The five criteria Indonesian village problem-scoring uses, and USG.
    "desa": ("felt_by_many", "severe", "hinders_income", "frequent", "local_potential"),
    "usg": ("urgency", "seriousness", "growth"),
}

# How many needs of the priority order are the priorities, unless the workshop says.
DEFAULT_PRIORITIES = 3
PRIORITIES_SETTING = "top_n"
"""The setting that says how many needs are the priorities: one value for the whole workshop,
set among the plan's settings (``plan_settings``, where facilitators and stored workshops
already keep it) and read by the needs stage's result, which the map and the plan follow."""


def priority_count(settings: Mapping[str, str]) -> int:
    """Give how many needs are the priorities, from the workshop's stored settings
    (``setting -> value`` of its ``plan_settings`` records).

    Examples
    --------
    >>> priority_count({"top_n": "5"}), priority_count({}), priority_count({"top_n": ""})
    (5, 3, 3)
    """
    value = str(settings.get(PRIORITIES_SETTING, "")).strip()
    return int(value) if value.isdigit() and int(value) > 0 else DEFAULT_PRIORITIES


def need_ref() -> object:
    """A required reference to a need, part of the record's key."""
    return ref_field("needs", "kebutuhan", "masalah")


@dataclass(frozen=True, kw_only=True)
class Need(Record):
    """A need (masalah / kebutuhan) the community named."""

    KIND: ClassVar[str] = "needs"
    TRAINEE: ClassVar[str] = "add"
    OWNER: ClassVar[str] = "proposed_by"
    title: str = field(
        type="text",
        required=True,
        max_len=100,
        key=True,
        aliases=("judul", "kebutuhan", "masalah", "need"),
    )
    description: str = field(type="longtext", max_len=1000, aliases=("uraian", "keterangan"))
    category: str = field(
        "other", type="choice", choices=CATEGORIES, group="category", aliases=("bidang", "kategori")
    )
    dusun: str = field(type="text", max_len=60, aliases=("lokasi", "location"))
    households: int = field(
        0,
        type="int",
        low=0,
        high=100000,
        aliases=("kk_terdampak", "jumlah_kk", "households_affected"),
    )
    proposed_by: str = field(type="text", max_len=80, aliases=("diusulkan_oleh", "pengusul"))


@dataclass(frozen=True, kw_only=True)
class Criterion(Record):
    """A criterion needs are scored against, with its weight."""

    KIND: ClassVar[str] = "criteria"
    name: str = field(
        type="text", required=True, max_len=80, key=True, aliases=("nama", "kriteria")
    )
    weight: float = field(1.0, type="float", low=0, high=100, aliases=("bobot",))
    description: str = field(type="longtext", max_len=500, aliases=("uraian", "keterangan"))


@dataclass(frozen=True, kw_only=True)
class Score(Record):
    """A score from 1 to 5 that a participant or small group gave a need on one criterion."""

    KIND: ClassVar[str] = "scores"
    TRAINEE: ClassVar[str] = "own"
    OWNER: ClassVar[str] = "rater"
    rater: str = field(
        type="text",
        required=True,
        max_len=80,
        key=True,
        aliases=("penilai", "peserta", "kelompok", "participant", "group"),
    )
    need: str = need_ref()  # type: ignore[assignment]
    criterion: str = ref_field("criteria", "kriteria", max_len=80)
    value: int = field(None, type="int", required=True, low=1, high=5, aliases=("nilai", "skor"))


@dataclass(frozen=True, kw_only=True)
class DotVote(Record):
    """The dots one participant put on one need."""

    KIND: ClassVar[str] = "dot_votes"
    TRAINEE: ClassVar[str] = "own"
    OWNER: ClassVar[str] = "participant"
    COUNT: ClassVar[str] = "dots"
    participant: str = participant_ref()
    need: str = need_ref()  # type: ignore[assignment]
    dots: int = field(1, type="int", low=0, high=50, aliases=("titik", "jumlah_titik"))


@dataclass(frozen=True, kw_only=True)
class Pairwise(Record):
    """The group's decision between two needs: the winner, or a tie (empty winner)."""

    KIND: ClassVar[str] = "pairwise"
    TRAINEE: ClassVar[str] = "add"
    UNORDERED_KEY: ClassVar[bool] = True
    need_a: str = ref_field("needs", "kebutuhan_a", "a")
    need_b: str = ref_field("needs", "kebutuhan_b", "b")
    winner: str = field(
        type="ref", ref="needs", max_len=100, tie=True, aliases=("pemenang", "lebih_penting")
    )


@dataclass(frozen=True, kw_only=True)
class Ranking(Record):
    """The place one participant gave one need in their own order (1 = most important)."""

    KIND: ClassVar[str] = "rankings"
    TRAINEE: ClassVar[str] = "own"
    OWNER: ClassVar[str] = "participant"
    participant: str = participant_ref()
    need: str = need_ref()  # type: ignore[assignment]
    rank: int = field(
        None, type="int", required=True, low=1, high=500, aliases=("peringkat", "urutan")
    )


@dataclass(frozen=True, kw_only=True)
class TreeNode(Record):
    """A cause or effect of a need in its problem tree; ``parent`` names the node it feeds."""

    KIND: ClassVar[str] = "problem_tree"
    need: str = need_ref()  # type: ignore[assignment]
    text: str = field(type="text", required=True, max_len=160, key=True, aliases=("teks", "uraian"))
    role: str = field(
        "cause", type="choice", choices=TREE_ROLES, group="tree_role", aliases=("peran", "jenis")
    )
    parent: str = field(type="text", max_len=160, aliases=("induk",))


KINDS = (Need, Criterion, Score, DotVote, Pairwise, Ranking, TreeNode)
