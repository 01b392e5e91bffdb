"""Figures for handouts: typed text is drawn as typed, never as math text."""

from __future__ import annotations

import io

import pytest

from planning.needs.charts import tree_figure
from planning.needs.methods import problem_tree
from planning.render.charts import bar_chart as method_chart


@pytest.mark.parametrize("text", ["Iuran air $5 per KK", "Harga pupuk naik $\\frac$", "a $x$ b"])
def test_dollar_signs_are_drawn_as_typed(text):
    """Does a need title with "$" draw as it was typed, instead of failing as math text?"""
    fig = method_chart([text, "Jalan"], [3, 1], title=text, lang="id")
    fig.savefig(io.BytesIO(), format="png")
    labels = [label.get_text() for label in fig.axes[0].get_yticklabels()]
    assert labels[0].replace("\\$", "$") == text
    tree = tree_figure(problem_tree(text, [("Sebab " + text, "cause", "")]), lang="en")
    tree.savefig(io.BytesIO(), format="png")
    import matplotlib.pyplot as plt

    plt.close(fig)
    plt.close(tree)


def test_do_the_charts_and_the_stylesheet_use_the_same_method_colours():
    """Is each method drawn in the same colour in a panel's bars and in a handout's chart?"""
    import re

    from planning.needs.assessment import METHOD_COLOURS
    from planning.render import stylesheet

    css = dict(
        re.findall(r"\.planning-c-(\w+) \{ --planning-colour: (#[0-9a-f]{6}); \}", stylesheet())
    )
    assert {m: css[m] for m in METHOD_COLOURS} == METHOD_COLOURS
