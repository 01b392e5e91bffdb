"""The records of the stakeholder map (Net-Map): actors, influence questions and towers, the
actors' goals per question, links and their types, map positions, and the resources each
priority need requires.

Codes and their Indonesian spellings: sectors, levels and stances are choices (labels
``stakeholders.<group>.<code>``); the resources an actor brings are several choices; a link's
type is one of the built-in types or a custom type the facilitator added (``link_types``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from planning.errors import ValidationError
from planning.needs.records import CATEGORIES
from planning.records import (
    Record,
    Spec,
    choice_field,
    coerce,
    count_field,
    flag_field,
    name_field,
    number_field,
    ref_field,
    text_field,
)
from planning.stakeholders.vocab import (
    INTEREST_MAX,
    LEVELS,
    LINK_TYPES,
    RESOURCES,
    SECTORS,
    STANCES,
    STRENGTH_MAX,
    TWO_WAY_TYPES,
)
from planning.stakeholders.vocab import STRATEGIES as STRATEGIES  # the plan's activities use it
from planning.stakeholders.vocab import TOWER_HIGH as TOWER_HIGH  # the plan's settings use them
from planning.stakeholders.vocab import TOWER_LOW as TOWER_LOW

# The level of an actor nobody placed (the field's default).
UNKNOWN_LEVEL = "unknown"
LINK_TYPE_GROUP = "stakeholders.link_type"

# Words people write for the codes, beside the labels in both languages (already normalised:
# lower case, spaces and dashes as "_").
CHOICE_ALIASES: dict[str, dict[str, str]] = {
    "stakeholders.sector": {
        "pemdes": "village_government",
        "pemerintah_desa": "village_government",
        "bpd": "village_government",
        "pemerintah": "government",
        "pemerintah_daerah": "government",
        "pemda": "government",
        "dinas": "government",
        "kecamatan": "government",
        "lsm": "ngo",
        "ornop": "ngo",
        "kelompok": "community_group",
        "kelompok_masyarakat": "community_group",
        "pokmas": "community_group",
        "koperasi": "cooperative",
        "bumdes": "cooperative",
        "cooperative_bumdes": "cooperative",
        "swasta": "private",
        "private_sector": "private",
        "perusahaan": "private",
        "akademisi": "academia",
        "universitas": "academia",
        "perguruan_tinggi": "academia",
        "lembaga_donor": "donor",
        "tokoh_agama": "religious_customary",
        "tokoh_adat": "religious_customary",
        "agama_adat": "religious_customary",
        "religious": "religious_customary",
        "customary": "religious_customary",
    },
    "stakeholders.level": {
        "hamlet": "dusun",
        "village": "desa",
        "district": "kecamatan",
        "subdistrict": "kecamatan",
        "regency": "kabupaten",
        "kota": "kabupaten",
        "province": "provinsi",
        "national": "nasional",
        "?": UNKNOWN_LEVEL,
    },
    "stakeholders.stance": {
        "support": "supportive",
        "dukung": "supportive",
        "+": "supportive",
        "oppose": "opposed",
        "menolak": "opposed",
        "-": "opposed",
        "0": "neutral",
    },
    "stakeholders.offer": {
        "dana": "funding",
        "uang": "funding",
        "technical_support": "technical",
        "teknis": "technical",
        "sarana": "facilities",
        "prasarana": "facilities",
        "fasilitas": "facilities",
        "network": "networks",
        "wewenang": "authority",
    },
    LINK_TYPE_GROUP: {
        "dana": "funding",
        "uang": "funding",
        "info": "information",
        "technical_support": "technical",
        "teknis": "technical",
        "supervision": "authority",
        "authority_supervision": "authority",
        "pengawasan": "authority",
        "wewenang": "authority",
    },
}


@dataclass(frozen=True, kw_only=True)
class Stakeholder(Record):
    """An actor on the map: who it is, where it sits, what it thinks of the goals, what it
    brings. The contact person is for the facilitator only: never in a message or handout."""

    KIND: ClassVar[str] = "stakeholders"
    TRAINEE: ClassVar[str] = "add"
    name: str = name_field(80, "nama", "aktor", "actor", "pemangku_kepentingan", "stakeholder")
    sector: str = choice_field(
        "stakeholders.sector", SECTORS, "sektor", "jenis_lembaga", required=True
    )
    level: str = choice_field(
        "stakeholders.level",
        (*LEVELS, UNKNOWN_LEVEL),
        "tingkat",
        "tingkatan",
        default=UNKNOWN_LEVEL,
    )
    stance: str = choice_field(
        "stakeholders.stance", STANCES, "sikap", "posisi_sikap", default="neutral"
    )
    interest: int = count_field(0, "kepentingan", "minat", high=INTEREST_MAX)
    resources: str = choice_field(
        "stakeholders.offer", RESOURCES, "sumber_daya", "sumberdaya", max_len=200, several=True
    )
    # What it works on, in the needs' categories: the partners of a need of that category,
    # and the community groups such a need concerns (see methods.partners).
    areas: str = choice_field(
        "category", CATEGORIES, "bidang_kerja", "bidang_garapan", max_len=200, several=True
    )
    contact: str = text_field(
        120, "kontak", "narahubung", "contact_person", "kontak_person", sensitive=True
    )
    notes: str = text_field(500, "catatan", "keterangan", long=True)


def stakeholder_ref() -> Any:
    """A required reference to an actor, part of the record's key."""
    return ref_field("stakeholders", "aktor", "pemangku_kepentingan", "actor", max_len=80)


