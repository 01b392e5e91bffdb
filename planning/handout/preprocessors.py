"""The steps between running a handout notebook and writing its HTML, as nbconvert preprocessors.

Each is a small :class:`nbconvert.preprocessors.Preprocessor` whose ``preprocess(nb, resources)``
gives the notebook and resources back (as nbgrader's preprocessors do); ``build_handouts`` runs
:data:`AFTER_RUN` on each executed notebook, :class:`CombinePreprocessor` for ``handout.html``
and lets the HTML exporter run :data:`BEFORE_HTML`.

This module imports nbconvert (seconds); only ``planning.handout.build`` imports it, inside
``build_handouts``, so ``import planning.handout`` stays cheap.

Examples
--------
>>> import nbformat
>>> nb = nbformat.v4.new_notebook(cells=[
...     nbformat.v4.new_code_cell("x = 1"),
...     nbformat.v4.new_code_cell("print(1)", outputs=[
...         nbformat.v4.new_output("stream", name="stdout", text="1\\n"),
...         nbformat.v4.new_output("stream", name="stderr", text="warning\\n")]),
... ])
>>> nb, res = ScrubPreprocessor()(nb, {"handout_section": 2, "metadata": {"name": "02_needs"}})
>>> [c.id for c in nb.cells], [o.name for o in nb.cells[0].outputs], res["stderr"]
(['s2-c0'], ['stdout'], ['02_needs: warning'])
"""

from __future__ import annotations

import copy
from typing import Any

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool, List

__all__ = [
    "AFTER_RUN",
    "BEFORE_HTML",
    "CombinePreprocessor",
    "ScrubPreprocessor",
    "WidgetNotePreprocessor",
]

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


class _Step(Preprocessor):
    """A preprocessor that runs when called (nbconvert's are off until an exporter enables them)."""

    enabled = Bool(True, help="Whether the step runs.").tag(config=True)


class ScrubPreprocessor(_Step):
    """Drop from an executed notebook everything that changes from run to run.

    Drops code cells that show nothing (inputs are not shown), stderr output (its text goes to
    ``resources["stderr"]``, as ``"<name>: <text>"``, to be shown while building), JavaScript
    output, execution counts and timings; numbers cells ``s<i>-c<j>`` and widget views
    ``s<i>-w<k>``, ``i`` being ``resources["handout_section"]`` (their state is not kept: a
    widget view becomes the template's note).
    """

    def preprocess(self, nb: Any, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        index = resources.get("handout_section", 0)
        name = resources.get("metadata", {}).get("name", "")
        stderr = resources.setdefault("stderr", [])
        nb.metadata.pop("widgets", None)
        nb.nbformat_minor = max(nb.nbformat_minor, 5)
        cells = []
        widgets = 0
        for cell in nb.cells:
            cell.metadata.pop("execution", None)
            if cell.cell_type == "code":
                cell.execution_count = None
                kept = []
                for out in cell.outputs:
                    if out.output_type == "stream" and out.get("name") == "stderr":
                        stderr.append(f"{name}: {out.text.rstrip()}")
                        continue
                    data = out.get("data", {})
                    if "application/javascript" in data:
                        continue
                    if WIDGET_VIEW in data:
                        out.data = {WIDGET_VIEW: {"model_id": f"s{index}-w{widgets}"}}
                        out.metadata = {}
                        widgets += 1
                    if "execution_count" in out:
                        out.execution_count = None
                    out.pop("transient", None)
                    kept.append(out)
                cell.outputs = kept
                if not kept:
                    continue
            cells.append(cell)
        for j, cell in enumerate(cells):
            cell.id = f"s{index}-c{j}"
        nb.cells = cells
        return nb, resources


class WidgetNotePreprocessor(_Step):
    """Give the notebook a stand-in widget state, so the template shows its note for each view.

    nbconvert renders a widget view only when the notebook carries that widget's state; the
    handout needs none of it (the template writes no widget script), only the model ids.
    """

    def preprocess(self, nb: Any, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        ids: dict[str, dict[str, Any]] = {
            out.data[WIDGET_VIEW]["model_id"]: {}
            for cell in nb.cells
            if cell.cell_type == "code"
            for out in cell.outputs
            if WIDGET_VIEW in out.get("data", {})
        }
        nb.metadata.pop("widgets", None)
        if ids:
            nb.metadata["widgets"] = {WIDGET_STATE: {"state": ids}}
        return nb, resources


class CombinePreprocessor(_Step):
    """Give one notebook with every cell of ``parts``; each later part starts with a rule.

    The notebook given keeps its metadata; its cells are replaced by copies of the parts' cells,
    the first cell of every part after the first tagged ``handout-section``.
    """

    parts: List[Any] = List(help="The executed notebooks, in the order they print.")

    def preprocess(self, nb: Any, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        combined = copy.deepcopy(nb)
        combined.cells = []
        for part in self.parts:
            cells = copy.deepcopy(part.cells)
            if cells and combined.cells:
                tags = cells[0].metadata.setdefault("tags", [])
                tags.append("handout-section")
            combined.cells.extend(cells)
        return combined, resources


# What build_handouts runs on each executed notebook, and what the exporter runs before HTML.
AFTER_RUN: tuple[type[Preprocessor], ...] = (ScrubPreprocessor,)
BEFORE_HTML: tuple[type[Preprocessor], ...] = (WidgetNotePreprocessor,)
