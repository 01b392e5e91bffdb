"""A round's map kept with the round, so the map between rounds survives every copy.

A round names the change of the workshop the map stood at (``map_rounds.change``), but a
workshop's history does not travel: ``planning export`` writes the records, not their past, and
``planning merge`` writes a copy's records as new changes of the target. So when a round is
named (:func:`planning.followup.commands.mark_round`) the map as it stood then is kept beside
it as ``round_maps`` records: the records of each kind the map's result reads (actors, links,
link types, questions, towers, goals, what needs require), with their ids and without the
contact person, as JSON, compressed and written as base64 text in parts of a spreadsheet cell
(as a photo is). They travel with export, import, copy and merge like any record, and
:class:`KeptMap` gives the map's result over them: the map's kinds as the round kept them,
every other kind as the workshop holds it now. A round without a kept map (one imported from a
file that names only its change) is read with ``Workshop.as_of``.

Examples
--------
>>> text = pack({"links": [{"id": "l1", "source": "a", "target": "b"}]})
>>> unpack(split(text))
{'links': [{'id': 'l1', 'source': 'a', 'target': 'b'}]}
>>> unpack(["not base64!"]) is None
True
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import zlib
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar, cast

from planning import stages
from planning.followup.records import MAP_PART_CHARS, RoundMap
from planning.records import Record, kind_class, sensitive_fields
from planning.store.past import ReadOnlyView

R = TypeVar("R", bound=Record)

Kept = dict[str, list[dict[str, Any]]]


def map_kinds() -> tuple[type[Record], ...]:
    """Give the map's own kinds its result reads (the stakeholder stage's, not ``positions``).

    Examples
    --------
    >>> [cls.KIND for cls in map_kinds()][:3]
    ['stakeholders', 'influence_questions', 'influence']
    """
    reads = stages.reads("stakeholders")
    return tuple(cls for cls in stages.stage("stakeholders").kinds if cls.KIND in reads)


def map_records(ws: Any) -> Kept:
    """Give the map's records as ``ws`` holds them (a workshop, or ``ws.as_of(change)``): per
    kind, each record's id and fields, without the fields kept for the facilitator."""
    out: Kept = {}
    for cls in map_kinds():
        hidden = set(sensitive_fields(cls))
        out[cls.KIND] = [
            {"id": r.id, **{k: v for k, v in r.data().items() if k not in hidden}}
            for r in ws.snapshot(cls)
        ]
    return out


def pack(kept: Mapping[str, Any]) -> str:
    """Give the kept map as one base64 text (JSON, compressed)."""
    raw = json.dumps(kept, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return base64.b64encode(zlib.compress(raw.encode("utf-8"), 9)).decode("ascii")


def split(text: str, size: int = MAP_PART_CHARS) -> list[str]:
    """Give a text kept in parts (a round's map, a photo), each at most ``size`` characters.

    Examples
    --------
    >>> [len(p) for p in split("a" * 70_000)]
    [30000, 30000, 10000]
    """
    return [text[i : i + size] for i in range(0, len(text), size)] or [""]


def unpack(parts: Iterable[str]) -> Kept | None:
    """Give the kept map of a round's parts (in order), or None when they do not make one (a
    part missing or spoiled)."""
    try:
        raw = zlib.decompress(base64.b64decode("".join(parts), validate=True))
        found = json.loads(raw.decode("utf-8"))
    except (binascii.Error, zlib.error, ValueError):
        return None
    if not isinstance(found, dict) or not all(isinstance(v, list) for v in found.values()):
        return None
    return cast(Kept, found)


def kept_texts(ws: Any) -> dict[int, str]:
    """Give each round's kept map as its joined text, by round."""
    parts: dict[int, list[tuple[int, str]]] = {}
    for p in ws.snapshot(RoundMap):
        parts.setdefault(p.round, []).append((p.part, p.content))
    return {rnd: "".join(c for _, c in sorted(found)) for rnd, found in parts.items()}


def kept_map(ws: Any, text: str) -> Any:
    """Give the map's result over a round's kept map (``text`` from :func:`kept_texts`), or
    None when the text does not make one; computed once per text (what was kept does not
    change, and the map's result reads nothing else that its comparison shows)."""
    found = unpack([text])
    if found is None:
        return None
    key = ("followup.kept_map", hashlib.sha256(text.encode("ascii")).hexdigest())
    return stages.memo(ws, key, (), lambda: stages.result(KeptMap(ws, found), "stakeholders"))


class KeptMap(ReadOnlyView):
    """A read-only view of a workshop whose map is the one a round kept: the map's kinds as
    kept, every other kind as ``ws`` holds it. Writing is refused."""

    read_only = True

    def __init__(self, ws: Any, kept: Kept) -> None:
        self.workshop = ws
        self.url = getattr(ws, "url", "")
        self.location = getattr(ws, "location", "")
        self._kept = kept
        self._read: dict[str, tuple[Record, ...]] = {}

    def snapshot(self, kind: type[R] | str) -> tuple[R, ...]:
        """Give the records of a kind (the same tuple every time)."""
        cls = cast(type[R], kind_class(kind))
        if cls.KIND not in self._kept:
            return cast(tuple[R, ...], self.workshop.snapshot(cls))
        found = self._read.get(cls.KIND)
        if found is None:
            fields = cls.field_names()
            found = self._read[cls.KIND] = tuple(
                cls(**{k: v for k, v in row.items() if k in fields}) for row in self._kept[cls.KIND]
            )
        return cast(tuple[R, ...], found)
