"""The problem tree of a need: its causes below, its effects above, as a networkx DiGraph."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

from planning.errors import DuplicateError, Msg, ValidationError
from planning.needs.methods.base import _unknown, fieldname

# --- problem tree -----------------------------------------------------------------------------

ROLES = ("cause", "effect")


def problem_tree(need: str, nodes: Iterable[tuple[str, str, str]]) -> nx.DiGraph:
    """Give the problem tree of ``need`` as a directed graph: causes below, effects above.

    ``nodes`` are (text, role, parent): role "cause" or "effect"; parent the text of another
    node of the same role, or "" for the need itself. Edges run the way things happen: a
    cause points to what it causes (cause -> parent), and a problem points to its effects
    (parent -> effect). Node attributes: ``role`` ("core", "cause" or "effect") and ``label``
    (the text). The same text given twice with the same role is one node with two edges.
    Parents may be named before they are defined. A parent that is unknown, of the other
    role, or a loop of causes raises ``ValidationError``.

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

    graph = nx.DiGraph(need=need)
    graph.add_node(need, role="core", label=need)
    links: list[tuple[str, str, str]] = []
    for text, role, parent in nodes:
        if role not in ROLES:
            raise ValidationError(field=fieldname("role"), value=role, allowed=", ".join(ROLES))
        if not text:
            allowed = Msg("allowed.not_empty")
            raise ValidationError(
                "error.required", field=fieldname("text"), value=text, allowed=allowed
            )
        if text == need:
            raise DuplicateError(field=fieldname("text"), value=text, allowed="", existing=need)
        if text in graph and graph.nodes[text]["role"] != role:
            raise ValidationError(
                field=fieldname("role"), value=role, allowed=graph.nodes[text]["role"]
            )
        graph.add_node(text, role=role, label=text)
        links.append((text, role, parent))
    for text, role, parent in links:
        target = parent or need
        if target not in graph or graph.nodes[target]["role"] not in ("core", role):
            # a cause's parent is the need or a cause, an effect's the need or an effect
            parents = [x for x, r in graph.nodes(data="role") if r in ("core", role) and x != text]
            raise _unknown("parent", parent, parents)
        if role == "cause":
            graph.add_edge(text, target)
        else:
            graph.add_edge(target, text)
    if not nx.is_directed_acyclic_graph(graph):
        # Only causes link to causes and effects to effects, so a loop is all of one role.
        loop = [u for u, _v in nx.find_cycle(graph)]
        role = graph.nodes[loop[0]]["role"]
        outside = [x for x in graph if x not in loop and graph.nodes[x]["role"] in ("core", role)]
        raise ValidationError(
            field=fieldname("parent"),
            value=" -> ".join([*loop, loop[0]]),
            allowed=", ".join(outside),
        )
    return graph
