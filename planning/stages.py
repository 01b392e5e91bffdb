"""What a stage declares, and the one list of stages.

A stage is a package ``planning.<name>`` whose ``__init__`` defines ``STAGE``: the kinds of
record it adds, the rules the store applies when they are written, how its records follow a
merge, and where its summary, its panels and its words are. The core (this module, ``records``,
``store``, ``io``, ``summary``, ``handout``) never imports a stage by name: it reads
:data:`STAGE_NAMES` and imports those packages when a workshop is opened.

A stage laid out like the others declares itself with :meth:`Stage.declare`, which derives
its kinds, rules, summary, next steps, panels and room module from its name, so it names only
what differs (its result, its notebooks, its file names).

Adding a stage: its folder, its notebooks, its data templates, its name in
:data:`STAGE_NAMES` and its packages in ``pyproject.toml`` (the whole list is the checklist in
``docs/ARCHITECTURE.md``); no other module of the core changes.

A stage offers one result (:func:`result`): a frozen dataclass a later stage reads instead of
the stage's records or helpers, kept in one memo (:func:`memo`) while the kinds it reads
(:func:`reads`) are unchanged.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType, ModuleType
from typing import TYPE_CHECKING, Any, ClassVar, Literal
from weakref import WeakKeyDictionary

if TYPE_CHECKING:
    from planning.records import Record
    from planning.store.writes import WriteContext

# The one list of stages, in workshop order: planning.<name> for each.
STAGE_NAMES: tuple[str, ...] = ("needs", "stakeholders", "actions", "followup")

Rule = Callable[["WriteContext", dict[str, Any], "str | None"], None]
RemoveRule = Callable[["WriteContext", "Record"], None]
# What becomes of a record that referred to a merged (dropped) record: ``("write", data)``,
# ``("drop", None)``, or ``("combine", twin_data)`` to drop it and write ``twin_data`` into the
# record with the same key it now collides with.
MergeOutcome = tuple[Literal["write", "drop", "combine"], "dict[str, Any] | None"]
MergeHook = Callable[["WriteContext", "Record", dict[str, Any], "Record | None"], MergeOutcome]

_EMPTY: Mapping[str, Any] = MappingProxyType({})


def drop_when_one(a: str, b: str) -> MergeHook:
    """Give the merge hook of a record between two others (fields ``a`` and ``b``: a
    comparison of two needs, a link between two actors): dropped when the merge made its two
    ends one record, or made it repeat another."""

    def hook(
        ctx: WriteContext, record: Record, data: dict[str, Any], twin: Record | None
    ) -> MergeOutcome:
        if twin is not None or data[a] == data[b]:
            return "drop", None
        return "write", data

    return hook


def combine_count(count: str, combine: Callable[[Any, Any], Any]) -> MergeHook:
    """Give the merge hook of a record holding a count (dots, a tower's height): when the merge
    makes it repeat another, the one kept holds ``combine(kept's, merged's)``."""

    def hook(
        ctx: WriteContext, record: Record, data: dict[str, Any], twin: Record | None
    ) -> MergeOutcome:
        if twin is None:
            return "write", data
        both = combine(getattr(twin, count), getattr(record, count))
        return "combine", {**twin.data(), count: both}

    return hook


@dataclass(frozen=True)
class Step:
    """One step of a live workshop: what trainees fill in, and what the room sees of it.

    ``form`` and ``results`` are ``"module:Class"`` paths of panels, imported only when the step
    is shown: ``form(ws, participant)`` is what a trainee fills in (the participant's name, or
    "" when the form is not a person's own), ``results(ws)`` the live results the facilitator
    projects. ``guide`` is the key of the step's guide (``guide.<key>.title`` and
    ``.minutes``); ``kinds`` are the kinds of record the step's inputs are, which say who has
    contributed to it.
    """

    name: str
    guide: str
    form: str
    results: str
    kinds: tuple[str, ...] = ()
    # ``function(ws)`` giving what the step still lacks that a trainee cannot add (``Lack``s)
    ready: str = ""

    def panel(self, what: str) -> Any:
        """Give the panel class ``form`` or ``results`` names."""
        module, _, attribute = getattr(self, what).partition(":")
        return getattr(importlib.import_module(module), attribute)

    def lacks(self, ws: Any) -> tuple[Lack, ...]:
        """Give what the step still needs before it can run (none when it declares nothing)."""
        return tuple(self.panel("ready")(ws)) if self.ready else ()


@dataclass(frozen=True)
class Lack:
    """Something a step needs that only the facilitator can add: the words that say so (a
    catalogue key), whether the step cannot run without it (``blocks``), and the preparation
    section of its stage (``Stage.prepare``) where it is added; ``after`` names the step where
    participants add it, so its words carry that step's one number (``{m}``)."""

    words: str
    blocks: bool = True
    section: str = ""
    after: str = ""  # the step where participants add it: its number fills ``{m}``


@dataclass(frozen=True)
class Stage:
    """What one stage adds to the workbook.

    ``summary``, ``summary_text``, ``next_steps``, ``tables``, ``panels`` and ``result`` are
    ``"module:attribute"`` paths, imported only when used, so opening a workshop does not import
    a stage's widgets or charts.

    ``result`` gives the stage's one public result, ``function(ws)``, a frozen dataclass; it
    reads the kinds named in ``reads`` (its own it uses, and the core's ``participants`` or
    ``workshop``; not, say, the map's positions, so dragging an actor recomputes nothing) and
    the results of the stages named in ``reads_results``, nothing else.
    ``stamp`` (optional) gives what else the result depends on outside the store, as a
    hashable value (the action plan's year-rules file and its time of change).
    """

    name: str
    kinds: tuple[type[Record], ...] = ()
    kind_aliases: Mapping[str, str] = field(default_factory=dict)  # a file's name -> kind
    choice_aliases: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    rules: Mapping[str, Rule] = field(default_factory=dict)  # kind -> rule on add and edit
    remove_rules: Mapping[str, RemoveRule] = field(default_factory=dict)
    merge_hooks: Mapping[str, MergeHook] = field(default_factory=dict)
    summary: str = ""  # builds the stage's part of ``planning summary --json``
    summary_text: str = ""  # turns that part into readable lines
    next_steps: str = ""  # gives the stage's lines of the handout's next steps
    # Writes the stage's own tables beside its records on ``planning export``:
    # ``function(ws, out_dir, fmt)`` with fmt "csv" or "xlsx", giving the paths written.
    tables: str = ""
    panels: str = ""  # the module whose panel classes ``planning.widgets`` offers
    handout_notebook: str = ""  # its notebook in templates/handout/notebooks/
    notebook: str = ""  # its notebook in notebooks/
    # Formats ``planning export --format`` can write beside CSV and XLSX: format ->
    # ``"module:function"``, called as ``function(ws, out_dir)`` and giving the files written.
    exports: Mapping[str, str] = field(default_factory=dict)
    # Files ``planning import`` reads beside CSV and XLSX: suffix (".pb") ->
    # ``"module:function"``, called as ``function(ws, path)`` and giving the counts imported.
    imports: Mapping[str, str] = field(default_factory=dict)
    steps: tuple[Step, ...] = ()  # its steps in a live workshop, in order
    result: str = ""  # computes its one public result: ``function(ws)``
    reads: tuple[str, ...] = ()  # the kinds its result reads itself
    reads_results: tuple[str, ...] = ()  # the stages whose results its result reads
    stamp: str = ""  # ``function(ws)``: what else the result depends on (a file's mtime)
    # The decisions it records, counted for influence (``planning.influence``): ``function(ws)``
    # giving ``Decision``s, built from its one result.
    decisions: str = ""
    # What the facilitator prepares before the room can run the steps: (section, words key,
    # "module:Class" of the facilitator's panel), in order.
    prepare: tuple[tuple[str, str, str], ...] = ()

    def resolve(self, what: str) -> Any:
        """Give the object a ``"module:attribute"`` declaration names (None when undeclared)."""
        return resolve_path(getattr(self, what))

    @classmethod
    def declare(cls, name: str, records: ModuleType, rules: ModuleType, **differs: Any) -> Stage:
        """Give the stage ``planning.<name>`` laid out by convention; ``differs`` says the rest.

        Its kinds are ``records.KINDS`` and its choice words ``records.CHOICE_ALIASES`` (if
        any); its rules ``rules.RULES``, ``REMOVE_RULES`` and ``MERGE_HOOKS``; its summary is
        ``planning.<name>.summary:<name>_part`` and ``<name>_text``, its next steps
        ``planning.<name>.sections:next_steps``, its panels ``planning.<name>.panels``. A step's
        ``form`` or ``results`` named without a module is in ``planning.<name>.room``.

        Examples
        --------
        >>> from types import SimpleNamespace as NS
        >>> s = Stage.declare("demo", NS(KINDS=()), NS(RULES={}, REMOVE_RULES={}, MERGE_HOOKS={}),
        ...                   steps=(Step("a", "g", "a_form", "x.y:Results"),))
        >>> s.summary, s.panels
        ('planning.demo.summary:demo_part', 'planning.demo.panels')
        >>> s.steps[0].form, s.steps[0].results
        ('planning.demo.room:a_form', 'x.y:Results')
        """
        package = f"planning.{name}"

        def qualified(path: str) -> str:
            return path if ":" in path else f"{package}.room:{path}"

        steps = tuple(
            replace(
                step,
                form=qualified(step.form),
                results=qualified(step.results),
                ready=qualified(step.ready) if step.ready else "",
            )
            for step in differs.pop("steps", ())
        )
        differs["prepare"] = tuple(
            (section, words, qualified(panel))
            for section, words, panel in differs.get("prepare", ())
        )
        conventional: dict[str, Any] = {
            "kinds": records.KINDS,
            "choice_aliases": getattr(records, "CHOICE_ALIASES", {}),
            "rules": rules.RULES,
            "remove_rules": rules.REMOVE_RULES,
            "merge_hooks": rules.MERGE_HOOKS,
            "summary": f"{package}.summary:{name}_part",
            "summary_text": f"{package}.summary:{name}_text",
            "next_steps": f"{package}.sections:next_steps",
            "panels": f"{package}.panels",
        }
        return cls(name=name, steps=steps, **(conventional | differs))


def resolve_path(path: str) -> Any:
    """Give the object a ``"module:attribute"`` path names (None for "")."""
    if not path:
        return None
    module, _, attribute = path.partition(":")
    return getattr(importlib.import_module(module), attribute)


_loaded: tuple[Stage, ...] | None = None


def stages() -> tuple[Stage, ...]:
    """Give every stage, importing them and registering their kinds on first use."""
    global _loaded
    if _loaded is None:
        from planning import records

        found = tuple(importlib.import_module(f"planning.{n}").STAGE for n in STAGE_NAMES)
        for stage in found:
            for cls in stage.kinds:
                records.register(cls)
            for group, aliases in stage.choice_aliases.items():
                records.CHOICE_ALIASES.setdefault(group, {}).update(aliases)
        _loaded = found
    return _loaded


def kinds() -> dict[str, type[Record]]:
    """Give every kind of record, the core's and every stage's, in workshop order."""
    from planning.records import KINDS

    stages()
    return KINDS


def stage(name: str) -> Stage:
    """Give one stage by name."""
    return next(s for s in stages() if s.name == name)


def rule(kind: str) -> Rule | None:
    """Give the rule a stage declared for writing records of ``kind``."""
    return _find("rules", kind)


def remove_rule(kind: str) -> RemoveRule | None:
    """Give the rule a stage declared for removing records of ``kind``."""
    return _find("remove_rules", kind)


def merge_hook(kind: str) -> MergeHook | None:
    """Give what a stage declared for records of ``kind`` that follow a merge."""
    return _find("merge_hooks", kind)


def export_formats() -> dict[str, str]:
    """Give every export format the stages declared (format -> ``"module:function"``)."""
    out: dict[str, str] = {}
    for s in stages():
        out.update(s.exports)
    return out


def import_formats() -> dict[str, str]:
    """Give every file suffix a stage reads on ``planning import`` (suffix ->
    ``"module:function"``)."""
    out: dict[str, str] = {}
    for s in stages():
        out.update(s.imports)
    return out


def steps() -> tuple[Step, ...]:
    """Give every stage's steps of a live workshop, in workshop order."""
    return tuple(step for s in stages() for step in s.steps)


def kind_aliases() -> dict[str, str]:
    """Give every other name of a kind's file or sheet the stages declared."""
    out: dict[str, str] = {}
    for s in stages():
        out.update(s.kind_aliases)
    return out


def reads(name: str) -> frozenset[str]:
    """Give the kinds the result of stage ``name`` reads: those it names, and those the
    results of the stages it reads read (a panel of the stage redraws when one changes).

    Examples
    --------
    >>> sorted(reads("needs"))  # doctest: +NORMALIZE_WHITESPACE
    ['criteria', 'dot_votes', 'needs', 'pairwise', 'participants', 'plan_settings',
     'rankings', 'scores', 'workshop']
    >>> "positions" in reads("stakeholders")
    False
    >>> reads("needs") <= reads("stakeholders") <= reads("actions")
    True
    """
    s = stage(name)
    found = set(s.reads)
    for other in s.reads_results:
        found |= reads(other)
    return frozenset(found)


# The one memo of the stages' results (and of parts a result reuses): per workshop (or
# workshop view), a key -> (inputs, value). A value is reused while every input is the very
# same object: the store hands out the same snapshot tuple while a kind is unchanged, and a
# memoised result stays the same object while its own inputs do, so identity says "unchanged"
# for both, cheaply, and never mistakes equal-looking records of another moment for these.
_MEMO: WeakKeyDictionary[Any, dict[Hashable, tuple[tuple[Any, ...], Any]]] = WeakKeyDictionary()


def memo(ws: Any, key: Hashable, inputs: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    """Give ``compute()``, reusing the value last computed under ``key`` for ``ws`` while
    ``inputs`` are the same objects as then (compared by identity, element by element)."""
    entries = _MEMO.setdefault(ws, {})
    entry = entries.get(key)
    if (
        entry is not None
        and len(entry[0]) == len(inputs)
        and all(a is b for a, b in zip(entry[0], inputs, strict=True))
    ):
        return entry[1]
    value = compute()
    entries[key] = (inputs, value)
    return value


def result(ws: Any, name: str) -> Any:
    """Give the result stage ``name`` declared, reused while the kinds it reads are unchanged.

    ``ws`` is a workshop or a view of one (``ws.as_of(change)``): anything with ``snapshot``.
    """
    s = stage(name)
    if not s.result:
        raise LookupError(f"stage {name!r} declares no result")
    return memo(ws, ("result", name), inputs(ws, name), lambda: s.resolve("result")(ws))


def inputs(ws: Any, name: str) -> tuple[Any, ...]:
    """Give what the result of stage ``name`` is kept by in the memo: the snapshot of every
    kind it reads (:func:`reads`), in name order, and its declared ``stamp``."""
    s = stage(name)
    found: tuple[Any, ...] = tuple(ws.snapshot(kind) for kind in sorted(reads(name)))
    if s.stamp:
        found += (_Stamp.of(s.resolve("stamp")(ws)),)
    return found


class _Stamp:
    """An outside input of a result, made one object per value so identity compares it."""

    _seen: ClassVar[dict[Hashable, _Stamp]] = {}

    def __init__(self, value: Hashable) -> None:
        self.value = value

    @classmethod
    def of(cls, value: Hashable) -> _Stamp:
        found = cls._seen.get(value)
        if found is None:
            if len(cls._seen) > 256:
                cls._seen.clear()
            found = cls._seen[value] = cls(value)
        return found


def _find(what: str, kind: str) -> Any:
    for s in stages():
        found = getattr(s, what).get(kind)
        if found is not None:
            return found
    return None
