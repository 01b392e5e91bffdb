"""The needs panels, headless: set the inputs, press the buttons, read the store."""

from __future__ import annotations

import pytest

from planning import widgets
from planning.needs.assessment import assess

PAYLOADS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>']


def _unescaped(html: str) -> bool:
    return any(p in html for p in PAYLOADS)


def people(ws, *names):
    return [ws.add("participants", name=n) for n in names]


def test_needs_board_adds_edits_and_refuses_duplicates(ws):
    """Does the board add a need, refuse a duplicate title, and keep what was typed?"""
    board = widgets.NeedsBoard(ws)
    board.fill(title="Air bersih", category="infrastructure", households="85")
    board.add()
    (need,) = ws.records("needs")
    assert (need.title, need.category, need.households) == ("Air bersih", "infrastructure", 85)
    assert "Air bersih" in board.table
    board.fill(title="  AIR  bersih ")
    board.add()
    assert "Air bersih" in board.status and len(ws.records("needs")) == 1
    assert board.fields["title"] == "  AIR  bersih "  # what was typed is still there
    board.choose(need.id)
    assert board.fields["title"] == "Air bersih"
    board.fill(category="health")
    board.save()
    assert ws.get("needs", need.id).category == "health"


def test_needs_board_bad_households_is_refused(ws):
    """Is a household count that is not a number refused with a translated message?"""
    board = widgets.NeedsBoard(ws)
    board.fill(title="Jalan", households="banyak")
    board.add()
    assert ws.records("needs") == [] and "banyak" in board.status
    assert "Households affected" in board.status


def test_needs_board_merges_duplicates(ws):
    """Does merging move the votes of the duplicate to the need kept?"""
    (ani,) = people(ws, "Ani")
    keep = ws.add("needs", title="Air bersih")
    drop = ws.add("needs", title="Kurang air")
    ws.add("dot_votes", participant=ani.id, need=drop.id, dots=2)
    board = widgets.NeedsBoard(ws)
    board.merge(drop.id, keep.id)
    assert [n.title for n in ws.records("needs")] == ["Air bersih"]
    assert [(v.need, v.dots) for v in ws.records("dot_votes")] == [(keep.id, 2)]


def test_scoring_grid_stores_at_once_and_refuses_out_of_range(ws):
    """Is each score stored as typed, and a 7 refused while the box keeps it?"""
    need = ws.add("needs", title="Air bersih")
    crit = ws.add("criteria", name="Parah", weight=2)
    grid = widgets.ScoringGrid(ws, rater="Kelompok Krajan")
    box = grid.box(need.id, crit.id)
    box.value = "4"
    (score,) = ws.records("scores")
    assert (score.rater, score.value) == ("Kelompok Krajan", 4)
    box.value = "7"
    assert ws.records("scores")[0].value == 4
    assert "7" in grid.status and "1 to 5" in grid.status
    assert box.value == "7"
    box.value = "5"
    assert ws.records("scores")[0].value == 5 and len(ws.records("scores")) == 1


def test_scoring_grid_needs_a_rater(ws):
    """Is a score without a rater name refused?"""
    need = ws.add("needs", title="Air bersih")
    crit = ws.add("criteria", name="Parah")
    grid = widgets.ScoringGrid(ws)
    grid.box(need.id, crit.id).value = "3"
    assert ws.records("scores") == [] and "Scored by" in grid.status


def test_scoring_one_need_at_a_time_stores_a_tap_and_shows_it(ws):
    """On a phone: does a tap on 4 store the score at once and show 4 as chosen; does "next
    need" move on (and round again after the last)?"""
    air, jalan = ws.add("needs", title="Air bersih"), ws.add("needs", title="Jalan")
    parah, sering = ws.add("criteria", name="Parah"), ws.add("criteria", name="Sering")
    grid = widgets.ScoringGrid(ws, rater="Kelompok Krajan")
    assert grid.card_need == air.id and "Air bersih" in grid.card_title
    assert "1 of 2" in grid.card_title and grid.card_value(parah.id) is None
    grid.tap(parah.id, 4)
    assert [(s.need, s.criterion, s.value) for s in ws.records("scores")] == [(air.id, parah.id, 4)]
    assert grid.card_value(parah.id) == 4 and grid.status == "Saved: Air bersih · Parah = 4"
    assert grid.box(air.id, parah.id).value == "4"  # the wide grid shows it too
    grid.next_need()
    assert grid.card_need == jalan.id and grid.card_value(parah.id) is None
    grid.tap(sering.id, 2)
    grid.next_need()
    assert grid.card_need == air.id
    grid.previous_need()
    assert grid.card_need == jalan.id and grid.card_value(sering.id) == 2


def test_scoring_a_tap_without_a_rater_is_refused(ws):
    """Does a tap before anyone typed their name store nothing and say what is missing?"""
    ws.add("needs", title="Air bersih")
    crit = ws.add("criteria", name="Parah")
    grid = widgets.ScoringGrid(ws)
    grid.tap(crit.id, 3)
    assert ws.records("scores") == [] and "Scored by" in grid.status


