"""The words of a Net-Map as codes: sectors, levels, stances, resources, link types, scales.

Plain constants with no import, shared by the records (what a person may enter) and the pure
analysis in :mod:`planning.stakeholders.methods` (what it reads), so opening a workshop never
imports networkx. Their labels are the catalogue keys ``stakeholders.<group>.<code>``.
"""

from __future__ import annotations

from collections.abc import Mapping

SECTORS: tuple[str, ...] = (
    "village_government",
    "government",  # district, provincial or national offices (Dinas, kecamatan...)
    "ngo",
    "community_group",
    "cooperative",  # including BUMDes
    "private",
    "academia",
    "media",
    "donor",
    "religious_customary",
)
LEVELS: tuple[str, ...] = ("dusun", "desa", "kecamatan", "kabupaten", "provinsi", "nasional")
STANCES: tuple[str, ...] = ("supportive", "neutral", "opposed")
RESOURCES: tuple[str, ...] = (
    "funding",
    "training",
    "technical",
    "facilities",
    "networks",
    "authority",
)
# The resources a community group needs from others; reach, mismatches and suggestions use them.
SUPPORT_RESOURCES: tuple[str, ...] = ("funding", "training", "technical")
LINK_TYPES: tuple[str, ...] = (
    "funding",
    "information",
    "training",
    "technical",
    "coordination",
    "authority",
    "conflict",
)
CONFLICT = "conflict"
# The four ways of empowering a community, the one code set of every stage: the map suggests a
# partner per strategy, the plan's activities follow one (participatory planning and
# implementation, training and education, partnership, technical and financial support).
STRATEGIES: tuple[str, ...] = ("participatory", "training", "partnership", "support")
# Link types entered once but meant both ways when a link does not say ``two_way``.
TWO_WAY_TYPES: frozenset[str] = frozenset({"coordination", CONFLICT})
# The tallest influence tower unless the workshop says. Net-Map itself sets no top (a tower is
# as many bottle caps as the group stacks); the workbook keeps one so that a phone's + and − and
# the drawn circles stay usable. The facilitator sets the workshop's own top (TOWER_SETTING among
# the plan's settings, from TOWER_LOW to TOWER_HIGH); every check, button, label and drawing reads
# it through :func:`tower_top`.
TOWER_MAX = 5
TOWER_SETTING = "tower_max"
TOWER_LOW, TOWER_HIGH = 1, 20


def tower_top(settings: Mapping[str, str]) -> int:
    """Give the tallest tower the workshop allows, from its stored settings (``setting ->
    value`` of its ``plan_settings`` records).

    Examples
    --------
    >>> tower_top({"tower_max": "10"}), tower_top({}), tower_top({"tower_max": "99"})
    (10, 5, 5)
    """
    value = str(settings.get(TOWER_SETTING, "")).strip()
    ok = value.isdigit() and TOWER_LOW <= int(value) <= TOWER_HIGH
    return int(value) if ok else TOWER_MAX


INTEREST_MAX = 5
STRENGTH_MAX = 3
