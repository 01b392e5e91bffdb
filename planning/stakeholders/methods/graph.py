"""Building the Net-Map graph: actors as nodes, each typed link as an edge.

A Net-Map (Schiffer & Hauck, *Field Methods* 22(3), 2010) puts on one sheet the actors of a
question, the links between them (who gives money, information, training... to whom, who is in
conflict with whom) and an influence tower per actor and question. :func:`build_graph` turns the
stage's plain records into a :class:`networkx.MultiDiGraph` keyed by actor id; every other
module of :mod:`planning.stakeholders.methods` reads that graph and changes nothing.

Node attributes: ``name``, ``sector``, ``level``, ``stance``, ``interest`` (0-5), ``resources``
(a frozenset of :data:`RESOURCES`) and ``towers`` (question id -> height, 0 to the top).
Edge attributes: ``type``, ``strength`` (1-3) and ``two_way``; the edge key is the link type.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from planning.errors import DuplicateError, Msg, ValidationError
from planning.stakeholders.vocab import (
    CONFLICT,
    INTEREST_MAX,
    LEVELS,
    LINK_TYPES,
    RESOURCES,
    SECTORS,
    STANCES,
    STRENGTH_MAX,
    SUPPORT_RESOURCES,
    TOWER_HIGH,
    TOWER_MAX,
    TWO_WAY_TYPES,
)

__all__ = [
    "CONFLICT",
    "LEVELS",
    "LINK_TYPES",
    "RESOURCES",
    "SECTORS",
    "STANCES",
    "SUPPORT_RESOURCES",
    "TOWER_MAX",
    "TWO_WAY_TYPES",
    "build_graph",
    "sketch",
]


_MISSING = object()


def _get(record: Any, name: str, default: Any = _MISSING) -> Any:
    """Give a field of a mapping or an object (a dataclass record), or ``default``."""
    if isinstance(record, Mapping):
        value = record.get(name, default)
    else:
        value = getattr(record, name, default)
    if value is _MISSING:
        raise ValidationError(
            field=Msg(f"stakeholders.field.{name}"), value="", allowed=Msg("allowed.not_empty")
        )
    return value


def _whole(name: str, value: Any, low: int, high: int) -> int:
    """Give ``value`` if it is a whole number from ``low`` to ``high``, else raise."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError(
            field=Msg(f"stakeholders.field.{name}"),
            value=value,
            allowed=Msg("allowed.whole_number_between", low=low, high=high),
        )
    return value


def _choice(name: str, value: Any, allowed: tuple[str, ...]) -> str:
    """Give ``value`` if it is one of ``allowed``, else raise naming them."""
    if value not in allowed:
        raise ValidationError(field=Msg(f"stakeholders.field.{name}"), value=value, allowed=allowed)
    return str(value)


def _actor(record: Any) -> tuple[str, dict[str, Any]]:
    """Give the id and the node attributes of one actor record, checked."""
    actor_id = _get(record, "id")
    if not isinstance(actor_id, str) or not actor_id:
        raise ValidationError(
            field=Msg("stakeholders.field.id"), value=actor_id, allowed=Msg("allowed.not_empty")
        )
    level = _get(record, "level", None)
    resources = frozenset(_get(record, "resources", ()) or ())
    for resource in resources:
        _choice("resources", resource, RESOURCES)
    towers = dict(_get(record, "towers", None) or {})
    for height in towers.values():
        _whole("towers", height, 0, TOWER_HIGH)  # the workshop's top checks the rest
    return actor_id, {
        "name": str(_get(record, "name", actor_id) or actor_id),
        "sector": _choice("sector", _get(record, "sector"), SECTORS),
        "level": None if level in (None, "") else _choice("level", level, LEVELS),
        "stance": _choice("stance", _get(record, "stance", "neutral"), STANCES),
        "interest": _whole("interest", _get(record, "interest", 0), 0, INTEREST_MAX),
        "resources": resources,
        "areas": frozenset(_get(record, "areas", ()) or ()),
        "towers": {str(q): towers[q] for q in sorted(towers, key=str)},
    }


