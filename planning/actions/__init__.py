"""Stage 3, action planning: from the priority needs and the partnership map to a costed,
traceable plan the village carries into its Musrenbang, RKP Desa and APBDes."""

from planning.actions import records, rules
from planning.stages import Stage, Step

STAGE = Stage.declare(
    "actions",
    records,
    rules,
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
    tables="planning.actions.exports:write_tables",
    exports={
        "opensid": "planning.actions.interchange:write_opensid",
        "pabulib": "planning.actions.interchange:write_pabulib",
    },
    imports={".pb": "planning.actions.interchange:import_pabulib"},
    handout_notebook="04_actions.ipynb",
    notebook="03_action_planning.ipynb",
    result="planning.actions.assessment:compute_review",
    decisions="planning.actions.decisions:decisions",
    reads=(*(cls.KIND for cls in records.KINDS), "participants", "workshop"),
    reads_results=("needs", "stakeholders"),
    stamp="planning.actions.assessment:rules_stamp",
    steps=(
        Step(
            "activities",
            "actions_activities",
            "activities_form",
            "GanttPanel",
            ("activities",),
            "activities_ready",
        ),
        Step(
            "votes",
            "actions_votes",
            "votes_form",
            "VoteCountsPanel",
            ("activity_votes",),
            "votes_ready",
        ),
    ),
    prepare=(
        ("plan_settings", "actions.prepare.settings", "planning.actions.panels:PlanSettingsPanel"),
        ("ceilings", "actions.prepare.ceilings", "planning.actions.panels:CeilingForm"),
    ),
)
