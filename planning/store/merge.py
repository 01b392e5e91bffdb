"""Merging workshops filled in offline on separate copies (``planning merge TARGET SOURCE...``).

Every record keeps its id. A version already in the target (the same data, the same removal
mark) is not written again, so merging twice changes nothing. A record that both copies changed
since they parted is a conflict: every version is kept in the history, and the one entered last
(then the larger data, so the result does not depend on the direction of the merge) becomes the
current one; the conflict is reported. A record added on both copies under different ids but
with the same natural key (the same participant typed on two laptops) becomes one record: the
source's id is mapped to the target's, and every reference follows.

The target's rules run on the whole merged result inside the one transaction, as an import's
do: a record a reader could not show (a value out of its bounds, a loop in a problem tree, a
reference to nothing) refuses the whole merge with its message. A record that refers to one the
other copy removed is a conflict naming both: it is not written, unless the facilitator asks to
bring the removed one back (``bring_back``). A merge of several copies is one transaction: all
of them, or none.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from planning.errors import MergeRefusedError, Msg, PlanningError, ValidationError
from planning.records import KINDS, Record, WorkshopInfo, build
from planning.store.schema import RowWrite, records_table
from planning.store.workshop import Workshop
from planning.store.writes import WriteContext, known_names

Version = tuple[str, bool, str, str]  # (data as stored, removed, entered_at, entered_by)
Versions = dict[tuple[str, str], list[Version]]
Key = tuple[str, str]  # (kind, id)


@dataclass(frozen=True)
class Dangling:
    """A record that refers to one the other copy removed: both by name."""

    kind: str
    name: str
    ref_kind: str
    ref_name: str


@dataclass
class MergeReport:
    """What one merge did: versions written per kind, records joined by key, conflicts."""

    source: str
    written: dict[str, int] = field(default_factory=dict)
    joined: list[tuple[str, str]] = field(default_factory=list)  # (kind, name)
    conflicts: list[tuple[str, str]] = field(default_factory=list)  # (kind, name)
    # Not written: they refer to what the other copy removed.
    dangling: list[Dangling] = field(default_factory=list)
    # Brought back (``bring_back``): removed on one copy, referred to on the other.
    brought_back: list[Dangling] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.written)


class _TrialRun(Exception):
    """Raised to roll a trial run's transaction back."""


def _versions(conn: sa.Connection, where: str) -> Versions:
    """Give every version of every record, oldest first, keyed by (kind, id); a record whose
    stored data is damaged is refused in one line naming the workshop (``where``)."""
    r = records_table
    found: Versions = defaultdict(list)
    rows = conn.execute(
        sa.select(r.c.kind, r.c.id, r.c.data, r.c.removed, r.c.entered_at, r.c.entered_by).order_by(
            r.c.seq
        )
    )
    for kind, rid, data, removed, at, by in rows:
        try:
            canonical = _canonical(data)
        except (TypeError, ValueError):
            raise ValidationError(
                "error.merge_damaged",
                field=Msg("field.path"),
                value=where,
                kind=Msg(f"kind.{kind}") if kind in KINDS else str(kind)[:40],
            ) from None
        found[(kind, rid)].append((canonical, bool(removed), at, by))
    return found


def _canonical(data: str) -> str:
    loaded = json.loads(data)
    if not isinstance(loaded, dict):
        raise ValueError(data)
    return json.dumps(loaded, ensure_ascii=False, sort_keys=True)


def merge_workshops(target: Workshop, source: Workshop, *, bring_back: bool = False) -> MergeReport:
    """Merge every record of ``source`` into ``target`` in one change; give what was done."""
    return merge_all(target, [source], bring_back=bring_back)[0]