def build_graph(actors: Iterable[Any], links: Iterable[Any]) -> nx.MultiDiGraph:
    """Give the Net-Map as a multigraph: one node per actor, one edge per link and direction.

    Parameters
    ----------
    actors : iterable of mappings or objects
        Each with ``id`` and ``sector``, and optionally ``name`` (default: the id), ``level``,
        ``stance`` (default ``"neutral"``), ``interest`` (default 0), ``resources`` and
        ``towers`` (question id -> height).
    links : iterable of mappings or objects
        Each with ``source``, ``target``, ``type`` (one of :data:`LINK_TYPES` or any other
        non-empty text), and optionally ``strength`` (1-3, default 1) and ``two_way`` (default:
        whether the type is in :data:`TWO_WAY_TYPES`).

    Returns
    -------
    networkx.MultiDiGraph
        Keyed by actor id. A link is an edge ``source -> target`` with key = its type; a two-way
        link is two edges, both marked ``two_way=True``. The same type entered twice between the
        same pair in the same direction is one edge (the larger strength is kept, and it is
        two-way if either entry was).

    Raises
    ------
    ValidationError
        A field that is not allowed (unknown sector, stance, level or resource, a number out
        of range), a link to an actor not on the map, or a link from an actor to itself.
    DuplicateError
        Two actors with the same id.

    Examples
    --------
    >>> G = build_graph(
    ...     [{"id": "a", "sector": "village_government", "towers": {"q1": 4}},
    ...      {"id": "b", "sector": "community_group", "stance": "supportive"}],
    ...     [{"source": "a", "target": "b", "type": "funding", "strength": 2},
    ...      {"source": "a", "target": "b", "type": "coordination"}],
    ... )
    >>> sorted(G.edges(keys=True))
    [('a', 'b', 'coordination'), ('a', 'b', 'funding'), ('b', 'a', 'coordination')]
    >>> G.edges["b", "a", "coordination"]
    {'type': 'coordination', 'strength': 1, 'two_way': True}
    >>> G.nodes["a"]["towers"], G.nodes["b"]["stance"]
    ({'q1': 4}, 'supportive')
    >>> try:
    ...     build_graph([{"id": "a", "sector": "bank"}], [])
    ... except ValidationError as err:
    ...     print(err.field.key, err.value)
    stakeholders.field.sector bank
    """
    G = nx.MultiDiGraph()
    for record in actors:
        actor_id, attrs = _actor(record)
        if actor_id in G:
            raise DuplicateError(
                field=Msg("stakeholders.field.id"),
                value=actor_id,
                existing=G.nodes[actor_id]["name"],
            )
        G.add_node(actor_id, **attrs)
    for record in links:
        source, target = _get(record, "source"), _get(record, "target")
        for name, end in (("source", source), ("target", target)):
            if end not in G:
                raise ValidationError(
                    field=Msg(f"stakeholders.field.{name}"),
                    value=end,
                    allowed=Msg("stakeholders.allowed.actor_on_map"),
                )
        if source == target:
            raise ValidationError(
                field=Msg("stakeholders.field.target"),
                value=target,
                allowed=Msg("stakeholders.allowed.other_actor"),
            )
        kind = _get(record, "type")
        if not isinstance(kind, str) or not kind.strip():
            raise ValidationError(
                field=Msg("stakeholders.field.type"), value=kind, allowed=Msg("allowed.not_empty")
            )
        strength = _whole("strength", _get(record, "strength", 1), 1, STRENGTH_MAX)
        two_way = _get(record, "two_way", None)
        two_way = kind in TWO_WAY_TYPES if two_way is None else bool(two_way)
        pairs = [(source, target), (target, source)] if two_way else [(source, target)]
        for u, v in pairs:
            if G.has_edge(u, v, kind):
                old = G.edges[u, v, kind]
                old["strength"] = max(old["strength"], strength)
                old["two_way"] = old["two_way"] or two_way
            else:
                G.add_edge(u, v, key=kind, type=kind, strength=strength, two_way=two_way)
    return G


def sketch(actors: Iterable[str | Mapping[str, Any]], *links: str) -> nx.MultiDiGraph:
    """Give a small map for an example: each actor by id (an NGO), ``"id:sector"``, or all it
    says as for :func:`build_graph`; each link written ``"source>target type"``.

    Examples
    --------
    >>> G = sketch(["a", "b:government", {"id": "c", "sector": "ngo", "interest": 2}],
    ...            "a>b funding", "c>a conflict")
    >>> sorted(G.edges(keys=True)), G.nodes["b"]["sector"], G.nodes["c"]["interest"]
    ([('a', 'b', 'funding'), ('a', 'c', 'conflict'), ('c', 'a', 'conflict')], 'government', 2)
    """
    nodes = []
    for actor in actors:
        if isinstance(actor, str):
            name, _, sector = actor.partition(":")
            actor = {"id": name, "sector": sector or "ngo"}
        nodes.append(actor)
    edges = []
    for link in links:
        ends, _, kind = link.partition(" ")
        source, _, target = ends.partition(">")
        edges.append({"source": source, "target": target, "type": kind})
    return build_graph(nodes, edges)
