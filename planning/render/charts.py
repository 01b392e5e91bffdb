"""Matplotlib helpers shared by the stages' figures: plain text, pyplot, a bar chart. No state.

matplotlib is imported inside the functions (as networkx's drawing module does), so importing
this module costs nothing; the Agg backend is used, so no screen is needed. Text is sized for a
handout read on a phone or on paper and for a projector: the figure is at most 7.2 inches wide
(it shows at its own size in a handout, at 96 dpi), its tick labels 12 pt, its title 14 pt.
"""

from __future__ import annotations

import textwrap
from typing import Any

from planning.i18n import fmt_number

__all__ = ["FONT_SIZES", "bar_chart", "method_chart"]

# Text sizes in points at the handout size: nothing smaller than 12 pt.
FONT_SIZES = {"text": 12, "ticks": 12, "values": 12, "title": 14}


def _plain(text: str) -> str:
    """Give text that matplotlib shows as typed: a "$" would start math text.

    Examples
    --------
    >>> _plain("Iuran $5")
    'Iuran \\\\$5'
    """
    return text.replace("$", r"\$")


def _pyplot() -> Any:
    """Give pyplot on the Agg backend, with this package's text sizes."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    plt.rcParams.update(
        {
            "font.size": FONT_SIZES["text"],
            "xtick.labelsize": FONT_SIZES["ticks"],
            "ytick.labelsize": FONT_SIZES["ticks"],
            "axes.titlesize": FONT_SIZES["title"],
            "svg.hashsalt": "planning",
        }
    )
    return plt


def bar_chart(
    labels: list[str],
    scores: list[float],
    *,
    title: str,
    lang: str,
    colour: str = "#1b9e77",
    digits: int = 0,
    shown: list[str] | None = None,
) -> Any:
    """Give a horizontal bar chart, the first label on top, each bar's value at its end.

    ``colour`` is a matplotlib colour (the stylesheet's ``planning-c-<method>`` classes give the
    same colours in HTML). Labels are wrapped at 30 characters and drawn as typed. ``shown``
    gives the words written at each bar's end (by default its value, ``digits`` decimals).

    Examples
    --------
    >>> fig = bar_chart(["Air bersih", "Jalan"], [12, 7], title="Voting titik", lang="id")
    >>> [round(b.get_width()) for b in fig.axes[0].patches]
    [12, 7]
    >>> min(t.get_fontsize() for t in fig.axes[0].get_yticklabels()) >= 12
    True
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    plt = _pyplot()
    wrapped = [_plain(textwrap.fill(label, 30)) for label in labels]
    # Short enough that two charts of up to nine needs share an A4 page.
    extra_lines = sum(w.count("\n") for w in wrapped)
    height = 1.0 + 0.42 * max(1, len(labels)) + 0.2 * extra_lines
    fig, ax = plt.subplots(figsize=(7.2, min(height, 9.0)))
    y = list(range(len(labels)))[::-1]
    ax.barh(y, scores, color=colour)
    ax.set_yticks(y, wrapped)
    ax.tick_params(labelsize=FONT_SIZES["ticks"])
    ax.set_title(_plain(title), loc="left", fontweight="bold", fontsize=FONT_SIZES["title"])
    words = shown or [fmt_number(score, lang, digits) for score in scores]
    for yy, score, word in zip(y, scores, words, strict=True):
        ax.text(
            score, yy, " " + _plain(word), va="center", fontsize=FONT_SIZES["values"],
        )  # fmt: skip
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_xlim(0, (max(scores, default=0) or 1) * 1.18)
    fig.tight_layout()
    return fig


# The name before the move from planning/charts.py.
method_chart = bar_chart
