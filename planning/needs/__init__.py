"""Stage 1, needs assessment: gather needs, score and rank them, see where the group agrees."""

from planning.needs import records, rules
from planning.stages import Stage, Step

STAGE = Stage.declare(
    "needs",
    records,
    rules,
    kind_aliases={
        "kebutuhan": "needs",
        "masalah": "needs",
        "kriteria": "criteria",
        "skor": "scores",
        "nilai": "scores",
        "titik": "dot_votes",
        "voting_titik": "dot_votes",
        "perbandingan": "pairwise",
        "peringkat": "rankings",
        "pohon_masalah": "problem_tree",
    },
    handout_notebook="02_needs.ipynb",
    notebook="01_needs_assessment.ipynb",
    result="planning.needs.assessment:compute_assessment",
    decisions="planning.needs.decisions:decisions",
    # Beside its own votes and scores: the workshop's dot budget, who took part, and how many
    # needs are the priorities (kept among the plan's settings).
    reads=(
        "needs",
        "criteria",
        "scores",
        "dot_votes",
        "pairwise",
        "rankings",
        "participants",
        "workshop",
        "plan_settings",
    ),
    steps=(
        Step("needs", "gather", "NeedForm", "NeedsResults", ("needs",)),
        Step("scores", "scoring", "scores_form", "ScoresResults", ("scores",), "scores_ready"),
        Step("dots", "dots", "dots_form", "DotsResults", ("dot_votes",), "dots_ready"),
        Step(
            "pairwise",
            "pairwise",
            "pairwise_form",
            "PairwiseResults",
            ("pairwise",),
            "two_needs_ready",
        ),
        Step(
            "rankings",
            "rankings",
            "rankings_form",
            "RankingsResults",
            ("rankings",),
            "two_needs_ready",
        ),
    ),
    prepare=(("criteria", "needs.prepare.criteria", "planning.needs.panels:CriteriaPanel"),),
)
