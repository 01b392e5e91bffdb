"""The records of a workshop: frozen dataclasses, their fields' rules, and text clean-up.

Each kind of record (participants, needs, scores...) is a frozen dataclass whose fields carry a
:class:`Spec` saying what is allowed and which column names (English and Indonesian) a table may
use for it. ``coerce`` turns what a person typed into the stored value or raises a
``ValidationError`` naming the field, the value and what is allowed.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from planning.errors import ValidationError

# --- text -------------------------------------------------------------------------------------

_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]"
)
_SPACES = re.compile(r"[ \t\u00a0]+")


def clean_text(value: str, *, multiline: bool = False) -> str:
    """Give text in NFC with control and direction-override characters removed, spaces folded.

    Examples
    --------
    >>> clean_text("  Dinas\\u00a0 Sosial\\x07 ")
    'Dinas Sosial'
    >>> clean_text("baris satu\\r\\nbaris dua", multiline=True)
    'baris satu\\nbaris dua'
    """
    value = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    if not multiline:
        value = value.replace("\n", " ")
    value = _CONTROL.sub("", value)
    lines = [_SPACES.sub(" ", line).strip() for line in value.split("\n")]
    return "\n".join(lines).strip()


def normalise_name(value: str) -> str:
    """Give the form of a name used to find duplicates (case, spaces and Unicode folded).

    Examples
    --------
    >>> normalise_name("  dinas  sosial") == normalise_name("Dinas Sosial")
    True
    """
    return clean_text(str(value)).casefold()


# --- field rules ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """What a field allows, and the column names a table may use for it."""

    type: str  # text | longtext | int | float | bool | date | choice | ref
    required: bool = False
    max_len: int = 120
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    group: str = ""  # i18n group of the choice labels
    ref: str = ""  # kind referred to
    aliases: tuple[str, ...] = ()  # other column names (Indonesian first)
    key: bool = False  # part of the natural key
    tie: bool = False  # a ref that may be left empty by a tie word ("seri", "tie")


def _f(default: Any = "", **spec: Any) -> Any:
    return dataclasses.field(default=default, metadata={"spec": Spec(**spec)})


TRUE_WORDS = {"1", "true", "yes", "y", "ya", "benar", "iya"}
FALSE_WORDS = {"0", "false", "no", "n", "tidak", "tdk", "bukan", ""}


def coerce(kind: str, name: str, spec: Spec, value: Any, lang: str = "en") -> Any:
    """Give the stored form of ``value`` for a field, or raise ``ValidationError``."""
    from planning.i18n import t

    def bad(allowed: str, key: str = "error.invalid") -> ValidationError:
        return ValidationError(
            key, field=t(f"field.{kind}.{name}", lang), value=value, allowed=allowed, lang=lang
        )

    if value is None or (isinstance(value, float) and value != value):  # None or NaN
        value = ""
    if spec.type in ("text", "longtext", "ref"):
        if not isinstance(value, str):
            value = str(value)
        text = clean_text(value, multiline=spec.type == "longtext")
        if spec.required and not text:
            raise bad(t("allowed.not_empty", lang), "error.required")
        if len(text) > spec.max_len:
            raise bad(t("allowed.max_len", lang, n=spec.max_len))
        return text
    if spec.type == "choice":
        text = normalise_name(str(value)).replace(" ", "_").replace("-", "_")
        if not text and not spec.required:
            return spec.choices[-1] if spec.choices else ""
        found = _choice_lookup(spec.group, spec.choices).get(text)
        if found is None:
            shown = ", ".join(t(f"{spec.group}.{c}", lang) for c in spec.choices)
            raise bad(shown)
        return found
    if spec.type == "bool":
        if isinstance(value, bool):
            return value
        text = normalise_name(str(value))
        if text in TRUE_WORDS:
            return True
        if text in FALSE_WORDS:
            return False
        raise bad(t("allowed.yes_no", lang))
    if spec.type in ("int", "float"):
        if isinstance(value, bool):
            raise bad(_range_text(spec, lang))
        try:
            if isinstance(value, str):
                text = value.strip().replace(" ", "")
                if spec.type == "int" and re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):
                    text = text.replace(".", "")  # Indonesian thousands: 1.500.000
                if not text:
                    if spec.required:
                        raise ValueError
                    return None
                number = float(text.replace(",", ".")) if spec.type == "float" else int(text)
            else:
                number = float(value) if spec.type == "float" else int(value)
                if spec.type == "int" and number != value:
                    raise ValueError
        except (TypeError, ValueError, OverflowError):
            raise bad(_range_text(spec, lang)) from None
        if (
            number != number
            or (spec.low is not None and number < spec.low)
            or (spec.high is not None and number > spec.high)
        ):
            raise bad(_range_text(spec, lang))
        return number
    if spec.type == "date":
        if isinstance(value, _dt.datetime):
            value = value.date()
        if isinstance(value, _dt.date):
            return value.isoformat()
        text = str(value).strip()
        if not text and not spec.required:
            return ""
        try:
            return _dt.date.fromisoformat(text[:10]).isoformat()
        except ValueError:
            raise bad(t("allowed.date", lang)) from None
    raise AssertionError(f"unknown field type {spec.type}")


def _range_text(spec: Spec, lang: str) -> str:
    from planning.i18n import t

    word = "allowed.whole_number" if spec.type == "int" else "allowed.number"
    if spec.low is not None and spec.high is not None:
        return t(word + "_between", lang, low=_num(spec.low), high=_num(spec.high))
    if spec.low is not None:
        return t(word + "_from", lang, low=_num(spec.low))
    return t(word, lang)


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


_CHOICE_CACHE: dict[tuple[str, tuple[str, ...]], dict[str, str]] = {}


def _choice_lookup(group: str, choices: tuple[str, ...]) -> dict[str, str]:
    """Map every accepted spelling (value, English label, Indonesian label) to the value."""
    cached = _CHOICE_CACHE.get((group, choices))
    if cached is None:
        from planning.i18n import LANGUAGES, t

        cached = {}
        for choice in choices:
            cached[choice] = choice
            for lang in LANGUAGES:
                spelled = normalise_name(t(f"{group}.{choice}", lang))
                cached[spelled.replace(" ", "_").replace("-", "_")] = choice
        for alias, choice in CHOICE_ALIASES.get(group, {}).items():
            cached[alias] = choice
        _CHOICE_CACHE[(group, choices)] = cached
    return cached


# --- enumerations -----------------------------------------------------------------------------

GENDERS = ("female", "male", "other")
AGE_GROUPS = ("youth", "adult", "elder", "unknown")
GROUPS = ("warga", "pemerintah_desa", "kader", "lsm", "tokoh", "swasta", "other")
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
LANGS = ("id", "en")
TREE_ROLES = ("cause", "effect")
CHOICE_ALIASES: dict[str, dict[str, str]] = {
    "gender": {
        "p": "female",
        "f": "female",
        "l": "male",
        "m": "male",
        "w": "female",
        "wanita": "female",
        "pria": "male",
    },
    "age_group": {
        "<25": "youth",
        "16_24": "youth",
        "25_59": "adult",
        "60+": "elder",
        "lansia": "elder",
    },
    "group": {"ngo": "lsm", "pemdes": "pemerintah_desa", "village_government": "pemerintah_desa"},
    "lang": {"indonesia": "id", "bahasa_indonesia": "id", "english": "en", "inggris": "en"},
}


# --- records ----------------------------------------------------------------------------------


_SPECS: dict[type, dict[str, Spec]] = {}
_KEYS: dict[type, tuple[str, ...]] = {}


@dataclass(frozen=True, kw_only=True)
class Record:
    """Fields every stored record has: a stable id, its version, when and by whom."""

    KIND: ClassVar[str] = ""
    id: str = ""
    version: int = 0
    entered_at: str = ""
    entered_by: str = ""

    @classmethod
    def specs(cls) -> dict[str, Spec]:
        """Give the rules of the fields a person fills in, in column order."""
        found = _SPECS.get(cls)
        if found is None:
            found = _SPECS[cls] = {
                f.name: f.metadata["spec"] for f in dataclasses.fields(cls) if "spec" in f.metadata
            }
        return found

    @classmethod
    def key_fields(cls) -> tuple[str, ...]:
        found = _KEYS.get(cls)
        if found is None:
            found = _KEYS[cls] = tuple(name for name, spec in cls.specs().items() if spec.key)
        return found

    def display_name(self) -> str:
        """Give what a person calls this record: its first key field (a title, a name)."""
        keys = type(self).key_fields()
        return str(getattr(self, keys[0])) if keys else self.id

    def data(self) -> dict[str, Any]:
        """Give the fields a person fills in, as a plain dict."""
        return {name: getattr(self, name) for name in self.specs()}


@dataclass(frozen=True, kw_only=True)
class WorkshopInfo(Record):
    """The workshop itself: what, where, when, who facilitates, in which language."""

    KIND: ClassVar[str] = "workshop"
    title: str = _f(type="text", required=True, max_len=120, aliases=("judul",))
    desa: str = _f(type="text", max_len=80, aliases=("village",))
    kecamatan: str = _f(type="text", max_len=80, aliases=("district", "subdistrict"))
    kabupaten: str = _f(type="text", max_len=80, aliases=("regency", "kota"))
    date: str = _f(type="date", aliases=("tanggal",))
    facilitator: str = _f(type="text", max_len=80, aliases=("fasilitator",))
    language: str = _f("id", type="choice", choices=LANGS, group="lang", aliases=("bahasa",))
    dot_budget: int = _f(5, type="int", low=1, high=50, aliases=("jumlah_titik", "dots"))


@dataclass(frozen=True, kw_only=True)
class Participant(Record):
    """Someone who takes part, and what the handout may say of them."""

    KIND: ClassVar[str] = "participants"
    name: str = _f(type="text", required=True, max_len=80, key=True, aliases=("nama", "alias"))
    gender: str = _f(
        "other", type="choice", choices=GENDERS, group="gender", aliases=("jenis_kelamin", "sex")
    )
    age_group: str = _f(
        "unknown",
        type="choice",
        choices=AGE_GROUPS,
        group="age_group",
        aliases=("kelompok_umur", "umur", "age"),
    )
    group: str = _f(
        "other", type="choice", choices=GROUPS, group="group", aliases=("kelompok", "unsur")
    )
    dusun: str = _f(type="text", max_len=60, aliases=("hamlet",))
    poor_household: bool = _f(False, type="bool", aliases=("rumah_tangga_miskin", "miskin", "poor"))
    pkh: bool = _f(False, type="bool", aliases=("penerima_pkh", "kpm"))
    consent: bool = _f(
        False, type="bool", aliases=("setuju_disebut", "persetujuan", "consent_named")
    )


KINDS: dict[str, type[Record]] = {}


def register(cls: type[Record]) -> type[Record]:
    """Add a kind of record to the store's catalogue (later stages call this for theirs)."""
    KINDS[cls.KIND] = cls
    return cls


