"""Forms and panels for the notebooks: one small class per form; only these import ipywidgets."""

from planning.widgets.guide import guide
from planning.widgets.needs import (
    CriteriaPanel,
    DotVotePanel,
    NeedsBoard,
    PairwisePanel,
    ProblemTreePanel,
    RankingForm,
    ResultsPanel,
    ScoringGrid,
)

__all__ = [
    "CriteriaPanel",
    "DotVotePanel",
    "NeedsBoard",
    "PairwisePanel",
    "ProblemTreePanel",
    "RankingForm",
    "ResultsPanel",
    "ScoringGrid",
    "guide",
]
