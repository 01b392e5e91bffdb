"""The plan's settings: its year, the year-rules file, the number of priority needs, how people
vote on activities, the budget their votes share out, and who is accountable.

Each setting is stored as text (``plan_settings`` records); :func:`parse_setting` checks a value
a person gave and gives it as stored, :func:`plan_config` reads them all with their defaults. A
year-rules file is named by the name of a shipped file (``dana_desa_2026.json``) or of a file
beside the workshop (``aturan_2027.json`` in the workshop's folder), never any other file of the
machine; :func:`year_rules` reads it once while the file is unchanged.

Examples
--------
>>> parse_setting("top_n", " 5 "), parse_setting("vote_budget", "Rp500.000.000")
('5', '500000000')
>>> config = plan_config({"year": "2026"}, workshop_date="2026-11-20")
>>> config.year, config.top_n, config.ballot, config.rules_path.name
(2026, 3, 'approval', 'dana_desa_2026.json')
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from planning.actions.methods.reference import DATA_DIR, YearRules, load_year_rules
from planning.actions.records import BALLOTS, SETTINGS
from planning.errors import Msg, ValidationError
from planning.needs.records import priority_count

_RULES_NAME = re.compile(r"^dana_desa_(\d{4})\.json$")


@dataclass(frozen=True)
class PlanConfig:
    """The plan's settings, each with its default filled in.

    ``vote_budget`` is None when not set (the votes then share out the ceilings of the village
    budget's sources); ``accountable`` is an actor's name or "".
    """

    year: int
    rules_file: str
    rules_path: Path
    top_n: int
    ballot: str
    vote_budget: int | None
    accountable: str
    provinsi: str = ""
    kode_desa: str = ""
    kepala_desa: str = ""
    ketua_bpd: str = ""


def shipped_rules_files() -> list[str]:
    """Give the names of the year-rules files shipped with the package, oldest year first.

    Examples
    --------
    >>> "dana_desa_2026.json" in shipped_rules_files()
    True
    """
    return sorted(p.name for p in DATA_DIR.glob("dana_desa_*.json") if _RULES_NAME.match(p.name))


def rules_file_label(name: str, lang: str) -> str:
    """Give what a person calls a rules file: a shipped one by its year's words, another (a
    file beside the workshop) by its name.

    Examples
    --------
    >>> rules_file_label("dana_desa_2026.json", "id")
    'Aturan Dana Desa 2026'
    >>> rules_file_label("aturan-kabupaten.json", "en")
    'File aturan-kabupaten.json'
    """
    from planning.i18n import t

    found = _RULES_NAME.match(name)
    if found and name in shipped_rules_files():
        return t("actions.settings.rules_file_of", lang, year=found.group(1))
    return t("actions.settings.rules_file_own", lang, name=name)


def workshop_folder(ws: object) -> Path | None:
    """Give the folder of a workshop file (a rules file may sit beside it), or None for a
    workshop on a database server."""
    from planning.store.database import sqlite_path

    path = sqlite_path(str(getattr(ws, "url", "") or ""))
    return None if path is None else path.resolve().parent


def rules_path(name: str, folder: Path | None = None) -> Path:
    """Give the file a rules-file setting names: a shipped file by its name, else the file of
    that name beside the workshop. Only the name counts, so a stored path never opens a file
    elsewhere on the machine.

    Examples
    --------
    >>> rules_path("/etc/shadow", Path("/data/desa")).as_posix()
    '/data/desa/shadow'
    """
    if name in shipped_rules_files():
        return DATA_DIR / name
    return (folder or DATA_DIR) / Path(name).name


def default_rules_file(year: int) -> str:
    """Give the shipped rules file of ``year``, else of the latest year before it, else the
    first shipped one.

    Examples
    --------
    >>> default_rules_file(2030)
    'dana_desa_2026.json'
    """
    files = shipped_rules_files()
    by_year = {int(m.group(1)): name for name in files if (m := _RULES_NAME.match(name))}
    earlier = [y for y in by_year if y <= year]
    if earlier:
        return by_year[max(earlier)]
    return files[0] if files else f"dana_desa_{year}.json"


_RULES_CACHE: dict[Path, tuple[float, YearRules]] = {}


def year_rules(path: Path) -> YearRules:
    """Give the rules of a year-rules file, read again only when the file changed."""
    path = Path(path)
    try:
        stamp = path.stat().st_mtime
    except OSError:
        stamp = -1.0
    cached = _RULES_CACHE.get(path)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    rules = load_year_rules(path)
    _RULES_CACHE[path] = (stamp, rules)
    return rules


def _label(setting: str) -> Msg:
    return Msg(f"actions.setting.{setting}")


def _whole(setting: str, value: str, low: int, high: int | None) -> int:
    text = re.sub(r"^rp\.?", "", value.strip().lower()).replace(" ", "")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")  # Indonesian thousands: 500.000.000
    allowed = (
        Msg("allowed.whole_number_between", low=low, high=high)
        if high is not None
        else Msg("allowed.whole_number_from", low=low)
    )
    if not text.isdigit() or int(text) < low or (high is not None and int(text) > high):
        raise ValidationError(field=_label(setting), value=value, allowed=allowed)
    return int(text)


_VILLAGE_CODE = re.compile(r"(\d{2})[.\s]?(\d{2})[.\s]?(\d{2})[.\s]?(\d{4})")


def village_code(value: str) -> str:
    """Give a village's code as Kemendagri writes it (``PP.KK.CC.DDDD``: province, kabupaten,
    kecamatan, desa), from the code with or without its dots; else raise a
    ``ValidationError`` naming the setting.

    Examples
    --------
    >>> village_code("3205152001"), village_code(" 32.05.15.2001 ")
    ('32.05.15.2001', '32.05.15.2001')
    >>> village_code("32.05.15")
    Traceback (most recent call last):
    ...
    planning.errors.ValidationError: ...
    """
    found = _VILLAGE_CODE.fullmatch(value.strip())
    if found is None:
        raise ValidationError(
            field=_label("kode_desa"), value=value, allowed=Msg("actions.allowed.kode_desa")
        )
    return ".".join(found.groups())


def parse_setting(setting: str, value: str, folder: Path | None = None) -> str:
    """Give a setting's value as stored, or raise a ``ValidationError`` naming the setting.

    A rules file is one of the shipped years' or a file in ``folder``, the workshop's.

    The accountable actor is checked against the map by the stage's rule, which knows it.
    """
    value = str(value or "").strip()
    if setting not in SETTINGS:
        raise ValidationError(
            field=Msg("field.plan_settings.setting"),
            value=setting,
            allowed=[_label(s) for s in SETTINGS],
        )
    if not value and setting != "year":
        return ""  # back to the default
    if setting == "year":
        return str(_whole(setting, value, 2000, 2100))
    if setting in ("top_n",):
        return str(_whole(setting, value, 1, 50))
    if setting == "tower_max":
        from planning.stakeholders.records import TOWER_HIGH, TOWER_LOW

        return str(_whole(setting, value, TOWER_LOW, TOWER_HIGH))
    if setting == "vote_budget":
        return str(_whole(setting, value, 0, None))
    if setting == "kode_desa":
        return village_code(value)
    if setting == "women_target":
        return str(_whole(setting, value.rstrip("% "), 0, 100))
    if setting == "ballot":
        from planning.records import Spec, coerce

        spec = Spec(type="choice", choices=BALLOTS, group="actions.ballot", required=True)
        try:
            return str(coerce("plan_settings", "value", spec, value))
        except ValidationError:
            raise ValidationError(
                field=_label(setting),
                value=value,
                allowed=[Msg(f"actions.ballot.{b}") for b in BALLOTS],
            ) from None
    if setting == "rules_file":
        if value in shipped_rules_files():
            year_rules(rules_path(value))
            return value
        given = Path(value).expanduser()
        if folder is not None and not given.is_absolute():
            given = folder / given
        beside = folder is not None and given.resolve().parent == folder
        if not beside or not given.is_file():  # nothing outside the workshop's folder is opened
            raise ValidationError(
                "actions.error.rules_file_where",
                field=_label(setting),
                value=Path(value).name,
                allowed=[*shipped_rules_files(), Msg("actions.allowed.rules_beside")],
            )
        year_rules(given)  # a file that does not fit is refused with its own message
        return given.name
    return value


def plan_config(
    values: Mapping[str, str], *, workshop_date: str = "", folder: Path | None = None
) -> PlanConfig:
    """Give the plan's settings from the stored ``setting -> value`` texts, defaults filled in.

    The year defaults to the workshop's year (else this year); the rules file to the shipped
    file of that year (or of the latest year before it); the number of priority needs to 3; the
    ballot to approvals.
    """
    year_text = values.get("year", "")
    if year_text.isdigit():
        year = int(year_text)
    elif workshop_date[:4].isdigit():
        year = int(workshop_date[:4])
    else:
        year = _dt.date.today().year
    rules_file = values.get("rules_file", "") or default_rules_file(year)
    budget = values.get("vote_budget", "")
    ballot = values.get("ballot", "") or "approval"
    return PlanConfig(
        year=year,
        rules_file=rules_file,
        rules_path=rules_path(rules_file, folder),
        # The needs stage's rule reads the same stored value (which needs are the priorities).
        top_n=priority_count(values),
        ballot=ballot if ballot in BALLOTS else "approval",
        vote_budget=int(budget) if budget.isdigit() else None,
        accountable=values.get("accountable", ""),
        provinsi=values.get("provinsi", ""),
        kode_desa=values.get("kode_desa", ""),
        kepala_desa=values.get("kepala_desa", ""),
        ketua_bpd=values.get("ketua_bpd", ""),
    )