register(WorkshopInfo)
register(Participant)


def kind_class(kind: str, lang: str = "en") -> type[Record]:
    """Give the record class of a kind, or raise naming the kinds there are."""
    cls = KINDS.get(kind)
    if cls is None:
        raise ValidationError(field="kind", value=kind, allowed=", ".join(KINDS), lang=lang)
    return cls


def build(
    cls: type[Record], raw: Mapping[str, Any], lang: str = "en", base: Record | None = None
) -> dict[str, Any]:
    """Give the checked data of a record from ``raw`` (unknown fields refused).

    With ``base``, fields missing from ``raw`` keep the base's value (an edit).
    """
    specs = cls.specs()
    unknown = [k for k in raw if k not in specs]
    if unknown:
        raise ValidationError(
            field=unknown[0], value=raw[unknown[0]], allowed=", ".join(specs), lang=lang
        )
    out: dict[str, Any] = {}
    defaults = {f.name: f.default for f in dataclasses.fields(cls)}
    for name, spec in specs.items():
        if name in raw:
            out[name] = coerce(cls.KIND, name, spec, raw[name], lang)
        elif base is not None:
            out[name] = getattr(base, name)
        else:
            out[name] = coerce(cls.KIND, name, spec, defaults[name], lang)
        if out[name] is None:
            out[name] = defaults[name]
    return out


