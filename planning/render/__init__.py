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
def stylesheet() -> str:
    """Give the shared stylesheet (``style.css``): write it in a ``<style>`` element.

    Every rule is scoped to a ``planning-`` class, so it restyles nothing else in JupyterLab; it
    loads nothing (no ``url()``, no ``@import``) and holds no ``<``.

    Examples
    --------
    >>> css = stylesheet()
    >>> ".planning-table-wrap" in css and "url(" not in css and "<" not in css
    True
    """
    return files(__name__).joinpath("style.css").read_text(encoding="utf-8")


@cache
def room_stylesheet() -> str:
    """Give the live room's stylesheet (``room.css``), scoped like :func:`stylesheet`.

    Examples
    --------
    >>> css = room_stylesheet()
    >>> ".planning-room" in css and "url(" not in css and "<" not in css
    True
    """
    return files(__name__).joinpath("room.css").read_text(encoding="utf-8")
