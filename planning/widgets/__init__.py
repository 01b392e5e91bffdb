"""Forms and panels for the notebooks; only the widget modules import ipywidgets.

``widgets.open_workshop()`` gives the workshop a notebook works on (or shows how to choose one),
``widgets.guide(ws, step)`` a step's guide, and every stage's panels are offered here by name
(``widgets.NeedsBoard(ws)``): the stage declares its panels module in its ``STAGE``.
"""

from __future__ import annotations

import importlib
from typing import Any

from planning import stages
from planning.widgets.common import Panel, WorkshopState, data_table
from planning.widgets.common import open_for_notebook as open_workshop
from planning.widgets.guide import guide
from planning.widgets.participation import ParticipationPanel


def __getattr__(name: str) -> Any:
    # The room's pages load on first use, so a stage notebook does not import them.
    if name == "TraineePage":
        from planning.widgets.trainee import TraineePage

        return TraineePage
    if name == "PaperTallyPanel":
        from planning.widgets.paper import PaperTallyPanel

        return PaperTallyPanel
    if name == "FacilitatorView":
        from planning.widgets.facilitator import FacilitatorView

        return FacilitatorView
    return _stage_panel(name)


__all__ = [
    "FacilitatorView",
    "Panel",
    "PaperTallyPanel",
    "ParticipationPanel",
    "TraineePage",
    "WorkshopState",
    "data_table",
    "guide",
    "open_workshop",
]


def _stage_panel(name: str) -> Any:
    for stage in stages.stages():
        if stage.panels:
            module = importlib.import_module(stage.panels)
            if name in getattr(module, "__all__", ()):
                return getattr(module, name)
    raise AttributeError(f"module 'planning.widgets' has no attribute {name!r}")


def __dir__() -> list[str]:
    names = list(__all__)
    for stage in stages.stages():
        if stage.panels:
            names += getattr(importlib.import_module(stage.panels), "__all__", [])
    return names
