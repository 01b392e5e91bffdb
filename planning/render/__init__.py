"""What panels and handouts show: escaped HTML pieces, one stylesheet, shared chart helpers.

``planning.render.html`` makes the HTML (every text escaped), :func:`stylesheet` gives the CSS
both the panels and the handouts use, so a class looks the same on the projector and on paper,
and ``planning.render.charts`` holds the matplotlib helpers (imported only when used).

Examples
--------
>>> from planning.render import Html, table
>>> "<td>Air &lt;bersih&gt;</td>" in Html(table(["Kebutuhan"], [["Air <bersih>"]]))._repr_html_()
True
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

# The package offers what ``html`` offers, beside the stylesheets: one list of names.
from planning.render.html import *  # noqa: F403
from planning.render.html import __all__ as _HTML_NAMES

__all__ = [*_HTML_NAMES, "room_stylesheet", "stylesheet"]


@cache
def stylesheet(name: str = "style") -> str:
    """Give one of the package's stylesheets: write it in a ``<style>`` element. ``style`` is
    the shared one of panels and handouts (``style.css``), ``room`` the live room's
    (``room.css``).

    Every rule is scoped to a ``planning-`` class, so it restyles nothing else in JupyterLab; it
    loads nothing (no ``url()``, no ``@import``) and holds no ``<``.

    Examples
    --------
    >>> css, room = stylesheet(), stylesheet("room")
    >>> ".planning-table-wrap" in css and ".planning-room" in room
    True
    >>> any("url(" in s or "<" in s for s in (css, room))
    False
    """
    return files(__name__).joinpath(f"{name}.css").read_text(encoding="utf-8")


def room_stylesheet() -> str:
    """Give the live room's stylesheet, ``stylesheet("room")``."""
    return stylesheet("room")
