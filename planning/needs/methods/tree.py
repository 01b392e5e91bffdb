"""The problem tree of a need: its causes below, its effects above, as a networkx DiGraph."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

from planning.errors import Msg, ValidationError
from planning.needs.methods.base import _unknown, fieldname
from planning.records import normalise_name

# --- problem tree -----------------------------------------------------------------------------

ROLES = ("cause", "effect")


def check_tree(need: str, nodes: Iterable[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """Check a problem tree as a whole and give its links: (node, role, what it leads to).

    ``nodes`` are (text, role, parent) as in :func:`problem_tree`. Names are compared as
    people read them (case and spaces folded), and every link is given with the node's first
    spelling. Refused, with a ``ValidationError`` naming the field, the value and what is
    allowed: an empty text or unknown role; a node whose text is the need itself; one text as
    both a cause and an effect; a parent that is unknown or of the other role (an effect under a
    cause); a loop. The needs stage checks every written node with this, and the readers draw
    with it, so whatever is stored can be shown.

    Examples
    --------
    >>> check_tree("Air kotor", [("Pipa bocor", "cause", ""), ("Diare", "effect", "air KOTOR")])
    [('Pipa bocor', 'cause', 'Air kotor'), ('Diare', 'effect', 'Air kotor')]
    >>> check_tree("Air kotor", [("Diare", "effect", ""), ("Pipa", "cause", "Diare")])
    Traceback (most recent call last):
    ...
    planning.errors.ValidationError: Leads to: 'Diare' is on the effect side of the tree, and a \
node on the cause side can only lead to the need or to another node on its own side. Allowed: \
Air kotor.
    """
    core = normalise_name(need)
    shown: dict[str, str] = {core: need}
    roles: dict[str, str] = {core: "core"}
    given: list[tuple[str, str, str]] = []
    for text, role, parent in nodes:
        if role not in ROLES:
            raise ValidationError(field=fieldname("role"), value=role, allowed=", ".join(ROLES))
        if not text:
            allowed = Msg("allowed.not_empty")
            raise ValidationError(
                "error.required", field=fieldname("text"), value=text, allowed=allowed
            )
        key = normalise_name(text)
        if key == core:
            raise ValidationError(
                "error.tree_core", field=fieldname("text"), value=text, allowed=""
            )
        if roles.get(key, role) != role:
            raise ValidationError(
                "error.tree_both_roles",
                field=fieldname("role"),
                value=text,
                allowed=Msg(f"tree_role.{roles[key]}"),
            )
        shown.setdefault(key, text)
        roles[key] = role
        given.append((key, role, parent))
    links: list[tuple[str, str, str]] = []
    up: dict[str, list[str]] = {}
    for key, role, parent in given:
        target = normalise_name(parent) if parent else core
        if target not in roles or target == key:
            parents = [shown[x] for x, r in roles.items() if r in ("core", role) and x != key]
            raise _unknown("parent", parent, parents)
        if roles[target] not in ("core", role):
            parents = [shown[x] for x, r in roles.items() if r in ("core", role) and x != key]
            raise ValidationError(
                "error.tree_role",
                field=fieldname("parent"),
                value=shown[target],
                allowed=", ".join(parents),
                role=Msg(f"tree_role.{role}"),
                other=Msg(f"tree_role.{roles[target]}"),
            )
        up.setdefault(key, []).append(target)
        links.append((shown[key], role, shown[target]))
    loop = _loop(up)
    if loop:
        role = roles[loop[0]]
        outside = [shown[x] for x, r in roles.items() if x not in loop and r in ("core", role)]
        raise ValidationError(
            "error.tree_loop",
            field=fieldname("parent"),
            value=" -> ".join(shown[x] for x in [*loop, loop[0]]),
            allowed=", ".join(outside),
        )
    return links


def _loop(up: dict[str, list[str]]) -> list[str]:
    """Give the nodes of a loop in the links from each node to its parents, or []."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in up:
        if state.get(start):
            continue
        path: list[str] = []
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(up.get(start, ())))]
        state[start] = 1
        path.append(start)
        while stack:
            node, parents = stack[-1]
            nxt = next(parents, None)
            if nxt is None:
                stack.pop()
                path.pop()
                state[node] = 2
            elif state.get(nxt) == 1:
                return path[path.index(nxt) :]
            elif not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                stack.append((nxt, iter(up.get(nxt, ()))))
    return []


def problem_tree(need: str, nodes: Iterable[tuple[str, str, str]]) -> nx.DiGraph:
    """Give the problem tree of ``need`` as a directed graph: causes below, effects above.

    ``nodes`` are (text, role, parent): role "cause" or "effect"; parent the text of another
    node of the same role, or "" for the need itself. Edges run the way things happen: a
    cause points to what it causes (cause -> parent), and a problem points to its effects
    (parent -> effect). Node attributes: ``role`` ("core", "cause" or "effect") and ``label``
    (the text). The same text given twice with the same role is one node with two edges.
    Parents may be named before they are defined, in any case and spacing. What
    :func:`check_tree` refuses raises ``ValidationError``.

    Examples
    --------
    >>> g = problem_tree("dirty water", [("no pipes", "cause", ""), ("no budget", "cause",
    ...     "no pipes"), ("diarrhoea", "effect", ""), ("missed school", "effect", "diarrhoea")])
    >>> sorted(g.edges())
    [('diarrhoea', 'missed school'), ('dirty water', 'diarrhoea'), ('no budget', 'no pipes'), \
('no pipes', 'dirty water')]
    >>> g.nodes["dirty water"]["role"], g.number_of_nodes()
    ('core', 5)
    """
    import networkx as nx

    links = check_tree(need, list(nodes))
    graph = nx.DiGraph(need=need)
    graph.add_node(need, role="core", label=need)
    for text, role, _target in links:
        graph.add_node(text, role=role, label=text)
    for text, role, target in links:
        if role == "cause":
            graph.add_edge(text, target)
        else:
            graph.add_edge(target, text)
    return graph