def test_scoring_grid_headers_follow_the_criteria(ws):
    """Does the scoring card get a row for a criterion added later, keeping the need shown?"""
    ws.add("needs", title="Air bersih")
    jalan = ws.add("needs", title="Jalan")
    grid = widgets.ScoringGrid(ws, rater="A")
    grid.show_need("Jalan")
    crit = ws.add("criteria", name="Parah")
    assert grid.card_need == jalan.id
    grid.tap(crit.id, 5)
    assert ws.records("scores")[0].value == 5


def test_pairwise_buttons_show_whole_titles(ws):
    """Do the two choice buttons carry the whole titles, however long?"""
    long = "Air bersih sulit didapat saat kemarau panjang di dusun Cibodas dan Krajan"
    ws.add("needs", title=long)
    ws.add("needs", title="Jalan")
    assert widgets.PairwisePanel(ws).choices == (long, "Jalan")


def test_dot_votes_respect_the_budget_and_show_dots_left(ws):
    """Does the panel show the dots left and refuse more than the budget?"""
    ws.update_info(dot_budget=2)
    people(ws, "Ani")
    need = ws.add("needs", title="Air bersih")
    panel = widgets.DotVotePanel(ws, participant="Ani")
    assert panel.left == "Ani has 2 dots left."
    panel.step(need.id, +1)
    assert panel.left == "Ani has 1 dot left."
    assert panel.status == "Saved. Dots on 'Air bersih': 1."
    panel.step(need.id, +1)
    assert panel.left == "Ani has used all their dots."
    panel.step(need.id, +1)
    assert [v.dots for v in ws.records("dot_votes")] == [2]
    assert "Ani" in panel.status and "2" in panel.status
    panel.step(need.id, -1)
    assert [v.dots for v in ws.records("dot_votes")] == [1]


def test_taking_back_a_dot_that_is_not_there_says_nothing_changed(ws):
    """Does -1 on a need without dots say that nothing changed, and write nothing?"""
    people(ws, "Ani")
    need = ws.add("needs", title="Air bersih")
    panel = widgets.DotVotePanel(ws, participant="Ani")
    before = ws.change_marker()
    panel.step(need.id, -1)
    assert panel.status == "Nothing changed: there is no dot on 'Air bersih' to take back."
    assert ws.change_marker() == before and ws.records("dot_votes") == []


def test_dot_vote_without_a_participant_asks_for_one(ws):
    """Does a vote with no participant chosen store nothing and say why?"""
    need = ws.add("needs", title="Air bersih")
    panel = widgets.DotVotePanel(ws)
    panel.step(need.id, +1)
    assert ws.records("dot_votes") == [] and panel.status


def test_a_cast_vote_redraws_the_results_panel(ws):
    """Does the results panel change when a dot is cast in another panel?"""
    people(ws, "Ani")
    a = ws.add("needs", title="Air bersih")
    ws.add("needs", title="Jalan")
    results = widgets.ResultsPanel(ws)
    before = results.html
    widgets.DotVotePanel(ws, participant="Ani").step(a.id, +1)
    assert results.html != before and "Air bersih" in results.html


def test_pairwise_panel_walks_every_pair(ws):
    """Does the pairwise panel show each pair once, store ties, and say when all are done?"""
    ids = [ws.add("needs", title=t).id for t in ("A", "B", "C")]
    panel = widgets.PairwisePanel(ws)
    seen = []
    while panel.pair is not None:
        seen.append(panel.pair)
        panel.decide(panel.pair[0] if len(seen) != 2 else None)
    assert len(seen) == 3 and {frozenset(p) for p in seen} == {
        frozenset((ids[0], ids[1])),
        frozenset((ids[0], ids[2])),
        frozenset((ids[1], ids[2])),
    }
    assert sorted(bool(p.winner) for p in ws.records("pairwise")) == [False, True, True]
    assert assess(ws).pairwise.complete


def test_a_need_paired_with_itself_is_refused(ws):
    """Is a need compared with itself refused, leaving the store unchanged?"""
    from planning.errors import ValidationError

    need = ws.add("needs", title="A")
    ws.add("needs", title="B")
    with pytest.raises(ValidationError, match="itself"):
        ws.add("pairwise", need_a=need.id, need_b=need.id, winner=need.id)
    assert ws.records("pairwise") == []


def test_ranking_form_saves_an_order_and_refuses_a_place_twice(ws):
    """Is an order saved as one change, and the same place for two needs refused?"""
    people(ws, "Ani")
    a, b = (ws.add("needs", title=t) for t in ("A", "B"))
    form = widgets.RankingForm(ws, participant="Ani")
    form.place(a.id, 1)
    form.place(b.id, 1)
    form.save()
    assert ws.records("rankings") == [] and "1" in form.status
    form.place(b.id, 2)
    form.save()
    assert sorted((r.need, r.rank) for r in ws.records("rankings")) == sorted(
        [(a.id, 1), (b.id, 2)]
    )


