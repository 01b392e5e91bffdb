"""Stage 3, action planning: from the priority needs and the partnership map to a costed,
traceable plan the village carries into its Musrenbang, RKP Desa and APBDes."""

from planning.actions import records, rules
from planning.stages import Stage, Step

_ROOM = "planning.actions.room"

STAGE = Stage(
    name="actions",
    kinds=records.KINDS,
    kind_aliases={
        "pengaturan_rencana": "plan_settings",
        "pengaturan": "plan_settings",
        "settings": "plan_settings",
        "pagu": "ceilings",
        "pagu_indikatif": "ceilings",
        "tujuan": "objectives",
        "kegiatan": "activities",
        "indikator": "indicators",
        "risiko": "risks",
        "suara_kegiatan": "activity_votes",
        "pilihan_kegiatan": "activity_votes",
        "votes": "activity_votes",
    },
    choice_aliases=records.CHOICE_ALIASES,
    rules=rules.RULES,
    remove_rules=rules.REMOVE_RULES,
    merge_hooks=rules.MERGE_HOOKS,
    summary="planning.actions.summary:actions_part",
    summary_text="planning.actions.summary:actions_text",
    next_steps="planning.actions.sections:next_steps",
    tables="planning.actions.exports:write_tables",
    panels="planning.actions.panels",
    handout_notebook="04_actions.ipynb",
    notebook="03_action_planning.ipynb",
    result="planning.actions.assessment:compute_review",
    reads=(*(cls.KIND for cls in records.KINDS), "participants", "workshop"),
    reads_results=("needs", "stakeholders"),
    stamp="planning.actions.assessment:rules_stamp",
    steps=(
        Step(
            "activities",
            "actions_activities",
            f"{_ROOM}:activities_form",
            f"{_ROOM}:GanttPanel",
            ("activities",),
        ),
        Step(
            "votes",
            "actions_votes",
            f"{_ROOM}:votes_form",
            f"{_ROOM}:BudgetPanel",
            ("activity_votes",),
        ),
    ),
)
