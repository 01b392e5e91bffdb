"""The records of the needs assessment: needs, criteria, scores, dots, pairs, rankings, trees."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from planning.needs.methods.tree import ROLES as TREE_ROLES
from planning.records import (
    ParticipantsOwn,
    Record,
    choice_field,
    count_field,
    name_field,
    number_field,
    origin_field,
    ref_field,
    text_field,
)

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


def need_ref() -> Any:
    """A required reference to a need, part of the record's key."""
    return ref_field("needs", "kebutuhan", "masalah")


@dataclass(frozen=True, kw_only=True)
class Need(Record):
    """A need (masalah / kebutuhan) the community named."""

    KIND: ClassVar[str] = "needs"
    TRAINEE: ClassVar[str] = "add"
    OWNER: ClassVar[str] = "proposed_by"
    ORIGIN: ClassVar[str] = "origin"
    title: str = name_field(100, "judul", "kebutuhan", "masalah", "need")
    description: str = text_field(1000, "uraian", "keterangan", long=True)
    category: str = choice_field("category", CATEGORIES, "bidang", "kategori", default="other")
    dusun: str = text_field(60, "lokasi", "location")
    households: int = count_field(
        0, "kk_terdampak", "jumlah_kk", "households_affected", high=100000
    )
    proposed_by: str = text_field(80, "diusulkan_oleh", "pengusul")
    origin: str = origin_field()


@dataclass(frozen=True, kw_only=True)
class Criterion(Record):
    """A criterion needs are scored against, with its weight."""

    KIND: ClassVar[str] = "criteria"
    name: str = name_field(80, "nama", "kriteria")
    weight: float = number_field(1.0, "bobot", low=0, high=100)
    description: str = text_field(500, "uraian", "keterangan", long=True)


@dataclass(frozen=True, kw_only=True)
class Score(Record):
    """A score from 1 to 5 that a participant or small group gave a need on one criterion."""

    KIND: ClassVar[str] = "scores"
    TRAINEE: ClassVar[str] = "own"
    OWNER: ClassVar[str] = "rater"
    rater: str = name_field(80, "penilai", "peserta", "kelompok", "participant", "group")
    need: str = need_ref()
    criterion: str = ref_field("criteria", "kriteria", max_len=80)
    value: int = count_field(None, "nilai", "skor", required=True, high=5, low=1)


@dataclass(frozen=True, kw_only=True)
class DotVote(ParticipantsOwn):
    """The dots one participant put on one need."""

    KIND: ClassVar[str] = "dot_votes"
    COUNT: ClassVar[str] = "dots"
    need: str = need_ref()
    dots: int = count_field(1, "titik", "jumlah_titik", high=50)


@dataclass(frozen=True, kw_only=True)
class Pairwise(Record):
    """The group's decision between two needs: the winner, or a tie (empty winner), and why
    (PRA asks "why?" at every pair: the reasons become the criteria of a scoring matrix)."""

    KIND: ClassVar[str] = "pairwise"
    TRAINEE: ClassVar[str] = "add"
    UNORDERED_KEY: ClassVar[bool] = True
    need_a: str = ref_field("needs", "kebutuhan_a", "a")
    need_b: str = ref_field("needs", "kebutuhan_b", "b")
    winner: str = ref_field(
        "needs", "pemenang", "lebih_penting", key=False, required=False, tie=True
    )
    reason: str = text_field(200, "alasan", "mengapa", "why")


@dataclass(frozen=True, kw_only=True)
class Ranking(ParticipantsOwn):
    """The place one participant gave one need in their own order (1 = most important)."""

    KIND: ClassVar[str] = "rankings"
    need: str = need_ref()
    rank: int = count_field(None, "peringkat", "urutan", required=True, high=500, low=1)


@dataclass(frozen=True, kw_only=True)
class TreeNode(Record):
    """A cause or effect of a need in its problem tree; ``parent`` names the node it feeds."""

    KIND: ClassVar[str] = "problem_tree"
    need: str = need_ref()
    text: str = name_field(160, "teks", "uraian")
    role: str = choice_field("tree_role", TREE_ROLES, "peran", "jenis", default="cause")
    parent: str = text_field(160, "induk")


KINDS = (Need, Criterion, Score, DotVote, Pairwise, Ranking, TreeNode)
