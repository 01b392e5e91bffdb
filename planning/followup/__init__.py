"""Stage 4, follow-up (pantau dan belajar): what was done, what changed and what the group
learned, for the musyawarah desa that holds the village to account (June and December)."""

from planning.followup import records, rules
from planning.stages import Stage, Step

STAGE = Stage.declare(
    "followup",
    records,
    rules,
    kind_aliases={
        "pembacaan_indikator": "indicator_readings",
        "capaian_indikator": "indicator_readings",
        "readings": "indicator_readings",
        "kemajuan": "progress",
        "perkembangan": "progress",
        "pembangunan_dokumentasi": "progress",
        "foto": "photos",
        "cerita": "stories",
        "cerita_perubahan": "stories",
        "suara_cerita": "story_votes",
        "pilihan_cerita": "story_selections",
        "kriteria_kartu": "scorecard_criteria",
        "kartu_skor_kriteria": "scorecard_criteria",
        "nilai_kartu": "scorecard_scores",
        "kartu_skor": "scorecard_scores",
        "tindakan_sepakat": "agreed_actions",
        "kesepakatan": "agreed_actions",
        "putaran_peta": "map_rounds",
        "putaran": "map_rounds",
    },
    tables="planning.followup.exports:write_tables",
    handout_notebook="06_followup.ipynb",
    notebook="04_followup.ipynb",
    result="planning.followup.assessment:compute",
    reads=(
        *(cls.KIND for cls in records.KINDS if cls.KIND != "photos"),
        "activities",
        "indicators",
        "objectives",
        "plan_settings",
        "needs",
        "participants",
        "workshop",
    ),
    steps=(
        Step("stories", "followup_stories", "stories_form", "StoriesPanel", ("stories",)),
        Step("story_votes", "followup_votes", "votes_form", "SelectionPanel", ("story_votes",)),
        Step(
            "scorecard",
            "followup_scorecard",
            "scorecard_form",
            "ScorecardPanel",
            ("scorecard_scores",),
            "scorecard_ready",
        ),
        Step("review", "followup_review", "review_view", "ReviewPanel", ()),
    ),
    prepare=(
        (
            "scorecard_criteria",
            "followup.prepare.criteria",
            "planning.followup.panels:CriterionForm",
        ),
    ),
)