@dataclass(frozen=True, kw_only=True)
class InfluenceQuestion(Record):
    """One "influence on what?" of the map (the village budget, the water supply...)."""

    KIND: ClassVar[str] = "influence_questions"
    name: str = name_field(60, "nama", "singkat", "short")
    question: str = text_field(200, "pertanyaan")


@dataclass(frozen=True, kw_only=True)
class Tower(Record):
    """The height of an actor's influence tower on one question: 0 up to the workshop's top
    (its ``tower_max`` setting, 5 unless set; the stage's rule checks it)."""

    KIND: ClassVar[str] = "influence"
    TRAINEE: ClassVar[str] = "step"
    COUNT: ClassVar[str] = "height"
    stakeholder: str = stakeholder_ref()
    question: str = ref_field(
        "influence_questions", "pertanyaan", "pertanyaan_pengaruh", max_len=60
    )
    height: int = count_field(
        None, "tinggi", "menara", "tower", "pengaruh", required=True
    )  # the stage's rule bounds it by the workshop's top (at most TOWER_HIGH)


@dataclass(frozen=True, kw_only=True)
class Goal(Record):
    """What an actor wants on one influence question, in the group's own words (Net-Map's goal
    symbols placed beside the actor): an actor may hold several goals on one question."""

    KIND: ClassVar[str] = "goals"
    TRAINEE: ClassVar[str] = "add"
    stakeholder: str = stakeholder_ref()
    question: str = ref_field(
        "influence_questions", "pertanyaan", "pertanyaan_pengaruh", max_len=60
    )
    goal: str = text_field(120, "tujuan", "sasaran", "keinginan", key=True, required=True)

    def display_name(self) -> str:
        """Give the goal in the group's words (its actor and question are references)."""
        return self.goal


@dataclass(frozen=True, kw_only=True)
class LinkType(Record):
    """A link type the facilitator added beside the built-in ones; two-way ones (like
    coordination and conflict) are entered once and meant both ways."""

    KIND: ClassVar[str] = "link_types"
    name: str = name_field(60, "nama", "jenis", "type")
    two_way: bool = flag_field("dua_arah", "timbal_balik", "both_ways")


@dataclass(frozen=True, kw_only=True)
class Link(Record):
    """A directed link of one type from one actor to another (a pair may have several)."""

    KIND: ClassVar[str] = "links"
    TRAINEE: ClassVar[str] = "add"
    source: str = ref_field("stakeholders", "dari", "sumber", "from", max_len=80)
    target: str = ref_field("stakeholders", "ke", "tujuan", "kepada", "to", max_len=80)
    type: str = choice_field(
        LINK_TYPE_GROUP,
        LINK_TYPES,
        "jenis",
        "jenis_hubungan",
        "link_type",
        required=True,
        key=True,
        other=True,
        max_len=60,
    )
    strength: int = count_field(
        2, "kekuatan", "bobot", high=STRENGTH_MAX, group="stakeholders.strength", low=1
    )
    note: str = text_field(200, "catatan", "keterangan")


@dataclass(frozen=True, kw_only=True)
class Position(Record):
    """Where an actor sits on the drawn map, in percent of its width and height from the
    top left, so the map looks the same each time it is opened."""

    KIND: ClassVar[str] = "positions"
    TRAINEE: ClassVar[str] = "add"
    stakeholder: str = stakeholder_ref()
    x: float = number_field(None, required=True, low=0, high=100)
    y: float = number_field(None, required=True, low=0, high=100)


@dataclass(frozen=True, kw_only=True)
class NeedResources(Record):
    """What a need of stage 1 requires from partners, to suggest who could supply it (without
    one, the need's category gives a first guess), and the community group it concerns most
    (without one, the groups working on the need's category)."""

    KIND: ClassVar[str] = "need_resources"
    need: str = ref_field("needs", "kebutuhan", "masalah")
    resources: str = choice_field(
        "stakeholders.offer",
        RESOURCES,
        "sumber_daya",
        "sumberdaya",
        "dibutuhkan",
        max_len=200,
        several=True,
    )
    group: str = ref_field(
        "stakeholders", "kelompok", "kelompok_terdampak", key=False, required=False, max_len=80
    )


KINDS = (Stakeholder, InfluenceQuestion, Tower, Goal, LinkType, Link, Position, NeedResources)

_BUILTIN_TYPE = Spec(type="choice", choices=LINK_TYPES, group=LINK_TYPE_GROUP)


def builtin_link_type(text: str) -> str | None:
    """Give the built-in link type ``text`` names in either language (or as a code), or None.

    Examples
    --------
    >>> builtin_link_type("Pendanaan"), builtin_link_type("coordination")
    ('funding', 'coordination')
    >>> builtin_link_type("Pinjaman alat") is None
    True
    """
    if not str(text).strip():
        return None
    try:
        return str(coerce(Link.KIND, "type", _BUILTIN_TYPE, text))
    except ValidationError:
        return None


def is_two_way(link_type: str, custom: dict[str, bool]) -> bool:
    """Whether links of a type are meant both ways: the built-in coordination and conflict,
    or a custom type marked so (``custom``: custom type name -> two-way)."""
    return link_type in TWO_WAY_TYPES or custom.get(link_type, False)
