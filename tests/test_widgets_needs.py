"""The needs panels, headless: set the inputs, press the buttons, read the store."""

from __future__ import annotations

import pytest

from planning import widgets
from planning.assessment import assess

PAYLOADS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
            '"><svg onload=alert(1)>']


def _unescaped(html: str) -> bool:
    return any(p in html for p in PAYLOADS)


def people(ws, *names):
    return [ws.add("participants", name=n) for n in names]


def test_needs_board_adds_edits_and_refuses_duplicates(ws):
    """Does the board add a need, refuse a duplicate title, and keep what was typed?"""
    board = widgets.NeedsBoard(ws)
    board._title.value = "Air bersih"
    board._category.value = "infrastructure"
    board._households.value = "85"
    board._on_add(None)
    (need,) = ws.list("needs")
    assert (need.title, need.category, need.households) == ("Air bersih", "infrastructure", 85)
    board._title.value = "  AIR  bersih "
    board._on_add(None)
    assert "Air bersih" in board._status.value and len(ws.list("needs")) == 1
    assert board._title.value == "  AIR  bersih "  # what was typed is still there
    board._pick.value = need.id
    assert board._title.value == "Air bersih"
    board._category.value = "health"
    board._on_save(None)
    assert ws.get("needs", need.id).category == "health"


def test_needs_board_bad_households_is_refused(ws):
    """Is a household count that is not a number refused with a translated message?"""
    board = widgets.NeedsBoard(ws)
    board._title.value = "Jalan"
    board._households.value = "banyak"
    board._on_add(None)
    assert ws.list("needs") == [] and "banyak" in board._status.value
    assert "Households affected" in board._status.value


def test_needs_board_merges_duplicates(ws):
    """Does merging move the votes of the duplicate to the need kept?"""
    (ani,) = people(ws, "Ani")
    keep = ws.add("needs", title="Air bersih")
    drop = ws.add("needs", title="Kurang air")
    ws.add("dot_votes", participant=ani.id, need=drop.id, dots=2)
    board = widgets.NeedsBoard(ws)
    board._pick.value = drop.id
    board._merge_into.value = keep.id
    board._on_merge(None)
    assert [n.title for n in ws.list("needs")] == ["Air bersih"]
    assert [(v.need, v.dots) for v in ws.list("dot_votes")] == [(keep.id, 2)]


def test_scoring_grid_stores_at_once_and_refuses_out_of_range(ws):
    """Is each score stored as typed, and a 7 refused while the box keeps it?"""
    need = ws.add("needs", title="Air bersih")
    crit = ws.add("criteria", name="Parah", weight=2)
    grid = widgets.ScoringGrid(ws, rater="Kelompok Krajan")
    box = grid._boxes[(need.id, crit.id)]
    box.value = "4"
    (score,) = ws.list("scores")
    assert (score.rater, score.value) == ("Kelompok Krajan", 4)
    box.value = "7"
    assert ws.list("scores")[0].value == 4
    assert "7" in grid._status.value and "1" in grid._status.value and "5" in grid._status.value
    assert box.value == "7"
    box.value = "5"
    assert ws.list("scores")[0].value == 5 and len(ws.list("scores")) == 1


def test_scoring_grid_needs_a_rater(ws):
    """Is a score without a rater name refused?"""
    need = ws.add("needs", title="Air bersih")
    crit = ws.add("criteria", name="Parah")
    grid = widgets.ScoringGrid(ws)
    grid._boxes[(need.id, crit.id)].value = "3"
    assert ws.list("scores") == [] and "Scored by" in grid._status.value


def test_dot_votes_respect_the_budget_and_show_dots_left(ws):
    """Does the panel show the dots left and refuse more than the budget?"""
    ws.update_info(dot_budget=2)
    people(ws, "Ani")
    need = ws.add("needs", title="Air bersih")
    panel = widgets.DotVotePanel(ws, participant="Ani")
    panel.cast(need.id, +1)
    panel.cast(need.id, +1)
    assert "0" in panel._left.value
    panel.cast(need.id, +1)
    assert [v.dots for v in ws.list("dot_votes")] == [2]
    assert "Ani" in panel._status.value and "2" in panel._status.value
    panel.cast(need.id, -1)
    assert [v.dots for v in ws.list("dot_votes")] == [1]


