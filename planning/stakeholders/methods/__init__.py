"""Pure analysis of a Net-Map (Schiffer & Hauck, *Field Methods* 2010) as a networkx graph.

Build the graph once with :func:`build_graph` from the stage's actors and links, then ask:

- :mod:`.centrality`: per actor, links by type, brokerage, closeness, structural holes,
  community, influence (:func:`actor_metrics`);
- :mod:`.structure`: the whole map, isolates, groups, centralisation, conflicts
  (:func:`map_structure`);
- :mod:`.neighbourhood`: an ego network, the paths between two actors, where a flow comes from
  and goes to;
- :mod:`.whatif`: what removing an actor does, single points of failure;
- :mod:`.grid`: the power-interest grid;
- :mod:`.mismatch`: influence that does not match the links;
- :mod:`.reach`: the support each community group reaches;
- :mod:`.partners`: partners for the priority needs, by empowerment strategy;
- :mod:`.suggest`: brokers and links to create, and every suggestion at once.

Every function is pure (it reads the graph and changes nothing), names actors by id and gives
the same result for the same map whatever the order the actors and links were entered in.
"""

from __future__ import annotations

from planning.stakeholders.methods.centrality import (
    SAMPLE_ABOVE,
    SAMPLE_SOURCES,
    SEED,
    ActorMetrics,
    actor_metrics,
    betweenness,
    closeness,
    communities,
    structural_holes,
)
from planning.stakeholders.methods.graph import (
    CONFLICT,
    LEVELS,
    LINK_TYPES,
    RESOURCES,
    SECTORS,
    STANCES,
    SUPPORT_RESOURCES,
    TOWER_MAX,
    TWO_WAY_TYPES,
    build_graph,
)
from planning.stakeholders.methods.grid import (
    HIGH_AT,
    QUADRANTS,
    GridPlace,
    power_interest_grid,
    quadrant,
)
from planning.stakeholders.methods.mismatch import (
    MISMATCH_KINDS,
    Mismatch,
    mismatches,
    nearest_access,
)
from planning.stakeholders.methods.neighbourhood import (
    EgoNetwork,
    Path,
    Step,
    downstream,
    ego_network,
    paths_between,
    upstream,
)
from planning.stakeholders.methods.partners import (
    STRATEGIES,
    STRATEGY_LINK_TYPES,
    STRATEGY_RESOURCES,
    STRATEGY_SECTORS,
    Suggestion,
    partner_suggestions,
)
from planning.stakeholders.methods.reach import (
    Reach,
    reach,
)
from planning.stakeholders.methods.structure import (
    MapStructure,
    conflict_only,
    conflict_pairs,
    degree_centralisation,
    groups,
    isolates,
    map_structure,
)
from planning.stakeholders.methods.suggest import (
    broker_suggestions,
    missing_link_suggestions,
    suggestions,
)
from planning.stakeholders.methods.views import (
    channel_digraph,
    channel_graph,
    check_actor,
    community_groups,
    component_labels,
    link_count,
    link_counts,
    suppliers,
    suppliers_of,
    tower,
    type_digraph,
)
from planning.stakeholders.methods.whatif import (
    WhatIf,
    single_points_of_failure,
    what_if_removed,
)

__all__ = [
    "CONFLICT",
    "HIGH_AT",
    "LEVELS",
    "LINK_TYPES",
    "MISMATCH_KINDS",
    "QUADRANTS",
    "RESOURCES",
    "SAMPLE_ABOVE",
    "SAMPLE_SOURCES",
    "SECTORS",
    "SEED",
    "STANCES",
    "STRATEGIES",
    "STRATEGY_LINK_TYPES",
    "STRATEGY_RESOURCES",
    "STRATEGY_SECTORS",
    "SUPPORT_RESOURCES",
    "TOWER_MAX",
    "TWO_WAY_TYPES",
    "ActorMetrics",
    "EgoNetwork",
    "GridPlace",
    "MapStructure",
    "Mismatch",
    "Path",
    "Reach",
    "Step",
    "Suggestion",
    "WhatIf",
    "actor_metrics",
    "betweenness",
    "broker_suggestions",
    "build_graph",
    "channel_digraph",
    "channel_graph",
    "check_actor",
    "closeness",
    "communities",
    "community_groups",
    "component_labels",
    "conflict_only",
    "conflict_pairs",
    "degree_centralisation",
    "downstream",
    "ego_network",
    "groups",
    "isolates",
    "link_count",
    "link_counts",
    "map_structure",
    "mismatches",
    "missing_link_suggestions",
    "nearest_access",
    "partner_suggestions",
    "paths_between",
    "power_interest_grid",
    "quadrant",
    "reach",
    "single_points_of_failure",
    "structural_holes",
    "suggestions",
    "suppliers",
    "suppliers_of",
    "tower",
    "type_digraph",
    "upstream",
    "what_if_removed",
]
