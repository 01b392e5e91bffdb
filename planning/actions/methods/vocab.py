"""Codes of the action-plan stage: strategies, outcomes, funding sources, modes and the like.

Each tuple is in the order it is shown; a code's label is the catalogue key
``actions.<group>.<code>`` in the stage's catalogues (``planning/actions/locales``).

Examples
--------
>>> "participatory" in STRATEGIES and "kemandirian" in OUTCOMES
True
>>> label_key("source", "dana_desa")
'actions.source.dana_desa'
"""

from __future__ import annotations

# The four empowerment strategies: participatory planning and implementation, training and
# education, partnership, technical and financial support. The map owns the codes (it suggests
# a partner per strategy); the plan's activities follow one of them.
from planning.stakeholders.records import STRATEGIES as STRATEGIES

OUTCOMES = ("participation", "kemandirian", "quality_of_life")
"""What the plan is for: participation, self-reliance (kemandirian), quality of life."""

FUNDING_SOURCES = (
    "dana_desa",
    "add",
    "pad_desa",
    "bagi_hasil",
    "bankeu_provinsi",
    "bankeu_kabupaten",
    "apbn_kl",
    "ngo_donor",
    "csr",
    "swadaya",
)
"""Dana Desa, Alokasi Dana Desa, Pendapatan Asli Desa, bagi hasil pajak dan retribusi,
provincial and district financial aid (bantuan keuangan), the state budget through a ministry
or agency (APBN, kementerian/lembaga), NGO or donor, company CSR, community self-help (swadaya).
PKH is no source: it is a cash transfer paid straight to families, never money for village
activities (its families are counted on the activity)."""

SUPRA_SOURCES = ("bankeu_kabupaten", "bankeu_provinsi", "apbn_kl")
"""Sources a DU-RKPDesa proposal asks for, above the village: the kabupaten's, the province's and
the state's budget (in the DU-RKPDesa they read APBD kabupaten, APBD provinsi, APBN)."""

BUDGET_PARTS = ("spending", "financing")
"""Where an activity's money sits in an APBDes: spending (belanja, by bidang) or financing
(pembiayaan: penyertaan modal to a BUMDes, Permendagri 20/2018 Pasal 17)."""

MODES = ("swakelola", "kerja_sama_antar_desa", "kerja_sama_pihak_ketiga")
"""Implementation modes (prakiraan pola pelaksanaan) of the RKP Desa."""

DESTINATIONS = ("village_budget", "musrenbang")
VILLAGE = "village_budget"
"""Where an activity goes: the village's own RKP Desa/APBDes, or a DU-RKPDesa proposal to the
kecamatan Musrenbang."""

LEVELS = ("goal", "purpose", "output")
"""Logframe levels of an objective (activities are the level below outputs)."""

MEASURES_KINDS = ("activity", "objective")
"""What an indicator or a risk is about."""

STATUSES = ("proposed", "agreed", "in_progress", "done", "cancelled")
"""Where an activity stands."""

LIKELIHOOD_IMPACT = (1, 2, 3)
"""Risk likelihood and impact: 1 low, 2 medium, 3 high."""

PERCENT_UNITS = ("%", "persen", "percent")
"""Indicator units read as a percentage (a target over 100 is flagged)."""


def label_key(group: str, code: str) -> str:
    """Give the catalogue key of a code's label, e.g. ``actions.strategy.training``."""
    return f"actions.{group}.{code}"
