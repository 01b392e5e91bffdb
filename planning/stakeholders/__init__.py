"""Stage 2, stakeholder mapping (Net-Map): who is involved, how they are linked, who holds
influence over what, and whom the group should work with next."""

from planning.stages import Stage, Step
from planning.stakeholders import records, rules

_ROOM = "planning.stakeholders.room"

STAGE = Stage(
    name="stakeholders",
    kinds=records.KINDS,
    kind_aliases={
        "pemangku_kepentingan": "stakeholders",
        "aktor": "stakeholders",
        "actors": "stakeholders",
        "pertanyaan_pengaruh": "influence_questions",
        "questions": "influence_questions",
        "menara_pengaruh": "influence",
        "pengaruh": "influence",
        "towers": "influence",
        "menara": "influence",
        "hubungan": "links",
        "jenis_hubungan": "link_types",
        "posisi": "positions",
        "posisi_peta": "positions",
        "kebutuhan_sumber_daya": "need_resources",
    },
    choice_aliases=records.CHOICE_ALIASES,
    rules=rules.RULES,
    remove_rules=rules.REMOVE_RULES,
    merge_hooks=rules.MERGE_HOOKS,
    summary="planning.stakeholders.summary:stakeholders_part",
    summary_text="planning.stakeholders.summary:stakeholders_text",
    next_steps="planning.stakeholders.sections:next_steps",
    panels="planning.stakeholders.panels",
    exports={
        fmt: f"planning.stakeholders.export:write_{fmt}"
        for fmt in ("graphml", "gexf", "png", "svg")
    },
    handout_notebook="03_stakeholders.ipynb",
    notebook="02_stakeholder_mapping.ipynb",
    result="planning.stakeholders.assessment:analyse",
    reads=(
        "stakeholders",
        "influence_questions",
        "influence",
        "link_types",
        "links",
        "need_resources",
    ),
    reads_results=("needs",),  # the priority needs, whose partners the map suggests
    steps=(
        Step(
            "actors",
            "sh_actors",
            f"{_ROOM}:actors_form",
            f"{_ROOM}:StakeholderMap",
            ("stakeholders",),
        ),
        Step(
            "links",
            "sh_links",
            f"{_ROOM}:links_form",
            f"{_ROOM}:StakeholderMap",
            ("links", "link_types"),
        ),
        Step(
            "towers",
            "sh_towers",
            f"{_ROOM}:towers_form",
            f"{_ROOM}:PowerInterestGrid",
            ("influence", "influence_questions"),
        ),
    ),
)