# --- needs assessment -------------------------------------------------------------------------


def _need_ref() -> Any:
    """A required reference to a need, part of the record's key."""
    return _f(
        type="ref",
        ref="needs",
        required=True,
        key=True,
        max_len=100,
        aliases=("kebutuhan", "masalah"),
    )


def _participant_ref() -> Any:
    """A required reference to a participant, part of the record's key."""
    return _f(
        type="ref",
        ref="participants",
        required=True,
        key=True,
        max_len=80,
        aliases=("peserta", "nama"),
    )


TIE_WORDS = {"tie", "seri", "sama", "draw", "imbang", "="}


@dataclass(frozen=True, kw_only=True)
class Need(Record):
    """A need (masalah / kebutuhan) the community named."""

    KIND: ClassVar[str] = "needs"
    title: str = _f(
        type="text",
        required=True,
        max_len=100,
        key=True,
        aliases=("judul", "kebutuhan", "masalah", "need"),
    )
    description: str = _f(type="longtext", max_len=1000, aliases=("uraian", "keterangan"))
    category: str = _f(
        "other", type="choice", choices=CATEGORIES, group="category", aliases=("bidang", "kategori")
    )
    dusun: str = _f(type="text", max_len=60, aliases=("lokasi", "location"))
    households: int = _f(
        0,
        type="int",
        low=0,
        high=100000,
        aliases=("kk_terdampak", "jumlah_kk", "households_affected"),
    )
    proposed_by: str = _f(type="text", max_len=80, aliases=("diusulkan_oleh", "pengusul"))


