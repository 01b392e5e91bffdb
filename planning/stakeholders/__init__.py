"""Stage 2, stakeholder mapping (Net-Map): who is involved, how they are linked, who holds
influence over what, and whom the group should work with next."""

from planning.stages import Stage, Step
from planning.stakeholders import records, rules

STAGE = Stage.declare(
    "stakeholders",
    records,
    rules,
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
        "tujuan_aktor": "goals",
        "keinginan_aktor": "goals",
    },
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
        "goals",
        "link_types",
        "links",
        "need_resources",
        "plan_settings",  # the tallest tower the workshop allows (its ``tower_max``)
    ),
    reads_results=("needs",),  # the priority needs, whose partners the map suggests
    steps=(
        Step("actors", "sh_actors", "actors_form", "StakeholderMap", ("stakeholders",)),
        Step(
            "links",
            "sh_links",
            "links_form",
            "StakeholderMap",
            ("links", "link_types"),
            "links_ready",
        ),
        Step("goals", "sh_goals", "goals_form", "StakeholderMap", ("goals",)),
        Step(
            "towers",
            "sh_towers",
            "towers_form",
            "PowerInterestGrid",
            ("influence", "influence_questions"),
            "towers_ready",
        ),
    ),
    prepare=(
        ("influence_questions", "stakeholders.prepare.questions", "InfluenceQuestionForm"),
        ("link_types", "stakeholders.prepare.link_types", "LinkTypeForm"),
    ),
)
