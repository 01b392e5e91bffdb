"""Which funding, training and technical support each community group can reach.

A *supplier* of a resource holds it or gives a link of that type
(:func:`~planning.stakeholders.methods.views.suppliers`). A group *reaches* a supplier within
``max_links`` non-conflict links, in either direction (two by default: a contact, or a contact
of a contact, who can make an introduction).
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from planning.errors import Msg, ValidationError
from planning.stakeholders.methods.graph import SUPPORT_RESOURCES
from planning.stakeholders.methods.views import (
    channel_graph,
    community_groups,
    component_labels,
    suppliers_of,
)

__all__ = ["Reach", "reach"]


@dataclass(frozen=True)
class Reach:
    """What one community group reaches.

    ``sources``: for each of funding, training and technical, the suppliers within reach with
    their distance in links, nearest first (the group itself at 0 if it supplies it).
    ``missing``: the resources with no supplier within reach; ``unreachable``: those of them
    with no supplier connected to the group at all (no path, however long).
    """

    group: str
    sources: dict[str, dict[str, int]]
    missing: tuple[str, ...]
    unreachable: tuple[str, ...]


def reach(G: nx.MultiDiGraph, max_links: int = 2) -> dict[str, Reach]:
    """Give, for each community group (in id order), the support it reaches within
    ``max_links`` links (:class:`Reach`).

    Examples
    --------
    The women's group reaches the desa's funds in one link and the Dinas's training in two;
    the bank's credit is three links away, so it is missing though not unreachable. No one
    connected offers technical support:

    >>> from planning.stakeholders.methods.graph import sketch
    >>> G = sketch(
    ...     ["kwt:community_group", "desa:village_government",
    ...      {"id": "dinas", "sector": "government", "resources": ("training",)},
    ...      "bumdes:cooperative", {"id": "bank", "sector": "private", "resources": ("funding",)},
    ...      {"id": "ugm", "sector": "academia", "resources": ("technical",)}],
    ...     "desa>kwt funding", "dinas>desa information", "desa>bumdes coordination",
    ...     "bank>dinas information", "ugm>kwt conflict")
    >>> r = reach(G)["kwt"]
    >>> r.sources
    {'funding': {'desa': 1}, 'training': {'dinas': 2}, 'technical': {}}
    >>> r.missing, r.unreachable
    (('technical',), ('technical',))
    >>> reach(G, max_links=3)["kwt"].sources["funding"]
    {'desa': 1, 'bank': 3}
    """
    if isinstance(max_links, bool) or not isinstance(max_links, int) or max_links < 1:
        raise ValidationError(
            field=Msg("stakeholders.field.max_links"),
            value=max_links,
            allowed=Msg("allowed.whole_number_between", low=1, high=len(G)),
        )
    return reach_on(G, channel_graph(G), suppliers_of(G), max_links)


def reach_on(
    G: nx.MultiDiGraph, UG: nx.Graph, supply: dict[str, frozenset[str]], max_links: int = 2
) -> dict[str, Reach]:
    """Give :func:`reach` from the map's channel graph and suppliers, already computed."""
    label = component_labels(UG)
    present: dict[int, set[str]] = {}
    for r, found in supply.items():
        for s in found:
            present.setdefault(label[s], set()).add(r)
    result = {}
    for c in community_groups(G):
        near = nx.single_source_shortest_path_length(UG, c, cutoff=max_links)
        ordered = sorted(near.items(), key=lambda item: (item[1], item[0]))
        sources = {r: {s: d for s, d in ordered if s in supply[r]} for r in SUPPORT_RESOURCES}
        missing = tuple(r for r in SUPPORT_RESOURCES if not sources[r])
        here = present.get(label[c], set())
        result[c] = Reach(c, sources, missing, tuple(r for r in missing if r not in here))
    return result
