"""Needs assessment methods: pure functions from votes, scores and rankings to ranked needs.

One topic per module: :mod:`.dots`, :mod:`.matrix`, :mod:`.pairwise`, :mod:`.ranking` (Borda,
Condorcet, Copeland, plurality), :mod:`.agreement` (Kendall's W, dissent, every method side by
side) and :mod:`.tree` (the problem tree). See :mod:`.base` for what they share.
"""

from planning.needs.methods.agreement import (
    Combined,
    CombinedRow,
    Disagreement,
    Dissent,
    compare_methods,
    dissent,
    kendalls_w,
)
from planning.needs.methods.base import TOLERANCE, MethodResult, Ranked, rank_scores
from planning.needs.methods.dots import check_dot_budget, dot_totals, dots_left
from planning.needs.methods.matrix import (
    MatrixResult,
    Sensitivity,
    matrix_scores,
    weight_sensitivity,
)
from planning.needs.methods.pairwise import (
    PairwiseResult,
    check_pair,
    pairwise_wins,
    reason_candidates,
)
from planning.needs.methods.ranking import borda, condorcet_winner, copeland, plurality
from planning.needs.methods.tree import ROLES, check_tree, problem_tree

__all__ = [
    "ROLES",
    "TOLERANCE",
    "Combined",
    "CombinedRow",
    "Disagreement",
    "Dissent",
    "MatrixResult",
    "MethodResult",
    "PairwiseResult",
    "Ranked",
    "Sensitivity",
    "borda",
    "check_dot_budget",
    "check_pair",
    "check_tree",
    "compare_methods",
    "condorcet_winner",
    "copeland",
    "dissent",
    "dot_totals",
    "dots_left",
    "kendalls_w",
    "matrix_scores",
    "pairwise_wins",
    "plurality",
    "problem_tree",
    "rank_scores",
    "reason_candidates",
    "weight_sensitivity",
]