def test_dot_vote_without_a_participant_asks_for_one(ws):
    """Does a vote with no participant chosen store nothing and say why?"""
    need = ws.add("needs", title="Air bersih")
    panel = widgets.DotVotePanel(ws)
    panel.cast(need.id, +1)
    assert ws.list("dot_votes") == [] and panel._status.value


def test_a_cast_vote_redraws_the_results_panel(ws):
    """Does the results panel change when a dot is cast in another panel?"""
    people(ws, "Ani")
    a = ws.add("needs", title="Air bersih")
    ws.add("needs", title="Jalan")
    results = widgets.ResultsPanel(ws)
    before = results.html
    widgets.DotVotePanel(ws, participant="Ani").cast(a.id, +1)
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
        frozenset((ids[0], ids[1])), frozenset((ids[0], ids[2])), frozenset((ids[1], ids[2]))}
    assert sorted(bool(p.winner) for p in ws.list("pairwise")) == [False, True, True]
    assert assess(ws).pairwise.complete


def test_a_need_paired_with_itself_is_refused(ws):
    """Is a need compared with itself refused, leaving the store unchanged?"""
    from planning.errors import ValidationError

    need = ws.add("needs", title="A")
    ws.add("needs", title="B")
    with pytest.raises(ValidationError, match="itself"):
        ws.add("pairwise", need_a=need.id, need_b=need.id, winner=need.id)
    assert ws.list("pairwise") == []


def test_ranking_form_saves_an_order_and_refuses_a_place_twice(ws):
    """Is an order saved as one change, and the same place for two needs refused?"""
    people(ws, "Ani")
    a, b = (ws.add("needs", title=t) for t in ("A", "B"))
    form = widgets.RankingForm(ws, participant="Ani")
    form._places[a.id].value = 1
    form._places[b.id].value = 1
    form.save()
    assert ws.list("rankings") == [] and "1" in form._status.value
    form._places[b.id].value = 2
    form.save()
    assert sorted((r.need, r.rank) for r in ws.list("rankings")) == sorted([(a.id, 1), (b.id, 2)])


def test_criteria_presets(ws):
    """Does picking the village preset add its five criteria once?"""
    panel = widgets.CriteriaPanel(ws)
    panel.use_preset("desa")
    panel.use_preset("desa")
    assert len(ws.list("criteria")) == 5
    panel.use_preset("usg")
    assert len(ws.list("criteria")) == 8


def test_problem_tree_panel_adds_causes_and_refuses_unknown_parent(ws):
    """Does the tree panel add a cause under the need and refuse an unknown parent?"""
    need = ws.add("needs", title="Air bersih")
    panel = widgets.ProblemTreePanel(ws, need="Air bersih")
    panel._text.value = "Pipa bocor"
    panel._on_add(None)
    assert [(n.text, n.role, n.parent) for n in ws.list("problem_tree")] == [
        ("Pipa bocor", "cause", "")]
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
    ws.add("problem_tree", need=need.id, text=payload, role="cause")
    panels = [widgets.NeedsBoard(ws), widgets.ResultsPanel(ws), widgets.CriteriaPanel(ws),
              widgets.DotVotePanel(ws, participant=payload), widgets.ScoringGrid(ws, payload),
              widgets.RankingForm(ws)]
    for panel in panels:
        for child in _walk(panel):
            value = getattr(child, "value", None)
            if type(child).__name__ == "HTML" and isinstance(value, str):
                assert not _unescaped(value), (type(panel).__name__, value)
    board = panels[0]
    board._title.value = payload
    board._on_add(None)  # a duplicate: the message shows the payload escaped
    assert "&lt;" in board._status.value and not _unescaped(board._status.value)
    html = str(widgets.guide(ws, "intro")._repr_html_())
    assert not _unescaped(html)


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)
