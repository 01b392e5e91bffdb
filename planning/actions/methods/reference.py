"""Shipped reference data: the APBDes bidang codes and a year's Dana Desa rules.

Both live as editable files in ``planning/actions/data/`` (``bidang.csv``,
``dana_desa_<year>.json``; ``README.md`` there says where they come from). A file that does not
fit is refused with a :class:`planning.errors.ValidationError` naming the field and the value.

Examples
--------
>>> ref = load_bidang()
>>> len(ref.bidang), len(ref.sub_bidang)
(5, 27)
>>> ref.name("4.4").id
'Pemberdayaan Perempuan, Perlindungan Anak dan Keluarga'
>>> rules = load_year_rules(year_rules_path(2026))
>>> rules.year, rules.check_before_use, rules.rule("blt_cap").amount
(2026, True, 300000)
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from planning.errors import Msg, ValidationError

from .vocab import FUNDING_SOURCES

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
"""Folder of the shipped data files."""

RULE_KINDS = (
    "max_per_household_month",
    "max_share",
    "min_share",
    "outside_share",
    "min_wage_share",
    "note",
)
"""What a year rule can say: a cap per household per month (BLT), a largest or smallest share of
a funding source, a share of a source's ceiling paid from outside the village budget (and the
activities it pays for), a least share of wages in an activity's cost (PKTD), or a note that is
only shown."""

SELECTOR_KEYS = ("dd_focus", "bidang", "sub_bidang")
"""Fields of an activity a rule's ``applies_to`` may select on (an activity matches when any
listed value matches)."""

_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
_BIDANG_CODE = re.compile(r"^[1-9][0-9]*(\.[1-9][0-9]*)?$")


@dataclass(frozen=True)
class Named:
    """A name given in both languages by a data file (not a catalogue key).

    Examples
    --------
    >>> Named("Kesehatan", "Health").text("en")
    'Health'
    """

    id: str
    en: str

    def text(self, lang: str) -> str:
        """Give the name in ``lang`` (Indonesian unless ``lang`` is ``"en"``)."""
        return self.en if lang == "en" else self.id


@dataclass(frozen=True)
class BidangRef:
    """The bidang and sub-bidang of the APBDes, by code, in file order."""

    bidang: dict[str, Named]
    sub_bidang: dict[str, tuple[str, Named]]

    def name(self, code: str) -> Named:
        """Give the name of a bidang or sub-bidang code (the code itself when unknown)."""
        if code in self.bidang:
            return self.bidang[code]
        if code in self.sub_bidang:
            return self.sub_bidang[code][1]
        return Named(code, code)

    def order(self, code: str) -> int:
        """Give a code's place in the file, unknown codes last."""
        keys = list(self.bidang) + list(self.sub_bidang)
        return keys.index(code) if code in keys else len(keys)


def _field(file: str, path: str) -> Msg:
    return Msg("field.actions.data_file", file=file, path=path)


