"""The vote-based allocation says which Equal Shares it is: the completed variant."""

from planning import widgets
from planning.actions.sections import plan_budget


def test_do_the_budget_panel_and_the_handout_say_equal_shares_with_completion(demo):
    """Do the budget panel and the handout name "Equal Shares (with completion)" in words and
    say why it may fund more than the plain method?"""
    votes = widgets.BudgetPanel(demo).html["votes"]
    assert "Pembagian Setara (dengan pelengkapan)" in votes
    assert "dilengkapi" in votes
    text = str(plan_budget(demo, "en"))
    assert "Equal Shares (with completion)" in text and "completed" in text
