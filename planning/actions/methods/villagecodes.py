"""The code lists a village already reports in, read from the stage's editable data files
(``planning/actions/data/village_codes.md`` gives each file's source): the Indeks Desa
dimensions (Permendesa PDT 9/2024), the SDGs Desa goals, the PKH components and P2K2 modules.

An indicator names its dimension and goal, an activity its PKH component or module, by code or
by name in either language; :func:`code_in` gives the code stored.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from planning.actions.methods.reference import DATA_DIR, Named
from planning.errors import Msg, ValidationError
from planning.records import normalise_name

__all__ = ["LISTS", "CodeList", "CodeWords", "code_in", "load_codes"]

# Each list: the data file it is read from.
LISTS = {"indeks_desa": "indeks_desa.csv", "sdgs_desa": "sdgs_desa.csv", "pkh": "pkh.csv"}
_CODE = re.compile(r"^([a-z][a-z0-9_]*|[1-9][0-9]*)$")
_LOADED: dict[str, CodeList] = {}


@dataclass(frozen=True)
class CodeList:
    """One code list: code -> its name in both languages, in the file's order."""

    name: str
    codes: dict[str, Named]

    def named(self, code: str, lang: str) -> str:
        """Give a stored code in words ("" for none; the code itself if the file lost it)."""
        found = self.codes.get(code)
        return CodeWords(code, found).text(lang) if found else code

    def words(self) -> list[Msg]:
        """Give every code in words, in the file's order (what a field may be)."""
        return [CodeWords(c, n) for c, n in self.codes.items()]


class CodeWords(Msg):
    """A code of a list in words: its name, after its number for a numbered code ("6 Desa
    Layak Air Bersih dan Sanitasi"), never a code made of letters.

    Examples
    --------
    >>> from planning.errors import words
    >>> sdgs, dims = load_codes("sdgs_desa"), load_codes("indeks_desa")
    >>> words([CodeWords("6", sdgs.codes["6"]), CodeWords("sosial", dims.codes["sosial"])], "en")
    '6 Village with clean water and sanitation, Social'
    """

    def __init__(self, code: str, name: Named) -> None:
        super().__init__("actions.named_code", code=code, id=name.id, en=name.en)

    def text(self, lang: str) -> str:
        name = self.fields["en" if lang == "en" else "id"]
        code = self.fields["code"]
        return f"{code} {name}" if code.isdigit() else name


def load_codes(name: str, path: str | Path | None = None) -> CodeList:
    """Read code list ``name`` (:data:`LISTS`) from its shipped file, once (or from ``path``).

    Examples
    --------
    >>> load_codes("indeks_desa").codes["layanan_dasar"].text("en")
    'Basic services'
    >>> import tempfile, os
    >>> bad = os.path.join(tempfile.mkdtemp(), "x.csv")
    >>> _ = open(bad, "w").write("code,name_id,name_en\\nBad Code,X,Y\\n")
    >>> try:
    ...     load_codes("pkh", bad)
    ... except ValidationError as err:
    ...     print(err.value)
    Bad Code
    """
    if path is None and name in _LOADED:
        return _LOADED[name]
    file = Path(path) if path is not None else DATA_DIR / LISTS[name]
    codes: dict[str, Named] = {}
    with open(file, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        for line, row in enumerate(reader, start=2):
            code = (row.get("code") or "").strip()
            named = Named((row.get("name_id") or "").strip(), (row.get("name_en") or "").strip())
            if not _CODE.match(code) or code in codes:
                raise ValidationError(
                    field=Msg("field.actions.data_file", file=file.name, path=f"line {line}: code"),
                    value=code,
                    allowed=Msg("actions.allowed.new_code"),
                )
            if not named.id or not named.en:
                raise ValidationError(
                    "error.required",
                    field=Msg(
                        "field.actions.data_file", file=file.name, path=f"line {line}: name_id"
                    ),
                    allowed=Msg("allowed.not_empty"),
                )
            codes[code] = named
    found = CodeList(name, codes)
    if path is None:
        _LOADED[name] = found
    return found


def _key(text: str) -> str:
    return normalise_name(text).strip(" .").replace("_", " ")


def code_in(codes: CodeList, text: str) -> str | None:
    """Give the code ``text`` names in a list: its code, its name in either language, or
    "code name" ("3 Desa Sehat dan Sejahtera"); None when it names none of them.

    Examples
    --------
    >>> sdgs = load_codes("sdgs_desa")
    >>> code_in(sdgs, "6"), code_in(sdgs, "desa layak air bersih dan sanitasi")
    ('6', '6')
    >>> code_in(load_codes("indeks_desa"), "Basic services"), code_in(sdgs, "19") is None
    ('layanan_dasar', True)
    """
    wanted = _key(text)
    for code, named in codes.codes.items():
        names = {_key(named.id), _key(named.en), _key(code)}
        if wanted in names or wanted in {f"{_key(code)} {n}" for n in names}:
            return code
    return None
