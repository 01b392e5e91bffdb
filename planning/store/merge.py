"""Merging workshops filled in offline on separate copies (``planning merge TARGET SOURCE...``).

Every record keeps its id. A version already in the target (the same data, the same removal
mark) is not written again, so merging twice changes nothing. A record that both copies changed
since they parted is a conflict: every version is kept in the history, and the one entered last
(then the larger data, so the result does not depend on the direction of the merge) becomes the
current one; the conflict is reported. A record added on both copies under different ids but
with the same natural key (the same participant typed on two laptops) becomes one record: the
source's id is mapped to the target's, and every reference follows.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from planning.errors import Msg, ValidationError
from planning.records import KINDS, Record, WorkshopInfo
from planning.store.schema import RowWrite, records_table
from planning.store.workshop import Workshop
from planning.store.writes import WriteContext

Version = tuple[str, bool, str, str]  # (data as stored, removed, entered_at, entered_by)


@dataclass
class MergeReport:
    """What one merge did: versions written per kind, records joined by key, conflicts."""

    source: str
    written: dict[str, int] = field(default_factory=dict)
    joined: list[tuple[str, str]] = field(default_factory=list)  # (kind, name)
    conflicts: list[tuple[str, str]] = field(default_factory=list)  # (kind, name)

    @property
    def changed(self) -> bool:
        return bool(self.written)


def _versions(conn: sa.Connection) -> dict[tuple[str, str], list[Version]]:
    """Give every version of every record, oldest first, keyed by (kind, id)."""
    r = records_table
    found: dict[tuple[str, str], list[Version]] = defaultdict(list)
    rows = conn.execute(
        sa.select(r.c.kind, r.c.id, r.c.data, r.c.removed, r.c.entered_at, r.c.entered_by).order_by(
            r.c.seq
        )
    )
    for kind, rid, data, removed, at, by in rows:
        found[(kind, rid)].append((_canonical(data), bool(removed), at, by))
    return found


def _canonical(data: str) -> str:
    return json.dumps(json.loads(data), ensure_ascii=False, sort_keys=True)


def merge_workshops(target: Workshop, source: Workshop) -> MergeReport:
    """Merge every record of ``source`` into ``target`` in one change; give what was done."""
    if target.schema_version() != source.schema_version():
        raise ValidationError(
            "error.merge_schema",
            field=Msg("field.path"),
            value=source.url,
            allowed=str(target.schema_version()),
        )
    with source._engine.connect() as conn:
        theirs = _versions(conn)
    report = MergeReport(source=source.info().title)

    def work(ctx: WriteContext) -> None:
        ours = _versions(ctx.conn)
        r = records_table
        tops = dict(
            ((kind, rid), top)
            for kind, rid, top in ctx.conn.execute(
                sa.select(r.c.kind, r.c.id, sa.func.max(r.c.version)).group_by(r.c.kind, r.c.id)
            )
        )
        ids: dict[str, dict[str, str]] = defaultdict(dict)  # kind -> their id -> our id
        # Kinds in dependency order (participants, then each stage's kinds), so a reference is
        # mapped before the records that use it. The workshop's own record stays the target's.
        for kind, cls in KINDS.items():
            if cls is WorkshopInfo:
                continue
            for (k, rid), versions in theirs.items():
                if k != kind:
                    continue
                remapped = [(_remap(cls, v[0], ids), v[1], v[2], v[3]) for v in versions]
                our_id = rid
                current, removed = json.loads(remapped[-1][0]), remapped[-1][1]
                if (kind, rid) not in ours and not removed and cls.key_fields():
                    twin = ctx.by_key(cls, ctx.key_of(cls, current))
                    if twin is not None:
                        ids[kind][rid] = our_id = twin.id
                        report.joined.append((kind, twin.display_name()))
                mine = ours.get((kind, our_id), [])
                seen = {(v[0], v[1]) for v in mine}
                new = [v for v in remapped if (v[0], v[1]) not in seen]
                if not new:
                    continue
                # The version entered last becomes current, whichever copy it came from.
                winner = max(([mine[-1]] if mine else []) + [remapped[-1]], key=_order)
                if mine and any((v[0], v[1]) not in {(w[0], w[1]) for w in remapped} for v in mine):
                    report.conflicts.append((kind, _name(cls, json.loads(winner[0]))))
                ordered = [v for v in new if v != winner] + [winner]
                for offset, (data, gone, at, by) in enumerate(ordered, start=1):
                    version = tops.get((kind, our_id), 0) + offset
                    row = RowWrite(our_id, version, json.loads(data), gone, kind, at, by)
                    ctx.write(row)
                    report.written[kind] = report.written.get(kind, 0) + 1

    target.write(work, action="merge", summary=f"merge: {report.source}", source=source.url[-200:])
    return report


def _order(version: Version) -> tuple[str, str, bool]:
    data, removed, at, _by = version
    return at, data, removed


def _name(cls: type[Record], data: dict[str, Any]) -> str:
    keys = cls.key_fields()
    return str(data.get(keys[0], "")) if keys else ""


def _remap(cls: type[Record], stored: str, ids: dict[str, dict[str, str]]) -> str:
    """Give stored data with references to joined records pointed at the target's ids."""
    data = json.loads(stored)
    for name, spec in cls.specs().items():
        if spec.type == "ref" and data.get(name) in ids.get(spec.ref, {}):
            data[name] = ids[spec.ref][data[name]]
    return json.dumps(data, ensure_ascii=False, sort_keys=True)
