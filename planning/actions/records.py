"""The records of the action plan: objectives, activities, indicators, risks, the participants'
votes on activities, the ceiling per funding source and the plan's settings.

Codes and their words: strategies, funding sources, modes, destinations, statuses, outcomes and
logframe levels are choices whose labels are ``actions.<group>.<code>``; a bidang, sub-bidang
or Dana Desa focus is text checked against the editable data files by the stage's rules (the
codes live in ``planning/actions/data``, not here). A record refers to a need, an objective, an
activity or the lead actor by name or id; partners are the names of actors on the map,
separated by ";".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from planning.actions.methods.vocab import (
    DESTINATIONS,
    FUNDING_SOURCES,
    LEVELS,
    MODES,
    OUTCOMES,
    STATUSES,
    STRATEGIES,
)
from planning.records import Record, field, participant_ref, ref_field

OUTCOME_CHOICES = (*OUTCOMES, "none")  # "none": the indicator speaks to no stage outcome
RISK_KINDS = ("assumption", "risk")
BALLOTS = ("dots", "approval")
SETTINGS = ("year", "rules_file", "top_n", "ballot", "vote_budget", "accountable")
"""What the facilitator sets for the plan: its year, the year-rules file, how many needs count
as priorities, how people vote on activities, the budget those votes share out, and the actor
accountable (A) for every activity in the RACI matrix."""

CHOICE_ALIASES: dict[str, dict[str, str]] = {
    "actions.strategy": {
        "partisipatif": "participatory",
        "perencanaan_partisipatif": "participatory",
        "participatory_planning": "participatory",
        "pelatihan": "training",
        "pendidikan": "training",
        "training_education": "training",
        "kemitraan": "partnership",
        "dukungan": "support",
        "dukungan_teknis": "support",
        "technical_financial_support": "support",
    },
    "actions.source": {
        "dd": "dana_desa",
        "alokasi_dana_desa": "add",
        "pades": "pad_desa",
        "pad": "pad_desa",
        "pendapatan_asli_desa": "pad_desa",
        "bagi_hasil_pajak_dan_retribusi": "bagi_hasil",
        "bhpr": "bagi_hasil",
        "bankeu_prov": "bankeu_provinsi",
        "bantuan_keuangan_provinsi": "bankeu_provinsi",
        "bankeu_kab": "bankeu_kabupaten",
        "bantuan_keuangan_kabupaten": "bankeu_kabupaten",
        "apbn": "apbn_pkh",
        "pkh": "apbn_pkh",
        "lsm": "ngo_donor",
        "donor": "ngo_donor",
        "ngo": "ngo_donor",
        "swadaya_masyarakat": "swadaya",
    },
    "actions.mode": {
        "self_managed": "swakelola",
        "kerja_sama_antardesa": "kerja_sama_antar_desa",
        "antar_desa": "kerja_sama_antar_desa",
        "pihak_ketiga": "kerja_sama_pihak_ketiga",
        "third_party": "kerja_sama_pihak_ketiga",
    },
    "actions.destination": {
        "apbdes": "village_budget",
        "rkp_desa": "village_budget",
        "rkpdesa": "village_budget",
        "desa": "village_budget",
        "du_rkpdesa": "musrenbang",
        "du_rkp_desa": "musrenbang",
        "usulan": "musrenbang",
        "kecamatan": "musrenbang",
    },
    "actions.status": {"usulan": "proposed", "sepakat": "agreed", "berjalan": "in_progress"},
    "actions.outcome": {
        "partisipasi": "participation",
        "self_reliance": "kemandirian",
        "kualitas_hidup": "quality_of_life",
        "tidak_ada": "none",
    },
    "actions.level": {"tujuan_akhir": "goal", "impact": "goal", "outcome": "purpose"},
    "actions.risk_kind": {"risiko": "risk", "asumsi": "assumption"},
    "actions.ballot": {
        "titik": "dots",
        "dot": "dots",
        "persetujuan": "approval",
        "setuju": "approval",
        "approvals": "approval",
    },
    "actions.setting": {
        "tahun": "year",
        "tahun_rencana": "year",
        "berkas_aturan": "rules_file",
        "aturan_dana_desa": "rules_file",
        "prioritas_teratas": "top_n",
        "jumlah_prioritas": "top_n",
        "cara_memilih": "ballot",
        "jenis_suara": "ballot",
        "anggaran_suara": "vote_budget",
        "anggaran_pilihan": "vote_budget",
        "penanggung_gugat": "accountable",
    },
}


def _objective_ref(*, key: bool = False) -> object:
    return field(type="ref", ref="objectives", max_len=200, key=key, aliases=("tujuan",))


def _activity_ref(*, key: bool = False) -> object:
    return field(
        type="ref", ref="activities", max_len=120, key=key, aliases=("kegiatan", "activity")
    )


@dataclass(frozen=True, kw_only=True)
class Objective(Record):
    """An objective of the logframe for a priority need: a goal, a purpose or an output."""

    KIND: ClassVar[str] = "objectives"
    text: str = field(
        type="text",
        required=True,
        max_len=200,
        key=True,
        aliases=("uraian", "tujuan", "objective", "sasaran_tujuan"),
    )
    need: str = ref_field("needs", "kebutuhan", "masalah", key=False)
    level: str = field(
        "output",
        type="choice",
        choices=LEVELS,
        group="actions.level",
        aliases=("tingkat", "jenjang", "level_logframe"),
    )


@dataclass(frozen=True, kw_only=True)
class Activity(Record):
    """One activity of the plan: what, for which need, how, who, where, when, for whom, how
    much and from which source, and whether the village funds it or proposes it upwards."""

    KIND: ClassVar[str] = "activities"
    TRAINEE: ClassVar[str] = "add"
    title: str = field(
        type="text",
        required=True,
        max_len=120,
        key=True,
        aliases=("judul", "kegiatan", "nama_kegiatan", "jenis_kegiatan", "activity"),
    )
    need: str = field(type="ref", ref="needs", max_len=100, aliases=("kebutuhan", "masalah"))
    objective: str = _objective_ref()  # type: ignore[assignment]
    strategy: str = field(
        type="choice",
        required=True,
        choices=STRATEGIES,
        group="actions.strategy",
        aliases=("strategi", "strategi_pemberdayaan"),
    )
    bidang: str = field(type="text", max_len=120, aliases=("kode_bidang",))
    sub_bidang: str = field(type="text", max_len=120, aliases=("subbidang", "kode_sub_bidang"))
    dd_focus: str = field(
        type="text", max_len=200, aliases=("fokus_dana_desa", "fokus_dd", "prioritas_dana_desa")
    )
    lead: str = field(
        type="ref",
        ref="stakeholders",
        max_len=80,
        aliases=("penanggung_jawab", "pelaksana", "rencana_pelaksana_kegiatan", "pj"),
    )
    partners: str = field(type="text", max_len=600, aliases=("mitra",))
    dusun: str = field(type="text", max_len=120, aliases=("lokasi", "location"))
    volume: float = field(0.0, type="float", low=0, aliases=("jumlah_volume",))
    unit: str = field(type="text", max_len=40, aliases=("satuan",))
    men: int = field(0, type="int", low=0, aliases=("laki_laki", "pria"))
    women: int = field(0, type="int", low=0, aliases=("perempuan", "wanita"))
    poor_households: int = field(
        0, type="int", low=0, aliases=("rtm", "rumah_tangga_miskin", "kpm")
    )
    pkh_families: int = field(0, type="int", low=0, aliases=("keluarga_pkh", "kpm_pkh", "pkh"))
    start: str = field(type="date", required=True, aliases=("mulai", "tanggal_mulai"))
    end: str = field(type="date", required=True, aliases=("selesai", "tanggal_selesai"))
    cost: int = field(
        0,
        type="int",
        low=0,
        aliases=("biaya", "jumlah_rp", "perkiraan_biaya", "anggaran"),
    )
    source: str = field(
        type="choice",
        required=True,
        choices=FUNDING_SOURCES,
        group="actions.source",
        aliases=("sumber", "sumber_dana", "sumber_pembiayaan"),
    )
    mode: str = field(
        "swakelola",
        type="choice",
        choices=MODES,
        group="actions.mode",
        aliases=("pola_pelaksanaan", "pola", "prakiraan_pola_pelaksanaan"),
    )
    destination: str = field(
        "village_budget",
        type="choice",
        choices=DESTINATIONS,
        group="actions.destination",
        aliases=("tujuan_usulan", "diusulkan_ke", "anggaran_tujuan"),
    )
    status: str = field(
        "proposed",
        type="choice",
        choices=STATUSES,
        group="actions.status",
        aliases=("keadaan",),
    )


@dataclass(frozen=True, kw_only=True)
class Indicator(Record):
    """How progress on one activity or one objective is measured, and the outcome it shows."""

    KIND: ClassVar[str] = "indicators"
    name: str = field(
        type="text", required=True, max_len=160, key=True, aliases=("nama", "indikator")
    )
    activity: str = _activity_ref(key=True)  # type: ignore[assignment]
    objective: str = _objective_ref(key=True)  # type: ignore[assignment]
    unit: str = field(type="text", max_len=40, aliases=("satuan",))
    baseline: float = field(None, type="float", aliases=("data_awal",))
    target: float = field(None, type="float", aliases=("sasaran",))
    target_date: str = field(type="date", aliases=("tanggal_target", "batas_waktu"))
    verification: str = field(
        type="text",
        max_len=200,
        aliases=("alat_verifikasi", "sumber_data", "means_of_verification", "cara_memeriksa"),
    )
    outcome: str = field(
        "none",
        type="choice",
        choices=OUTCOME_CHOICES,
        group="actions.outcome",
        aliases=("hasil", "hasil_yang_dituju"),
    )


@dataclass(frozen=True, kw_only=True)
class Risk(Record):
    """A risk to an activity or an objective, or an assumption it rests on, with how likely
    and how serious it is and what the group will do about it."""

    KIND: ClassVar[str] = "risks"
    text: str = field(
        type="text", required=True, max_len=200, key=True, aliases=("uraian", "risiko", "risk")
    )
    activity: str = _activity_ref(key=True)  # type: ignore[assignment]
    objective: str = _objective_ref(key=True)  # type: ignore[assignment]
    kind: str = field(
        "risk", type="choice", choices=RISK_KINDS, group="actions.risk_kind", aliases=("jenis",)
    )
    likelihood: int = field(2, type="int", low=1, high=3, aliases=("kemungkinan",))
    impact: int = field(2, type="int", low=1, high=3, aliases=("dampak",))
    mitigation: str = field(type="text", max_len=200, aliases=("mitigasi", "penanganan"))


@dataclass(frozen=True, kw_only=True)
class ActivityVote(Record):
    """The support one participant gives one activity: dots, or 1 for an approval."""

    KIND: ClassVar[str] = "activity_votes"
    TRAINEE: ClassVar[str] = "own"
    OWNER: ClassVar[str] = "participant"
    COUNT: ClassVar[str] = "votes"
    participant: str = participant_ref()
    activity: str = field(
        type="ref",
        ref="activities",
        required=True,
        key=True,
        max_len=120,
        aliases=("kegiatan", "activity"),
    )
    votes: int = field(1, type="int", low=0, high=50, aliases=("suara", "titik", "dots"))


@dataclass(frozen=True, kw_only=True)
class Ceiling(Record):
    """The ceiling (pagu indikatif) of one funding source for the village's own budget."""

    KIND: ClassVar[str] = "ceilings"
    source: str = field(
        type="choice",
        required=True,
        key=True,
        choices=FUNDING_SOURCES,
        group="actions.source",
        aliases=("sumber", "sumber_dana"),
    )
    amount: int = field(
        None,
        type="int",
        required=True,
        low=0,
        aliases=("pagu", "jumlah", "pagu_indikatif", "jumlah_rp"),
    )


@dataclass(frozen=True, kw_only=True)
class PlanSetting(Record):
    """One setting of the plan (its year, the year-rules file...), checked by the stage's rule."""

    KIND: ClassVar[str] = "plan_settings"
    setting: str = field(
        type="choice",
        required=True,
        key=True,
        choices=SETTINGS,
        group="actions.setting",
        aliases=("pengaturan", "nama"),
    )
    value: str = field(type="text", max_len=300, aliases=("nilai",))


KINDS = (PlanSetting, Ceiling, Objective, Activity, Indicator, Risk, ActivityVote)


def split_names(text: str) -> list[str]:
    """Give the names in a list of partners: separated by ";" or line breaks, empty ones dropped.

    Examples
    --------
    >>> split_names("PKK; Kader Posyandu ;; ")
    ['PKK', 'Kader Posyandu']
    """
    parts = text.replace("\n", ";").split(";")
    return [p.strip() for p in parts if p.strip()]


def join_names(names: list[str]) -> str:
    """Give partners' names as stored.

    Examples
    --------
    >>> join_names(["PKK", "Kader Posyandu"])
    'PKK; Kader Posyandu'
    """
    return "; ".join(names)