@dataclass(frozen=True, kw_only=True)
class Criterion(Record):
    """A criterion needs are scored against, with its weight."""

    KIND: ClassVar[str] = "criteria"
    name: str = _f(type="text", required=True, max_len=80, key=True, aliases=("nama", "kriteria"))
    weight: float = _f(1.0, type="float", low=0, high=100, aliases=("bobot",))
    description: str = _f(type="longtext", max_len=500, aliases=("uraian", "keterangan"))


@dataclass(frozen=True, kw_only=True)
class Score(Record):
    """A score from 1 to 5 that a participant or small group gave a need on one criterion."""

    KIND: ClassVar[str] = "scores"
    rater: str = _f(
        type="text",
        required=True,
        max_len=80,
        key=True,
        aliases=("penilai", "peserta", "kelompok", "participant", "group"),
    )
    need: str = _need_ref()
    criterion: str = _f(
        type="ref", ref="criteria", required=True, key=True, max_len=80, aliases=("kriteria",)
    )
    value: int = _f(None, type="int", required=True, low=1, high=5, aliases=("nilai", "skor"))


@dataclass(frozen=True, kw_only=True)
class DotVote(Record):
    """The dots one participant put on one need."""

    KIND: ClassVar[str] = "dot_votes"
    participant: str = _participant_ref()
    need: str = _need_ref()
    dots: int = _f(1, type="int", low=0, high=50, aliases=("titik", "jumlah_titik"))


@dataclass(frozen=True, kw_only=True)
class Pairwise(Record):
    """The group's decision between two needs: the winner, or a tie (empty winner)."""

    KIND: ClassVar[str] = "pairwise"
    UNORDERED_KEY: ClassVar[bool] = True
    need_a: str = _f(
        type="ref", ref="needs", required=True, key=True, max_len=100, aliases=("kebutuhan_a", "a")
    )
    need_b: str = _f(
        type="ref", ref="needs", required=True, key=True, max_len=100, aliases=("kebutuhan_b", "b")
    )
    winner: str = _f(
        type="ref", ref="needs", max_len=100, tie=True, aliases=("pemenang", "lebih_penting")
    )


@dataclass(frozen=True, kw_only=True)
class Ranking(Record):
    """The place one participant gave one need in their own order (1 = most important)."""

    KIND: ClassVar[str] = "rankings"
    participant: str = _participant_ref()
    need: str = _need_ref()
    rank: int = _f(
        None, type="int", required=True, low=1, high=500, aliases=("peringkat", "urutan")
    )


@dataclass(frozen=True, kw_only=True)
class TreeNode(Record):
    """A cause or effect of a need in its problem tree; ``parent`` names the node it feeds."""

    KIND: ClassVar[str] = "problem_tree"
    need: str = _need_ref()
    text: str = _f(type="text", required=True, max_len=160, key=True, aliases=("teks", "uraian"))
    role: str = _f(
        "cause", type="choice", choices=TREE_ROLES, group="tree_role", aliases=("peran", "jenis")
    )
    parent: str = _f(type="text", max_len=160, aliases=("induk",))


for _cls in (Need, Criterion, Score, DotVote, Pairwise, Ranking, TreeNode):
    register(_cls)

CRITERIA_PRESETS: dict[str, tuple[str, ...]] = {
    # The five criteria Indonesian village problem-scoring uses, and USG.
    "desa": ("felt_by_many", "severe", "hinders_income", "frequent", "local_potential"),
    "usg": ("urgency", "seriousness", "growth"),
}
