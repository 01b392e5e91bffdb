"""Which needs are the priorities: one rule (the needs stage's), one setting, read alike by the
map (stage 2) and the plan (stage 3)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planning import create_workshop, stages
from planning.actions import commands
from planning.actions.assessment import plan_view
from planning.cli import main


def priorities(ws) -> tuple[list[str], list[str], list[str]]:
    """The priority needs (record ids, in order) as the needs, the map and the plan see them."""
    needs = [p.need for p in stages.result(ws, "needs").priorities]
    on_map = [n.id for n in stages.result(ws, "stakeholders").needs]
    view = plan_view(ws)
    in_plan = [view.store_id[n] for n in view.top]
    return needs, on_map, in_plan


def test_the_map_and_the_plan_have_the_same_priority_needs_on_the_demo(demo, capsys):
    """Are the demo's five priority needs (its one setting) the map's and the plan's alike, in
    ``planning summary --json`` too, and do both follow a change of the setting?"""
    needs, on_map, in_plan = priorities(demo)
    assert len(needs) == 5 and needs == on_map == in_plan
    assert main(["summary", demo.url.removeprefix("sqlite:///"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    titles = [n["need"] for n in data["stakeholders"]["priority_needs"]]
    assert titles == data["actions"]["priority_needs"] and data["actions"]["top_n"] == 5
    commands.set_setting(demo, "top_n", 2)
    needs, on_map, in_plan = priorities(demo)
    assert len(needs) == 2 and needs == on_map == in_plan


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    count=st.integers(1, 7),
    dots=st.lists(st.tuples(st.integers(0, 2), st.integers(0, 6), st.integers(0, 5)), max_size=8),
    ranks=st.lists(st.tuples(st.integers(0, 2), st.integers(0, 6), st.integers(1, 7)), max_size=8),
    top_n=st.one_of(st.none(), st.integers(1, 8)),
)
def test_the_map_and_the_plan_have_the_same_priority_needs_on_any_workshop(
    count, dots, ranks, top_n
):
    """Whatever the needs, dots, rankings and setting, are the map's and the plan's priority
    needs the needs stage's, as many as the setting says (or every need when fewer)?"""
    with tempfile.TemporaryDirectory() as folder:
        ws = create_workshop(Path(folder) / "w.sqlite", title="T", dot_budget=50)
        try:
            ws.add_many("needs", [{"title": f"Need {i}"} for i in range(count)])
            ws.add_many("participants", [{"name": f"P{i}"} for i in range(3)])
            ws.put_many(
                "dot_votes",
                [{"participant": f"P{p}", "need": f"Need {n}", "dots": d}
                 for p, n, d in dots if n < count],
            )  # fmt: skip
            ws.put_many(
                "rankings",
                [{"participant": f"P{p}", "need": f"Need {n}", "rank": r}
                 for p, n, r in ranks if n < count],
            )  # fmt: skip
            if top_n is not None:
                commands.set_setting(ws, "top_n", top_n)
            ws.add("stakeholders", name="KWT", sector="community_group")
            needs, on_map, in_plan = priorities(ws)
            assert needs == on_map == in_plan
            assert len(needs) == min(count, top_n or 3)
        finally:
            ws.close()