def load_bidang(path: str | Path | None = None) -> BidangRef:
    """Read the bidang codes (default: the shipped ``bidang.csv``).

    Columns ``code,bidang_code,name_id,name_en``; a bidang row has an empty ``bidang_code``, a
    sub-bidang row names its bidang.

    Examples
    --------
    >>> import tempfile, os
    >>> bad = os.path.join(tempfile.mkdtemp(), "b.csv")
    >>> _ = open(bad, "w").write("code,bidang_code,name_id,name_en\\n4.4,9,X,Y\\n")
    >>> try:
    ...     load_bidang(bad)
    ... except ValidationError as err:
    ...     print(err.key, err.value)
    error.unknown_ref 9
    """
    file = Path(path) if path is not None else DATA_DIR / "bidang.csv"
    bidang: dict[str, Named] = {}
    subs: dict[str, tuple[str, Named]] = {}
    with open(file, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [
            c
            for c in ("code", "bidang_code", "name_id", "name_en")
            if c not in (reader.fieldnames or [])
        ]
        if missing:
            raise ValidationError(
                "error.required",
                field=_field(file.name, missing[0]),
                allowed=Msg("allowed.not_empty"),
            )
        for line, row in enumerate(reader, start=2):
            code = (row["code"] or "").strip()
            parent = (row["bidang_code"] or "").strip()
            name = Named((row["name_id"] or "").strip(), (row["name_en"] or "").strip())
            where = f"line {line}"
            if not _BIDANG_CODE.match(code) or code in bidang or code in subs:
                raise ValidationError(
                    field=_field(file.name, f"{where}: code"),
                    value=code,
                    allowed=Msg("actions.allowed.bidang_code"),
                )
            if not name.id or not name.en:
                raise ValidationError(
                    "error.required",
                    field=_field(file.name, f"{where}: name_id/name_en"),
                    allowed=Msg("allowed.not_empty"),
                )
            if "." not in code:
                if parent:
                    raise ValidationError(
                        field=_field(file.name, f"{where}: bidang_code"),
                        value=parent,
                        allowed=Msg("actions.allowed.empty_for_bidang"),
                    )
                bidang[code] = name
            else:
                if parent not in bidang or code.split(".")[0] != parent:
                    raise ValidationError(
                        "error.unknown_ref",
                        field=_field(file.name, f"{where}: bidang_code"),
                        value=parent,
                        allowed=list(bidang) or "-",
                    )
                subs[code] = (parent, name)
    return BidangRef(bidang, subs)


@dataclass(frozen=True)
class Priority:
    """One focus (priority) of the year's Dana Desa."""

    code: str
    name: Named


@dataclass(frozen=True)
class Rule:
    """One numeric rule of the year's Dana Desa, with where it comes from.

    ``amount`` is Rupiah (for ``max_per_household_month``), ``share`` an exact fraction (for the
    share rules), ``applies_to`` maps a selector key to the values it selects and ``of`` is the
    funding source whose ceiling (or, without a ceiling, planned total) the share is taken of.
    """

    code: str
    kind: str
    source: str
    verified: bool
    applies_to: dict[str, tuple[str, ...]]
    of: str = "dana_desa"
    amount: int | None = None
    share: Fraction | None = None
    text: str = ""
    in_force: bool = True
    # What a person calls the rule, and a note rule's words in English (``text`` is Indonesian):
    # the file's ``name_id``/``name_en`` and ``text_en``, never its code.
    name: Named | None = None
    text_en: str = ""

    def title(self, lang: str) -> str:
        """Give the rule's name in ``lang`` (its words, not its code; a file that names no
        rule gives its code in words, "blt cap")."""
        if self.name is not None:
            return self.name.text(lang)
        return self.code.replace("_", " ")

    def said(self, lang: str) -> str:
        """Give a note rule's words in ``lang`` (the Indonesian ``text`` when no English)."""
        return self.text_en if lang == "en" and self.text_en else self.text

    def named(self) -> Named:
        """Give the rule's name in both languages, for a message."""
        return self.name or Named(self.title("id"), self.title("en"))

    def selects(self, values: Mapping[str, str]) -> bool:
        """Tell whether an activity with these selector values falls under the rule."""
        return any(values.get(key, "") in wanted for key, wanted in self.applies_to.items())


@dataclass(frozen=True)
class YearRules:
    """A year's Dana Desa priorities and rules, as read from its data file."""

    year: int
    source: str
    check_before_use: bool
    priorities: tuple[Priority, ...]
    rules: tuple[Rule, ...]
    note: str = ""
    source_en: str = ""  # the regulations cited in English (``source`` as they are titled)

    def cited(self, lang: str) -> str:
        """Give the regulations the rules come from, in ``lang`` when the file gives it."""
        return self.source_en if lang == "en" and self.source_en else self.source

    def citation(self) -> Named:
        """Give the regulations cited in both languages, for a message."""
        return Named(self.source, self.source_en or self.source)

    def rule(self, code: str) -> Rule:
        """Give the rule with this code (``KeyError`` when there is none)."""
        for rule in self.rules:
            if rule.code == code:
                return rule
        raise KeyError(code)

    def in_force(self) -> tuple[Rule, ...]:
        """Give the rules in force this year (the others are kept only to say so)."""
        return tuple(r for r in self.rules if r.in_force)

    def outside(self) -> tuple[Rule, ...]:
        """Give the rules in force that pay part of a source's ceiling from outside the village
        budget."""
        return tuple(r for r in self.in_force() if r.kind == "outside_share")

    def village_ceilings(self, ceilings: Mapping[str, int]) -> dict[str, int]:
        """Give the part of each ceiling the village itself plans (the pagu reguler): the
        ceiling less the shares paid from outside, rounded down to whole Rupiah.

        Examples
        --------
        >>> rules = load_year_rules(year_rules_path(2026))
        >>> rules.village_ceilings({"dana_desa": 1_000_000_000, "add": 5})
        {'dana_desa': 419700000, 'add': 5}
        """
        out = dict(ceilings)
        for rule in self.outside():
            if rule.of in out and rule.share is not None:
                out[rule.of] = out[rule.of] - math.ceil(rule.share * out[rule.of])
        return out


def year_rules_path(year: int) -> Path:
    """Give the path of the shipped rules file of a year (it may not exist)."""
    return DATA_DIR / f"dana_desa_{year}.json"


def load_year_rules(path: str | Path) -> YearRules:
    """Read and check a year's Dana Desa file; refuse a bad one naming the field and value.

    Schema: ``year`` (int), ``source`` (text; optional ``source_en``, the same in English),
    ``check_before_use`` (bool), optional ``note``,
    ``priorities`` (non-empty list of ``{code, name_id, name_en}``) and ``rules`` (list of
    ``{code, kind, source, verified, ...}``, each with optional ``name_id`` and ``name_en``,
    what a person calls it, and a note's ``text_en``; ``max_per_household_month`` needs ``amount``,
    the share kinds need ``share`` in (0, 1]; all but ``note`` need ``applies_to``
    (``{"dd_focus"|"bidang"|"sub_bidang": [codes]}``); ``of`` defaults to ``dana_desa``;
    ``in_force`` (default true) false keeps a past year's rule only to say it no longer holds).

    Examples
    --------
    >>> import tempfile, os, json
    >>> bad = os.path.join(tempfile.mkdtemp(), "dana_desa_2027.json")
    >>> data = json.load(open(year_rules_path(2026)))
    >>> data["rules"][1]["share"] = 3
    >>> _ = open(bad, "w").write(json.dumps(data))
    >>> try:
    ...     load_year_rules(bad)
    ... except ValidationError as err:
    ...     print(err.field.fields["path"], err.value)
    rules[1].share 3
    """
    file = Path(path)
    name = file.name
    try:
        with open(file, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ValidationError(
            "error.file_format",
            field=_field(name, "-"),
            value=str(err),
            allowed=Msg("actions.allowed.year_file"),
        ) from err
    return _year_rules(data, name)


def _year_rules(data: Any, name: str) -> YearRules:
    def fail(path: str, value: Any, allowed: Any) -> ValidationError:
        # The value as written in the file, so "2026" (text) and 2026 (number) differ.
        shown = json.dumps(value, ensure_ascii=False)
        return ValidationError(field=_field(name, path), value=shown, allowed=allowed)

    def need(obj: Mapping[str, Any], key: str, path: str, allowed: Any) -> Any:
        if key not in obj:
            raise ValidationError("error.required", field=_field(name, path), allowed=allowed)
        return obj[key]

    def text(obj: Mapping[str, Any], key: str, path: str) -> str:
        value = need(obj, key, path, Msg("allowed.not_empty"))
        if not isinstance(value, str) or not value.strip():
            raise fail(path, value, Msg("allowed.not_empty"))
        return value.strip()

    def flag(obj: Mapping[str, Any], key: str, path: str) -> bool:
        value = need(obj, key, path, Msg("allowed.yes_no"))
        if not isinstance(value, bool):
            raise fail(path, value, Msg("actions.allowed.true_false"))
        return value

    if not isinstance(data, dict):
        raise fail("-", type(data).__name__, Msg("actions.allowed.year_file"))
    year = need(data, "year", "year", Msg("allowed.whole_number_between", low=2000, high=2100))
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
        raise fail("year", year, Msg("allowed.whole_number_between", low=2000, high=2100))
    source = text(data, "source", "source")
    source_en = data.get("source_en", "")
    if not isinstance(source_en, str):
        raise fail("source_en", source_en, Msg("allowed.not_empty"))
    check = flag(data, "check_before_use", "check_before_use")
    note = data.get("note", "")
    if not isinstance(note, str):
        raise fail("note", note, Msg("allowed.not_empty"))

    def coded(key: str, *, empty: bool) -> Iterator[tuple[str, Mapping[str, Any], str]]:
        # Each entry of the list ``key``, with its path in the file and its code, each code new.
        raw = need(data, key, key, Msg("actions.allowed.list"))
        if not isinstance(raw, list) or not (raw or empty):
            raise fail(key, raw, Msg("actions.allowed.list"))
        codes: set[str] = set()
        for i, item in enumerate(raw):
            path = f"{key}[{i}]"
            if not isinstance(item, dict):
                raise fail(path, item, Msg("actions.allowed.object"))
            code = text(item, "code", f"{path}.code")
            if not _CODE.match(code) or code in codes:
                raise fail(f"{path}.code", code, Msg("actions.allowed.new_code"))
            codes.add(code)
            yield path, item, code

    priorities: list[Priority] = []
    for path, item, code in coded("priorities", empty=False):
        named = Named(
            text(item, "name_id", f"{path}.name_id"), text(item, "name_en", f"{path}.name_en")
        )
        priorities.append(Priority(code, named))
    focus_codes = [p.code for p in priorities]

    rules: list[Rule] = []
    for path, item, code in coded("rules", empty=True):
        kind = need(item, "kind", f"{path}.kind", list(RULE_KINDS))
        if kind not in RULE_KINDS:
            raise fail(f"{path}.kind", kind, list(RULE_KINDS))
        rule_source = text(item, "source", f"{path}.source")
        verified = flag(item, "verified", f"{path}.verified")
        in_force = item.get("in_force", True)
        if not isinstance(in_force, bool):
            raise fail(f"{path}.in_force", in_force, Msg("actions.allowed.true_false"))
        of = item.get("of", "dana_desa")
        if of not in FUNDING_SOURCES:
            raise fail(f"{path}.of", of, list(FUNDING_SOURCES))
        called: Named | None = None
        if "name_id" in item or "name_en" in item:
            called = Named(
                text(item, "name_id", f"{path}.name_id"), text(item, "name_en", f"{path}.name_en")
            )
        text_en = item.get("text_en", "")
        if not isinstance(text_en, str):
            raise fail(f"{path}.text_en", text_en, Msg("allowed.not_empty"))
        if kind == "note":
            rules.append(
                Rule(
                    code,
                    kind,
                    rule_source,
                    verified,
                    {},
                    of,
                    text=text(item, "text", f"{path}.text"),
                    in_force=in_force,
                    name=called,
                    text_en=text_en.strip(),
                )
            )
            continue
        applies = _applies_to(item, path, focus_codes, fail, need)
        amount: int | None = None
        share: Fraction | None = None
        if kind == "max_per_household_month":
            amount = need(item, "amount", f"{path}.amount", Msg("allowed.whole_number_from", low=1))
            if not isinstance(amount, int) or isinstance(amount, bool) or amount < 1:
                raise fail(f"{path}.amount", amount, Msg("allowed.whole_number_from", low=1))
        else:
            raw = need(item, "share", f"{path}.share", Msg("actions.allowed.share"))
            if isinstance(raw, bool) or not isinstance(raw, int | float) or not 0 < raw <= 1:
                raise fail(f"{path}.share", raw, Msg("actions.allowed.share"))
            share = Fraction(str(raw))
        rule_text = item.get("text", "")
        if not isinstance(rule_text, str):
            raise fail(f"{path}.text", rule_text, Msg("allowed.not_empty"))
        rules.append(
            Rule(
                code,
                kind,
                rule_source,
                verified,
                applies,
                of,
                amount,
                share,
                rule_text,
                in_force,
                named,
                text_en.strip(),
            )
        )
    return YearRules(year, source, check, tuple(priorities), tuple(rules), note, source_en.strip())


def _applies_to(
    item: Mapping[str, Any], path: str, focus_codes: list[str], fail: Any, need: Any
) -> dict[str, tuple[str, ...]]:
    raw = need(item, "applies_to", f"{path}.applies_to", list(SELECTOR_KEYS))
    if not isinstance(raw, dict) or not raw:
        raise fail(f"{path}.applies_to", raw, list(SELECTOR_KEYS))
    applies: dict[str, tuple[str, ...]] = {}
    for key, values in raw.items():
        where = f"{path}.applies_to.{key}"
        if key not in SELECTOR_KEYS:
            raise fail(where, key, list(SELECTOR_KEYS))
        if (
            not isinstance(values, list)
            or not values
            or not all(isinstance(v, str) for v in values)
        ):
            raise fail(where, values, Msg("actions.allowed.list"))
        if key == "dd_focus":
            for value in values:
                if value not in focus_codes:
                    raise fail(where, value, focus_codes)
        applies[key] = tuple(values)
    return applies