def merge_all(
    target: Workshop,
    sources: Sequence[Workshop],
    *,
    dry_run: bool = False,
    bring_back: bool = False,
) -> list[MergeReport]:
    """Merge several copies into ``target`` in one transaction, each as one change (one undo
    takes the last back): all of them, or none when one is refused. With ``dry_run``, give
    what would be written and write nothing."""
    for source in sources:
        if target.schema_version() != source.schema_version():
            raise ValidationError(
                "error.merge_schema",
                field=Msg("field.path"),
                value=source.location,
                allowed=str(target.schema_version()),
            )
    read = []
    for source in sources:
        with source._engine.connect() as conn:
            read.append((source, _versions(conn, source.location)))
    reports: list[MergeReport] = []
    kinds: set[str] = set()

    def unit(conn: sa.Connection) -> None:
        reports.clear()
        kinds.clear()
        for source, theirs in read:
            report = MergeReport(source=_title(source, theirs))
            ours = _versions(conn, target.location)
            ctx = _merged(target, conn, ours, theirs, report, bring_back)
            for row in ctx.plan:
                report.written[row.kind] = report.written.get(row.kind, 0) + 1
            if ctx.plan:
                kinds.update(ctx.kinds())
                summary = f"merge: {report.source}"
                target._write_rows(
                    conn,
                    "merge",
                    ",".join(sorted(ctx.kinds())),
                    summary,
                    ctx.plan,
                    source=source.url[-200:],
                )
            reports.append(report)
        if dry_run:
            raise _TrialRun

    try:
        target._transact(unit)
    except BaseException:
        # What was read inside the rolled-back transaction was never stored.
        target._read_cache.clear()
        target._key_cache.clear()
        if not isinstance(sys.exc_info()[1], _TrialRun):
            raise
        return reports
    if kinds:
        target._changed(kinds)
    return reports


def _title(source: Workshop, theirs: Versions) -> str:
    versions = theirs.get(("workshop", "workshop"))
    if versions:
        return str(json.loads(versions[-1][0]).get("title", "")) or source.location
    return source.location


def _merged(
    target: Workshop,
    conn: sa.Connection,
    ours: Versions,
    theirs: Versions,
    report: MergeReport,
    bring_back: bool,
) -> WriteContext:
    """Plan one source's versions, then check the merged result as a whole; a record that
    refers to one removed on the other copy is left out (or the removed one brought back) and
    the plan made again without it, until what is planned every reader can show."""
    skip: set[Key] = set()
    revive: dict[Key, Dangling] = {}
    names = _Names(ours, theirs)
    for _ in range(len(theirs) + 2):
        ctx = WriteContext(target, conn, target.by)
        plan = _plan(ctx, ours, theirs, skip, report)
        for kind, rid in revive:
            _revive(ctx, ours, theirs, kind, rid)
        problems, dangling = _check(ctx, plan | set(revive), names)
        if problems:
            raise MergeRefusedError(problems, file=report.source)
        if not dangling:
            found = {d for k in skip for d in names.dangling(k)}
            report.dangling = sorted(found, key=lambda d: (d.kind, d.name, d.ref_name))
            report.brought_back = sorted(revive.values(), key=lambda d: (d.kind, d.name))
            return ctx
        for referrer, referent in dangling:
            if referent in revive:
                continue
            if bring_back and _last_kept(ours, theirs, referent):
                revive[referent] = Dangling(
                    referent[0], names.name(referent), referrer[0], names.name(referrer)
                )
            elif referrer in plan:
                skip.add(referrer)
                names.because.setdefault(referrer, []).append((referrer, referent))
            else:  # the source removed what the target's own record refers to: keep it
                skip.add(referent)
                names.because.setdefault(referent, []).append((referrer, referent))
        report.joined.clear()
        report.conflicts.clear()
    raise AssertionError("a merge's plan did not settle")  # each round leaves one more out


def _plan(
    ctx: WriteContext, ours: Versions, theirs: Versions, skip: set[Key], report: MergeReport
) -> set[Key]:
    """Plan the source's versions (all but ``skip``) in ``ctx``; give the records written."""
    r = records_table
    tops = dict(
        ((kind, rid), top)
        for kind, rid, top in ctx.conn.execute(
            sa.select(r.c.kind, r.c.id, sa.func.max(r.c.version)).group_by(r.c.kind, r.c.id)
        )
    )
    written: set[Key] = set()
    ids: dict[str, dict[str, str]] = defaultdict(dict)  # kind -> their id -> our id
    # Kinds in dependency order (participants, then each stage's kinds), so a reference is
    # mapped before the records that use it. The workshop's own record stays the target's.
    by_kind: dict[str, list[tuple[str, list[Version]]]] = defaultdict(list)
    for (k, rid), versions in theirs.items():
        by_kind[k].append((rid, versions))
    for kind, cls in KINDS.items():
        if cls is WorkshopInfo:
            continue
        for rid, versions in by_kind.get(kind, []):
            remapped = [(_remap(cls, v[0], ids), v[1], v[2], v[3]) for v in versions]
            our_id = rid
            current, removed = json.loads(remapped[-1][0]), remapped[-1][1]
            if (kind, rid) not in ours and not removed and cls.key_fields():
                try:
                    twin = ctx.by_key(cls, ctx.key_of(cls, current))
                except (KeyError, TypeError):  # a record missing its key is refused in _check
                    twin = None
                if twin is not None:
                    ids[kind][rid] = our_id = twin.id
                    report.joined.append((kind, twin.display_name()))
            if (kind, our_id) in skip:
                continue
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
            written.add((kind, our_id))
    return written