def test_criteria_presets(ws):
    """Does picking the village preset add its five criteria once?"""
    panel = widgets.CriteriaPanel(ws)
    panel.use_preset("desa")
    panel.use_preset("desa")
    assert len(ws.records("criteria")) == 5
    panel.use_preset("usg")
    assert len(ws.records("criteria")) == 8


def test_problem_tree_panel_adds_causes_and_refuses_unknown_parent(ws):
    """Does the tree panel add a cause under the need and refuse an unknown parent?"""
    need = ws.add("needs", title="Air bersih")
    panel = widgets.ProblemTreePanel(ws, need="Air bersih")
    panel.fill(text="Pipa bocor")
    panel.add()
    assert [(n.text, n.role, n.parent) for n in ws.records("problem_tree")] == [
        ("Pipa bocor", "cause", "")
    ]
    with pytest.raises(Exception, match="Leads to"):
        ws.add("problem_tree", need=need.id, text="Iuran", role="cause", parent="Tidak ada")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_typed_payloads_are_shown_as_text_in_every_panel(ws, payload):
    """Does a script typed into any field appear escaped in every panel's HTML?"""
    ani = ws.add("participants", name=payload)
    need = ws.add("needs", title=payload, dusun=payload, proposed_by=payload)
    other = ws.add("needs", title="Jalan " + payload)
    crit = ws.add("criteria", name=payload, weight=1)
    ws.add("scores", rater=payload, need=need.id, criterion=crit.id, value=3)
    ws.add("dot_votes", participant=ani.id, need=need.id, dots=1)
    ws.add("rankings", participant=ani.id, need=other.id, rank=1)
    ws.add("pairwise", need_a=need.id, need_b=other.id, winner=other.id)
    ws.add("problem_tree", need=need.id, text="Sebab " + payload, role="cause")
    panels = [
        widgets.NeedsBoard(ws),
        widgets.ResultsPanel(ws),
        widgets.CriteriaPanel(ws),
        widgets.DotVotePanel(ws, participant=payload),
        widgets.ScoringGrid(ws, payload),
        widgets.RankingForm(ws),
    ]
    for panel in panels:
        for child in _walk(panel):
            value = getattr(child, "value", None)
            if type(child).__name__ == "HTML" and isinstance(value, str):
                assert not _unescaped(value), (type(panel).__name__, value)
    board = panels[0]
    board.fill(title=payload)
    board.add()  # a duplicate: the message shows the payload escaped
    assert payload in board.status and not any(
        _unescaped(c.value) for c in _walk(board) if type(c).__name__ == "HTML"
    )
    html = str(widgets.guide(ws, "intro")._repr_html_())
    assert not _unescaped(html)


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def test_a_need_added_later_appears_in_every_open_panel(ws):
    """Does a need added on the board reach the dot, pairwise, scoring and ranking panels?"""
    people(ws, "Ani")
    ws.add("needs", title="Air bersih")
    ws.add("criteria", name="Parah")
    dots, pairs = widgets.DotVotePanel(ws, participant="Ani"), widgets.PairwisePanel(ws)
    grid, ranks = widgets.ScoringGrid(ws, rater="Ani"), widgets.RankingForm(ws)
    board = widgets.NeedsBoard(ws)
    board.fill(title="Jalan desa")
    board.add()
    jalan = ws.find("needs", "Jalan desa").id
    assert jalan in dots.needs and jalan in ranks.needs
    assert pairs.pair is not None and jalan in pairs.pair
    grid.box(jalan, ws.find("criteria", "Parah").id).value = "4"
    assert [s.value for s in ws.records("scores")] == [4]
    dots.step(jalan, +1)
    assert [v.dots for v in ws.records("dot_votes")] == [1]


def test_running_a_panels_cell_again_leaves_one_listener(ws):
    """Does making a panel three times (a cell run three times) leave one listener?"""
    from planning.widgets import WorkshopState

    ws.add("needs", title="Air bersih")
    for _ in range(3):
        widgets.ResultsPanel(ws)
    widgets.DotVotePanel(ws)
    assert WorkshopState.of(ws).listeners == 2


def test_a_panel_without_a_workshop_shows_nothing(ws):
    """Does a panel given no workshop (none chosen) show nothing instead of failing?"""
    panel = widgets.NeedsBoard(None)
    assert getattr(panel, "value", "") == ""
    assert widgets.guide(None, "intro")._repr_html_() == ""


def test_the_demo_says_it_is_the_demo(demo):
    """Does every panel on the demo workshop say that it is the demo?"""
    panel = widgets.ResultsPanel(demo)
    assert any("planning-demo-banner" in getattr(c, "value", "") for c in _walk(panel))
