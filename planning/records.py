"""The records of a workshop: frozen dataclasses, their fields' rules, and text clean-up.

Each kind of record is a frozen dataclass whose fields carry a :class:`Spec` saying what is
allowed and which column names (English and Indonesian) a table may use for it. This module
holds the base, the workshop's own record and the participants; each stage declares its kinds in
its own ``records`` module, and ``planning.stages`` registers them in :data:`KINDS`. ``coerce``
turns what a person typed into the stored value or raises a ``ValidationError`` naming the
field, the value and what is allowed.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar, overload

from planning.errors import Msg, ValidationError
from planning.i18n import LANGUAGES, t

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

# What every reader can draw: a number (a cost in Rupiah, a count, a volume, an amount) and a
# date beyond these break a reader somewhere (SQLite and PostgreSQL integers, pandas' sums,
# matplotlib's axes and dates), so every number and date field is held within them unless its
# spec says narrower. Checked in ``coerce``, so on import, merge, panel and room input alike.
NUMBER_LIMIT = 10**15  # Rp 1.000.000.000.000.000: far above any village's budget
FIRST_DATE = _dt.date(1900, 1, 1)
LAST_DATE = _dt.date(2100, 12, 31)


@dataclass(frozen=True)
class Spec:
    """What a field allows, and the column names a table may use for it."""

    type: str  # text | longtext | int | float | bool | date | choice | choices | ref
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
    # Counted in summaries, never shown per person (poor-household and PKH status), or
    # personal (a contact person): left out of tables unless asked for by name.
    sensitive: bool = False
    # A choice that also takes any other text (the kind's stage rule checks what it may be),
    # so known words in either language are stored as codes and new ones as typed.
    other: bool = False
    # What an empty cell, a missing column and a new form give (choices are in display order,
    # so the default is named here, not implied by the order).
    default: Any = ""

    def bounds(self) -> tuple[float, float]:
        """Give the lowest and highest number the field takes: its own bounds, else
        ``NUMBER_LIMIT`` either side.

        Examples
        --------
        >>> Spec(type="int", low=0).bounds()
        (0, 1000000000000000)
        """
        low = -NUMBER_LIMIT if self.low is None else max(self.low, -NUMBER_LIMIT)
        high = NUMBER_LIMIT if self.high is None else min(self.high, NUMBER_LIMIT)
        return low, high


def field(default: Any = "", **spec: Any) -> Any:
    """A dataclass field carrying the rules of what it allows (see :class:`Spec`); ``default``
    is both the dataclass default and what an empty value gives."""
    return dataclasses.field(default=default, metadata={"spec": Spec(default=default, **spec)})


# The kinds of field a record declares, each giving the same Spec as ``field(type=...)`` would:
# a record says only a field's words, bounds and choices.


def text_field(max_len: int, *aliases: str, long: bool = False, **spec: Any) -> Any:
    """A text of at most ``max_len`` characters (``long``: several lines)."""
    kind = "longtext" if long else "text"
    return field(type=kind, max_len=max_len, aliases=aliases, **spec)


def name_field(max_len: int, *aliases: str, **spec: Any) -> Any:
    """What a person calls the record: required text, part of its key."""
    return text_field(max_len, *aliases, required=True, key=True, **spec)


def choice_field(
    group: str, choices: tuple[str, ...], *aliases: str, several: bool = False, **spec: Any
) -> Any:
    """One of ``choices`` (labelled ``<group>.<code>``), or several of them separated by ";"."""
    kind = "choices" if several else "choice"
    return field(type=kind, choices=choices, group=group, aliases=aliases, **spec)


def count_field(default: int | None, *aliases: str, low: int = 0, **spec: Any) -> Any:
    """A whole number from ``low`` (``high``, if given, at the most)."""
    return field(default, type="int", low=low, aliases=aliases, **spec)


def number_field(default: float | None, *aliases: str, **spec: Any) -> Any:
    """A number, with or without a fraction."""
    return field(default, type="float", aliases=aliases, **spec)


def flag_field(*aliases: str, **spec: Any) -> Any:
    """A yes or no, no unless said."""
    return field(False, type="bool", aliases=aliases, **spec)


def origin_field() -> Any:
    """Where a record was proposed (``ORIGINS``): the whole room unless a women's deliberation
    (MKP) was open."""
    return choice_field("origin", ORIGINS, "asal", "asal_usulan", default="plenary")


def date_field(*aliases: str, **spec: Any) -> Any:
    """A date (``YYYY-MM-DD``)."""
    return field(type="date", aliases=aliases, **spec)


def is_empty(value: Any) -> bool:
    """Whether a value stands for nothing typed: None, NaN, or text of spaces only.

    Examples
    --------
    >>> is_empty(" "), is_empty(float("nan")), is_empty(0), is_empty([])
    (True, True, False, False)
    """
    if value is None or (isinstance(value, float) and value != value):
        return True
    return isinstance(value, str) and not value.strip()


TRUE_WORDS = {"1", "true", "yes", "y", "ya", "benar", "iya"}
FALSE_WORDS = {"0", "false", "no", "n", "tidak", "tdk", "bukan", ""}


def field_label(kind: str, name: str) -> Msg:
    """Give the words naming a field of a kind, for messages and forms."""
    return Msg(f"field.{kind}.{name}")


def coerce(kind: str, name: str, spec: Spec, value: Any) -> Any:
    """Give the stored form of ``value`` for a field, or raise ``ValidationError``.

    Examples
    --------
    >>> coerce("needs", "households", Spec(type="int", low=0, high=10), "1.500")
    Traceback (most recent call last):
    ...
    planning.errors.ValidationError: Households affected: '1.500' is not allowed. Allowed: ...
    """

    def bad(allowed: Any, key: str = "error.invalid") -> ValidationError:
        return ValidationError(key, field=field_label(kind, name), value=value, allowed=allowed)

    if is_empty(value):
        if not spec.required:
            return spec.default  # an empty cell gives what a missing column gives
        value = ""  # refused below, with what the field allows
    if spec.type in ("text", "longtext", "ref"):
        if not isinstance(value, str):
            value = str(value)
        text = clean_text(value, multiline=spec.type == "longtext")
        if spec.required and not text:
            raise bad(Msg("allowed.not_empty"), "error.required")
        if len(text) > spec.max_len:
            raise bad(Msg("allowed.max_len", n=spec.max_len))
        return text
    if spec.type == "choice":
        text = normalise_name(str(value)).replace(" ", "_").replace("-", "_")
        found = _choice_lookup(spec.group, spec.choices).get(text)
        if found is None:
            if spec.other and text:
                typed = clean_text(str(value))
                if len(typed) > spec.max_len:
                    raise bad(Msg("allowed.max_len", n=spec.max_len))
                return typed
            raise bad([Msg(f"{spec.group}.{c}") for c in spec.choices])
        return found
    if spec.type == "choices":
        return _several(kind, name, spec, value)
    if spec.type == "bool":
        if isinstance(value, bool):
            return value
        text = normalise_name(str(value))
        if text in TRUE_WORDS:
            return True
        if text in FALSE_WORDS:
            return False
        raise bad(Msg("allowed.yes_no"))
    if spec.type in ("int", "float"):
        if isinstance(value, bool):
            raise bad(_range_text(spec))
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
            raise bad(_range_text(spec)) from None
        low, high = spec.bounds()
        if number != number or not low <= number <= high:
            raise bad(_range_text(spec, beyond=number == number and abs(number) > NUMBER_LIMIT))
        return number
    if spec.type == "date":
        if isinstance(value, _dt.datetime):
            value = value.date()
        if isinstance(value, _dt.date):
            if not FIRST_DATE <= value <= LAST_DATE:
                raise bad(_date_range())
            return value.isoformat()
        text = str(value).strip()
        if not text:
            if spec.required:
                raise bad(Msg("allowed.date"), "error.required")
            return ""
        try:
            day = _dt.date.fromisoformat(text[:10])
        except ValueError:
            raise bad(Msg("allowed.date")) from None
        if not FIRST_DATE <= day <= LAST_DATE:
            raise bad(_date_range())
        return day.isoformat()
    raise AssertionError(f"unknown field type {spec.type}")


def _several(kind: str, name: str, spec: Spec, value: Any) -> str:
    """Give several choices as stored: their codes in the order of ``spec.choices``, joined
    by commas ("" for none). ``value`` is a list, or text separated by commas, semicolons or
    line breaks, each part a code or a label in either language.

    Examples
    --------
    >>> spec = Spec(type="choices", choices=("fr", "id", "en"), group="lang")
    >>> _several("workshop", "language", spec, "English; bahasa indonesia")
    'id,en'
    >>> _several("workshop", "language", spec, ["en", "en"]), _several("x", "y", spec, "")
    ('en', '')
    """
    if isinstance(value, list | tuple | set | frozenset):
        parts = [str(v) for v in value]
    else:
        parts = re.split(r"[,;\n]", str(value))
    lookup = _choice_lookup(spec.group, spec.choices)
    found = set()
    for part in parts:
        text = normalise_name(part).replace(" ", "_").replace("-", "_")
        if not text:
            continue
        code = lookup.get(text)
        if code is None:
            raise ValidationError(
                field=field_label(kind, name),
                value=clean_text(part),
                allowed=[Msg(f"{spec.group}.{c}") for c in spec.choices],
            )
        found.add(code)
    if spec.required and not found:
        raise ValidationError(
            "error.required",
            field=field_label(kind, name),
            value="",
            allowed=Msg("allowed.not_empty"),
        )
    return ",".join(c for c in spec.choices if c in found)


def several(value: str) -> tuple[str, ...]:
    """Give the codes of a stored several-choices field.

    Examples
    --------
    >>> several("funding,training"), several("")
    (('funding', 'training'), ())
    """
    return tuple(v for v in value.split(",") if v)


def _range_text(spec: Spec, *, beyond: bool = False) -> Msg:
    """Give what a number field allows: its own bounds, and the limit every number has when
    the value went past it (``beyond``)."""
    word = "allowed.whole_number" if spec.type == "int" else "allowed.number"
    low, high = spec.bounds()
    if spec.low is not None and (spec.high is not None or beyond):
        return Msg(word + "_between", low=_num(low), high=_num(high))
    if spec.low is not None:
        return Msg(word + "_from", low=_num(spec.low))
    if beyond or spec.high is not None:
        return Msg(word + "_between", low=_num(low), high=_num(high))
    return Msg(word)


def _date_range() -> Msg:
    return Msg("allowed.date_between", low=FIRST_DATE.isoformat(), high=LAST_DATE.isoformat())


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


_CHOICE_CACHE: dict[tuple[str, tuple[str, ...]], dict[str, str]] = {}


def _choice_lookup(group: str, choices: tuple[str, ...]) -> dict[str, str]:
    """Map every accepted spelling (value, English label, Indonesian label) to the value."""
    cached = _CHOICE_CACHE.get((group, choices))
    if cached is None:
        cached = {}
        for choice in choices:
            cached[choice] = choice
            for lang in LANGUAGES:
                words = t(f"{group}.{choice}", lang)
                # A label's note in brackets ("dewasa (25-59)") may be left out: "dewasa".
                spelled = normalise_name(words)
                cached[spelled.replace(" ", "_").replace("-", "_")] = choice
                bare = normalise_name(re.sub(r"\s*\([^)]*\)", "", words))
                if bare:
                    cached.setdefault(bare.replace(" ", "_").replace("-", "_"), choice)
        for alias, choice in CHOICE_ALIASES.get(group, {}).items():
            cached[alias] = choice
        _CHOICE_CACHE[(group, choices)] = cached
    return cached


# --- enumerations -----------------------------------------------------------------------------

GENDERS = ("female", "male", "other")
AGE_GROUPS = ("youth", "adult", "elder", "unknown")
GROUPS = ("warga", "pemerintah_desa", "kader", "lsm", "tokoh", "swasta", "other")
ORIGINS = ("plenary", "mkp")
"""Where a need or an activity was proposed: in the whole room, or in a women's deliberation
(musyawarah khusus perempuan, MKP) the facilitator opened (``planning.room.state.open_mkp``)."""
MKP = "mkp"
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


R = TypeVar("R", bound="Record")
TIE_WORDS = {"tie", "seri", "sama", "draw", "imbang", "="}

_SPECS: dict[type, dict[str, Spec]] = {}
_KEYS: dict[type, tuple[str, ...]] = {}
_NAMES: dict[type, frozenset[str]] = {}


@dataclass(frozen=True, kw_only=True)
class Record:
    """Fields every stored record has: a stable id, its version, when and by whom."""

    KIND: ClassVar[str] = ""
    # What a trainee's workshop may write of this kind (checked by the store, see
    # ``planning.store.writes``): "" nothing; "add" new records; "own" new records and
    # changes to their own; "step" new records and a shared count (``COUNT``) moved by one.
    TRAINEE: ClassVar[str] = ""
    # The field naming whose record it is (a participant), which a trainee's must name them.
    OWNER: ClassVar[str] = ""
    COUNT: ClassVar[str] = ""  # the count a "step" kind's trainee moves by one
    # The field keeping where a record was proposed (``origin_field``): filled by the store
    # with "mkp" while a women's deliberation is open, unless given.
    ORIGIN: ClassVar[str] = ""
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
    def field_names(cls) -> frozenset[str]:
        """Give the names of every field of the record, stored ones included."""
        found = _NAMES.get(cls)
        if found is None:
            found = _NAMES[cls] = frozenset(f.name for f in dataclasses.fields(cls))
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
    title: str = text_field(120, "judul", required=True)
    desa: str = text_field(80, "village")
    kecamatan: str = text_field(80, "district", "subdistrict")
    kabupaten: str = text_field(80, "regency", "kota")
    date: str = date_field("tanggal")
    facilitator: str = text_field(80, "fasilitator")
    language: str = choice_field("lang", LANGUAGES, "bahasa", default="id")
    dot_budget: int = count_field(5, "jumlah_titik", "dots", high=50, low=1)


@dataclass(frozen=True, kw_only=True)
class Participant(Record):
    """Someone who takes part, and what the handout may say of them."""

    KIND: ClassVar[str] = "participants"
    name: str = name_field(80, "nama", "alias")
    gender: str = choice_field("gender", GENDERS, "jenis_kelamin", "sex", default="other")
    age_group: str = choice_field(
        "age_group", AGE_GROUPS, "kelompok_umur", "umur", "age", default="unknown"
    )
    group: str = choice_field("group", GROUPS, "kelompok", "unsur", default="other")
    dusun: str = text_field(60, "hamlet")
    poor_household: bool = flag_field("rumah_tangga_miskin", "miskin", "poor", sensitive=True)
    pkh: bool = flag_field("penerima_pkh", "kpm", sensitive=True)
    consent: bool = flag_field("setuju_disebut", "persetujuan", "consent_named")


def ref_field(
    kind: str,
    *aliases: str,
    max_len: int = 100,
    key: bool = True,
    required: bool = True,
    **spec: Any,
) -> Any:
    """A reference to a record of ``kind`` (by name or id): unless said, required and part of
    the key."""
    return field(
        type="ref", ref=kind, required=required, key=key, max_len=max_len, aliases=aliases, **spec
    )


@dataclass(frozen=True, kw_only=True)
class ParticipantsOwn(Record):
    """A record one participant makes for themselves (their dots, their order, their votes):
    it names them first, and a trainee adds their own and changes only those."""

    TRAINEE: ClassVar[str] = "own"
    OWNER: ClassVar[str] = "participant"
    participant: str = ref_field("participants", "peserta", "nama", max_len=80)


def sensitive_fields(cls: type[Record]) -> tuple[str, ...]:
    """Give the fields of a kind kept for the facilitator (contact person, poor household, PKH).

    Examples
    --------
    >>> sensitive_fields(Participant)
    ('poor_household', 'pkh')
    """
    return tuple(name for name, spec in cls.specs().items() if spec.sensitive)


KINDS: dict[str, type[Record]] = {}


def register(cls: type[Record]) -> type[Record]:
    """Add a kind of record to the catalogue (``planning.stages`` does this for each stage)."""
    KINDS[cls.KIND] = cls
    return cls


register(WorkshopInfo)
register(Participant)


@overload
def kind_class(kind: type[R]) -> type[R]: ...
@overload
def kind_class(kind: str) -> type[Record]: ...
def kind_class(kind: str | type[R]) -> type[R] | type[Record]:
    """Give the record class of a kind (a class is given back), or raise naming the kinds."""
    if isinstance(kind, type):
        return kind
    cls = KINDS.get(kind)
    if cls is None:
        raise ValidationError(field=Msg("field.kind"), value=kind, allowed=", ".join(KINDS))
    return cls


def build(cls: type[Record], raw: Mapping[str, Any], base: Record | None = None) -> dict[str, Any]:
    """Give the checked data of a record from ``raw`` (unknown fields refused).

    With ``base``, fields missing from ``raw`` keep the base's value (an edit).
    """
    specs = cls.specs()
    unknown = [k for k in raw if k not in specs]
    if unknown:
        raise ValidationError(
            "error.unknown_column",
            field=Msg(f"kind.{cls.KIND}"),
            value=unknown[0],
            allowed=", ".join(specs),
        )
    out: dict[str, Any] = {}
    defaults = {f.name: f.default for f in dataclasses.fields(cls)}
    for name, spec in specs.items():
        if name in raw:
            out[name] = coerce(cls.KIND, name, spec, raw[name])
        elif base is not None:
            out[name] = getattr(base, name)
        else:
            out[name] = coerce(cls.KIND, name, spec, defaults[name])
        if out[name] is None:
            out[name] = defaults[name]
    return out