def _last_kept(ours: Versions, theirs: Versions, key: Key) -> str | None:
    """Give the data of a record's newest version that was not a removal, on either copy."""
    kept = [v for v in ours.get(key, []) + theirs.get(key, []) if not v[1]]
    return max(kept, key=_order)[0] if kept else None


def _revive(ctx: WriteContext, ours: Versions, theirs: Versions, kind: str, rid: str) -> None:
    """Plan a new version of a removed record holding what it last held."""
    data = _last_kept(ours, theirs, (kind, rid))
    if data is None or rid in ctx.records(kind):
        return
    top = ctx.conn.execute(
        sa.select(sa.func.max(records_table.c.version)).where(
            records_table.c.kind == kind, records_table.c.id == rid
        )
    ).scalar()
    version = max(int(top or 0), len(theirs.get((kind, rid), []))) + 1
    ctx.write(RowWrite(rid, version, json.loads(data), False, kind))


def _check(
    ctx: WriteContext, written: set[Key], names: _Names
) -> tuple[list[tuple[Msg, PlanningError]], list[tuple[Key, Key]]]:
    """Run the target's checks on every record the merge wrote (its fields and bounds, its
    references, its key, its stage's rule), as an import runs them, and find the records that
    refer to one removed on one copy: give the problems, and those references (referrer,
    referent)."""
    problems: list[tuple[Msg, PlanningError]] = []
    dangling: list[tuple[Key, Key]] = []
    touched = {kind for kind, _ in written}
    removed = {k for k, i in written if i not in ctx.records(k)}
    for kind, cls in KINDS.items():
        refs = {n: s.ref for n, s in cls.specs().items() if s.type == "ref"}
        if kind not in touched and not removed & set(refs.values()):
            continue
        for rid, record in list(ctx.records(cls).items()):
            missing = [
                (ref, getattr(record, n))
                for n, ref in refs.items()
                if getattr(record, n) and getattr(record, n) not in ctx.records(ref)
            ]
            # Refers to a record removed on one copy: the merge's doing when it wrote either.
            gone = [
                (ref, value)
                for ref, value in missing
                if names.known((ref, value)) and ((kind, rid) in written or (ref, value) in written)
            ]
            dangling += [((kind, rid), (ref, value)) for ref, value in gone]
            # The target's own records stay as its readers show them; what the merge wrote is
            # checked as an import's rows are.
            if gone or (kind, rid) not in written:
                continue
            try:
                data = build(cls, record.data())
                for n, ref in refs.items():
                    if data[n] and data[n] not in ctx.records(ref):
                        raise ValidationError(
                            "error.unknown_ref",
                            field=Msg(f"field.{kind}.{n}"),
                            value="?",
                            allowed=known_names(ctx.records(ref).values()),
                        )
                ctx.check(cls, data, rid)
            except PlanningError as err:
                problems.append((names.label((kind, rid)), err))
    return problems, dangling


class _Names:
    """What a person calls any record of either copy, removed ones too (references by name)."""

    def __init__(self, ours: Versions, theirs: Versions) -> None:
        self.data: dict[Key, dict[str, Any]] = {}
        for versions in (theirs, ours):
            for key, found in versions.items():
                kept = [v for v in found if not v[1]] or found
                self.data[key] = json.loads(kept[-1][0])
        self.because: dict[Key, list[tuple[Key, Key]]] = {}

    def known(self, key: Key) -> bool:
        return key in self.data

    def name(self, key: Key, depth: int = 0) -> str:
        kind = key[0]
        cls = KINDS.get(kind)
        data = self.data.get(key)
        if cls is None or data is None:
            return "?"
        parts = []
        for n in cls.key_fields() or tuple(cls.specs())[:1]:
            spec = cls.specs()[n]
            value = data.get(n, "")
            if spec.type == "ref" and depth < 2:
                value = self.name((spec.ref, str(value)), depth + 1)
            parts.append(str(value))
        return " / ".join(parts) if any(parts) else "?"

    def label(self, key: Key) -> Msg:
        return Msg("merge.record", kind=Msg(f"kind.{key[0]}"), name=self.name(key))

    def dangling(self, key: Key) -> list[Dangling]:
        return [
            Dangling(a[0], self.name(a), b[0], self.name(b)) for a, b in self.because.get(key, [])
        ]


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
