"""The action plan's drawings for the handout: the timeline by way of empowering, and the budget
by funding source (against its ceiling) and by bidang.

matplotlib is imported inside the functions through :mod:`planning.render.charts`, whose text
sizes (nothing under 12 pt at the handout's size) and helpers they share.
"""

from __future__ import annotations

import textwrap
from datetime import date, timedelta
from typing import Any

from planning.actions.assessment import PlanView, Review
from planning.actions.methods.tables import gantt_rows
from planning.actions.methods.vocab import FUNDING_SOURCES, STRATEGIES
from planning.actions.views import STRATEGY_COLOURS, month_names, source_words, strategy_words
from planning.i18n import fmt_number, t
from planning.render.charts import FONT_SIZES, _plain, _pyplot, bar_chart


def _millions(value: float, lang: str) -> str:
    """Give an amount in millions of Rupiah, as an axis says it (``185 jt``)."""
    word = "jt" if lang == "id" else "m"
    return f"{fmt_number(value / 1e6, lang, 0 if value % 1_000_000 == 0 else 1)} {word}"


def gantt_figure(view: PlanView, lang: str) -> Any:
    """Give the timeline: a bar per activity from its start to its end, coloured and grouped by
    way of empowering, months of the plan's year along the top.

    Examples
    --------
    >>> from planning.actions.methods.model import Plan, MapInfo
    >>> from types import SimpleNamespace
    >>> fig = gantt_figure(SimpleNamespace(plan=Plan(2026, (), (), (), (), (), MapInfo({}, {}, {})),
    ...                    config=SimpleNamespace(year=2026)), "id")
    >>> len(fig.axes)
    1
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    plt = _pyplot()
    rows = gantt_rows(view.plan.activities)
    year = view.config.year
    labels = [
        _plain(textwrap.fill(b.title, 26, break_on_hyphens=False, max_lines=2, placeholder=" …"))
        for b in rows
    ]
    height = 2.2 + 0.5 * max(1, len(rows))
    fig, ax = plt.subplots(figsize=(7.2, min(height, 14.0)))
    y = list(range(len(rows)))[::-1]
    for yy, b in zip(y, rows, strict=True):
        start = b.start.toordinal()
        end = (b.end if b.end >= b.start else b.start).toordinal() + 1
        ax.barh(yy, end - start, left=start, color=STRATEGY_COLOURS.get(b.strategy, "#737373"))
    ax.set_yticks(y, labels)
    ax.tick_params(axis="y", labelsize=FONT_SIZES["ticks"])
    first = date(year, 1, 1)
    # The plan's year and at most two after it: an activity running for decades is cut at the
    # edge, not drawn over thousands of months.
    last = min(max([date(year, 12, 31), *(b.end for b in rows)]), date(year + 2, 12, 31))
    ticks, names = [], month_names(lang)
    day = first
    while day <= last:
        ticks.append(day.toordinal())
        day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    # A month's initial under the middle of the month: twelve of them fit the width at 12 pt.
    ax.set_xticks(ticks, [""] * len(ticks))
    ax.set_xticks([d + 15 for d in ticks], [names[date.fromordinal(d).month - 1][0] for d in ticks],
                  minor=True)  # fmt: skip
    ax.tick_params(axis="x", which="both", labelsize=FONT_SIZES["ticks"], top=True,
                   labeltop=True, bottom=False, labelbottom=False)  # fmt: skip
    ax.tick_params(axis="x", which="minor", length=0)
    ax.set_xlim(first.toordinal(), last.toordinal() + 1)
    ax.grid(axis="x", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.spines[["right", "bottom"]].set_visible(False)
    used = [s for s in STRATEGIES if any(b.strategy == s for b in rows)]
    if used:
        from matplotlib.patches import Patch

        handles = [Patch(color=STRATEGY_COLOURS[s], label=strategy_words(s, lang)) for s in used]
        ax.legend(handles=handles, loc="upper right", bbox_to_anchor=(1.0, -0.01), ncol=2,
                  frameon=False, fontsize=FONT_SIZES["text"])  # fmt: skip
    ax.set_title(_plain(t("actions.gantt.caption", lang, year=year)), loc="left",
                 fontweight="bold", fontsize=FONT_SIZES["title"], pad=24, x=-0.6)  # fmt: skip
    fig.subplots_adjust(
        left=0.4, right=0.98, top=1 - 0.9 / min(height, 14.0), bottom=1.0 / min(height, 14.0)
    )
    return fig


def sources_figure(r: Review, lang: str) -> Any:
    """Give what the village budget asks of each funding source as bars, with the source's
    ceiling marked where one is set."""
    plt = _pyplot()
    asked = r.village.by_source
    sources = [s for s in FUNDING_SOURCES if s in asked or s in r.view.ceilings]
    labels = [_plain(textwrap.fill(source_words(s, lang), 26)) for s in sources]
    values = [asked.get(s, 0) for s in sources]
    height = 1.2 + 0.55 * max(1, len(sources))
    fig, ax = plt.subplots(figsize=(7.2, min(height, 9.0)))
    y = list(range(len(sources)))[::-1]
    over = [s in r.view.ceilings and asked.get(s, 0) > r.view.ceilings[s] for s in sources]
    ax.barh(y, values, color=["#b2182b" if o else "#1f5f8b" for o in over])
    for yy, s, v in zip(y, sources, values, strict=True):
        ax.text(v, yy, " " + _millions(v, lang), va="center", fontsize=FONT_SIZES["values"])
        if s in r.view.ceilings:
            c = r.view.ceilings[s]
            ax.plot([c, c], [yy - 0.4, yy + 0.4], color="#1b1b1b", linewidth=2.5)
    top = max([*values, *r.view.ceilings.values(), 1])
    ax.set_xlim(0, top * 1.3)
    ax.set_yticks(y, labels)
    ax.tick_params(labelsize=FONT_SIZES["ticks"])
    ax.xaxis.set_major_formatter(lambda v, _: _millions(v, lang))
    ax.spines[["top", "right"]].set_visible(False)
    title = _plain(textwrap.fill(t("actions.chart.sources", lang), 60))
    ax.set_title(title, loc="left", fontweight="bold", fontsize=FONT_SIZES["title"])
    fig.tight_layout()
    return fig


def bidang_figure(r: Review, lang: str) -> Any:
    """Give the plan's costs by bidang as bars."""
    from planning.actions.rules import bidang_ref

    ref = bidang_ref()
    items = sorted(r.totals.by_bidang.items(), key=lambda x: ref.order(x[0]))
    return bar_chart(
        [f"{code} {ref.name(code).text(lang)}" for code, _ in items],
        [c / 1e6 for _, c in items],
        title=t("actions.chart.bidang", lang),
        lang=lang,
        colour="#1f5f8b",
        digits=1,
    )
