"""What the needs panels store, without the panels: scores, dots, an individual order."""

from __future__ import annotations

import pytest

from planning.errors import BudgetError, ValidationError
from planning.needs.assessment import assess
from planning.needs.commands import cast_dot, save_ranking, set_score


@pytest.fixture
def board(ws):
    ani = ws.add("participants", name="Ani")
    a, b = (ws.add("needs", title=t) for t in ("Air bersih", "Jalan"))
    crit = ws.add("criteria", name="Parah")
    return ws, ani, a, b, crit


def test_a_score_given_again_is_a_new_version_not_a_second_score(board):
    """Does scoring the same cell twice (any spelling of the rater) keep one score?"""
    ws, _, a, _, crit = board
    set_score(ws, "Kelompok Krajan", a.id, crit.id, 3)
    set_score(ws, " kelompok  krajan ", a.id, crit.id, 5)
    (score,) = ws.records("scores")
    assert (score.value, score.version) == (5, 2)
    assert [c.by for c in ws.history()[-2:]] == ["Kelompok Krajan", "kelompok  krajan"]


def test_a_score_outside_1_to_5_changes_nothing(board):
    """Is a 6 refused with the range, leaving the earlier score?"""
    ws, _, a, _, crit = board
    set_score(ws, "G", a.id, crit.id, 4)
    with pytest.raises(ValidationError, match="1 to 5"):
        set_score(ws, "G", a.id, crit.id, 6)
    assert [s.value for s in ws.records("scores")] == [4]


def test_dots_add_up_to_the_budget_and_can_be_taken_back(board):
    """Do dots add, stop at the budget, and come back when taken back?"""
    ws, ani, a, b, _ = board
    ws.update_info(dot_budget=3)
    cast_dot(ws, ani.id, a.id, 1)
    cast_dot(ws, ani.id, a.id, 1)
    cast_dot(ws, ani.id, b.id, 1)
    with pytest.raises(BudgetError):
        cast_dot(ws, ani.id, b.id, 1)
    cast_dot(ws, ani.id, a.id, -1)
    cast_dot(ws, ani.id, b.id, 1)
    assert assess(ws).results["dots"].scores() == {a.id: 1.0, b.id: 2.0}
    budi = ws.add("participants", name="Budi")
    changes = len(ws.history())
    assert cast_dot(ws, budi.id, a.id, -1) is None  # taking back what was never given
    assert len(ws.history()) == changes
    with pytest.raises(ValidationError):
        cast_dot(ws, ani.id, "no-such-need", 1)


def test_two_processes_casting_dots_at_once_never_exceed_the_budget(board, tmp_path):
    """Do two processes pressing +1 for one participant stop exactly at the budget?"""
    import multiprocessing

    ws, ani, a, b, _ = board
    ws.update_info(dot_budget=7)
    path = ws.url.removeprefix("sqlite:///")
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(2) as pool:
        results = pool.starmap(_press_plus, [(path, ani.id, a.id, 10), (path, ani.id, b.id, 10)])
    assert sum(results) == 7  # seven presses got through, the other thirteen were refused
    assert sum(v.dots for v in ws.records("dot_votes")) == 7


def _press_plus(path: str, participant: str, need: str, times: int) -> int:
    from planning import open_workshop

    ws = open_workshop(path)
    stored = 0
    for _ in range(times):
        try:
            cast_dot(ws, participant, need, 1)
            stored += 1
        except BudgetError:
            pass
    ws.close()
    return stored


def test_an_order_is_saved_once_and_a_place_given_twice_is_refused(board):
    """Is an order one change, re-saving it a new version, and a shared place refused?"""
    ws, ani, a, b, _ = board
    save_ranking(ws, ani.id, {a.id: 1, b.id: 2})
    save_ranking(ws, ani.id, {a.id: 2, b.id: 1})
    assert sorted((r.need, r.rank, r.version) for r in ws.records("rankings")) == sorted(
        [(a.id, 2, 2), (b.id, 1, 2)]
    )
    changes = len(ws.history())
    with pytest.raises(ValidationError, match="Air bersih"):
        save_ranking(ws, ani.id, {a.id: 1, b.id: 1})
    with pytest.raises(ValidationError):
        save_ranking(ws, "", {a.id: 1})
    assert len(ws.history()) == changes
