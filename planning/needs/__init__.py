"""Stage 1, needs assessment: gather needs, score and rank them, see where the group agrees."""

from planning.needs import records, rules
from planning.stages import Stage, Step

_ROOM = "planning.needs.room"

STAGE = Stage(
    name="needs",
    kinds=records.KINDS,
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
    rules=rules.RULES,
    remove_rules=rules.REMOVE_RULES,
    merge_hooks=rules.MERGE_HOOKS,
    summary="planning.needs.summary:needs_part",
    summary_text="planning.needs.summary:needs_text",
    next_steps="planning.needs.sections:next_steps",
    panels="planning.needs.panels",
    handout_notebook="02_needs.ipynb",
    notebook="01_needs_assessment.ipynb",
    result="planning.needs.assessment:compute_assessment",
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
        Step("needs", "gather", f"{_ROOM}:NeedForm", f"{_ROOM}:NeedsResults", ("needs",)),
        Step("scores", "scoring", f"{_ROOM}:scores_form", f"{_ROOM}:ScoresResults", ("scores",)),
        Step("dots", "dots", f"{_ROOM}:dots_form", f"{_ROOM}:DotsResults", ("dot_votes",)),
        Step(
            "pairwise",
            "pairwise",
            f"{_ROOM}:pairwise_form",
            f"{_ROOM}:PairwiseResults",
            ("pairwise",),
        ),
        Step(
            "rankings",
            "rankings",
            f"{_ROOM}:rankings_form",
            f"{_ROOM}:RankingsResults",
            ("rankings",),
        ),
    ),
)
