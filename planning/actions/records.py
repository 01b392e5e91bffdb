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
from typing import Any, ClassVar

from planning.actions.methods.vocab import (
    BUDGET_PARTS,
    DESTINATIONS,
    FUNDING_SOURCES,
    LEVELS,
    MODES,
    OUTCOMES,
    STATUSES,
    STRATEGIES,
)
from planning.records import (
    ParticipantsOwn,
    Record,
    choice_field,
    count_field,
    date_field,
    name_field,
    number_field,
    origin_field,
    ref_field,
    text_field,
)

OUTCOME_CHOICES = (*OUTCOMES, "none")  # "none": the indicator speaks to no stage outcome
RISK_KINDS = ("assumption", "risk")
BALLOTS = ("dots", "approval")
SETTINGS = (
    "year",
    "rules_file",
    "top_n",
    "ballot",
    "vote_budget",
    "accountable",
    "provinsi",
    "kode_desa",
    "kepala_desa",
    "ketua_bpd",
    "tower_max",
    "women_target",
)
"""What the facilitator sets for the plan: its year, the year-rules file, how many needs count
as priorities, how people vote on activities, the budget those votes share out, the actor
accountable (A) for every activity in the RACI matrix, and for the forms' header and signature
blocks the province and the names of the Kepala Desa and the Ketua BPD, the village's code
(Kemendagri's ``PP.KK.CC.DDDD``, for OpenSID's Siskeudes ``Kd_Desa``), and the tallest
influence tower of the stakeholder map (read by that stage as
``planning.stakeholders.vocab.TOWER_SETTING``), and the share of each decision women should
have, in percent (``planning.influence.TARGET_SETTING``, 40 unless set)."""

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
        "apbn": "apbn_kl",
        "apbn_kementerian_lembaga": "apbn_kl",
        "kementerian_lembaga": "apbn_kl",
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
    "actions.budget_part": {
        "belanja": "spending",
        "pembiayaan": "financing",
        "penyertaan_modal": "financing",
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
        "province": "provinsi",
        "kode_wilayah": "kode_desa",
        "kode_kemendagri": "kode_desa",
        "village_code": "kode_desa",
        "kades": "kepala_desa",
        "village_head": "kepala_desa",
        "bpd": "ketua_bpd",
        "menara_tertinggi": "tower_max",
        "tinggi_menara_maksimum": "tower_max",
        "target_perempuan": "women_target",
        "sasaran_perempuan": "women_target",
    },
}


def _objective_ref(*, key: bool = False) -> Any:
    return ref_field("objectives", "tujuan", max_len=200, key=key, required=False)


def _activity_ref(*, key: bool = False, required: bool = False) -> Any:
    return ref_field("activities", "kegiatan", "activity", max_len=120, key=key, required=required)


@dataclass(frozen=True, kw_only=True)
class Objective(Record):
    """An objective of the logframe for a priority need: a goal, a purpose or an output."""

    KIND: ClassVar[str] = "objectives"
    text: str = name_field(200, "uraian", "tujuan", "objective", "sasaran_tujuan")
    need: str = ref_field("needs", "kebutuhan", "masalah", key=False)
    level: str = choice_field(
        "actions.level", LEVELS, "tingkat", "jenjang", "level_logframe", default="output"
    )


@dataclass(frozen=True, kw_only=True)
class Activity(Record):
    """One activity of the plan: what, for which need, how, who, where, when, for whom, how
    much and from which source, and whether the village funds it or proposes it upwards."""

    KIND: ClassVar[str] = "activities"
    TRAINEE: ClassVar[str] = "add"
    ORIGIN: ClassVar[str] = "origin"
    title: str = name_field(120, "judul", "kegiatan", "nama_kegiatan", "jenis_kegiatan", "activity")
    need: str = ref_field("needs", "kebutuhan", "masalah", key=False, required=False)
    objective: str = _objective_ref()
    strategy: str = choice_field(
        "actions.strategy", STRATEGIES, "strategi", "strategi_pemberdayaan"
    )  # not required: a trainee's activity leaves it for the facilitator (a finding says so)
    bidang: str = text_field(120, "kode_bidang")
    sub_bidang: str = text_field(120, "subbidang", "kode_sub_bidang")
    dd_focus: str = text_field(200, "fokus_dana_desa", "fokus_dd", "prioritas_dana_desa")
    lead: str = ref_field(
        "stakeholders",
        "penanggung_jawab",
        "pelaksana",
        "rencana_pelaksana_kegiatan",
        "pj",
        max_len=80,
        key=False,
        required=False,
    )
    partners: str = text_field(600, "mitra")
    dusun: str = text_field(120, "lokasi", "location")
    volume: float = number_field(0.0, "jumlah_volume", low=0)
    unit: str = text_field(40, "satuan")
    men: int = count_field(0, "laki_laki", "pria")
    women: int = count_field(0, "perempuan", "wanita")
    poor_households: int = count_field(0, "rtm", "rumah_tangga_miskin", "kpm")
    pkh_families: int = count_field(0, "keluarga_pkh", "kpm_pkh", "pkh")
    # The PKH component or P2K2 module it supports (a code of data/pkh.csv; the rule checks).
    pkh_support: str = text_field(80, "komponen_pkh", "modul_p2k2", "dukungan_pkh")
    start: str = date_field("mulai", "tanggal_mulai", required=True)
    end: str = date_field("selesai", "tanggal_selesai", required=True)
    cost: int = count_field(0, "biaya", "jumlah_rp", "perkiraan_biaya", "anggaran")
    source: str = choice_field(
        "actions.source",
        FUNDING_SOURCES,
        "sumber",
        "sumber_dana",
        "sumber_pembiayaan",
    )  # not required, as the strategy
    mode: str = choice_field(
        "actions.mode",
        MODES,
        "pola_pelaksanaan",
        "pola",
        "prakiraan_pola_pelaksanaan",
        default="swakelola",
    )
    destination: str = choice_field(
        "actions.destination",
        DESTINATIONS,
        "tujuan_usulan",
        "diusulkan_ke",
        "anggaran_tujuan",
        default="village_budget",
    )
    status: str = choice_field("actions.status", STATUSES, "keadaan", default="proposed")
    wage: int = count_field(0, "upah", "biaya_upah", "upah_hok")
    implementer: str = text_field(
        120, "pelaksana_desa", "pelaksana_kegiatan_desa", "pka", "tpk", "pelaksana_kegiatan"
    )
    authority: str = text_field(160, "opd", "opd_tujuan", "kewenangan", "instansi_tujuan")
    budget_part: str = choice_field(
        "actions.budget_part", BUDGET_PARTS, "jenis_anggaran", "bagian_anggaran", default="spending"
    )

    origin: str = origin_field()


@dataclass(frozen=True, kw_only=True)
class Indicator(Record):
    """How progress on one activity or one objective is measured, and the outcome it shows."""

    KIND: ClassVar[str] = "indicators"
    name: str = name_field(160, "nama", "indikator")
    activity: str = _activity_ref(key=True)
    objective: str = _objective_ref(key=True)
    unit: str = text_field(40, "satuan")
    baseline: float = number_field(None, "data_awal")
    # When the baseline was measured (empty: the first day of the plan's year), where the
    # follow-up's lights start counting the time passed.
    baseline_date: str = date_field("tanggal_data_awal", "tanggal_awal", "baseline_day")
    target: float = number_field(None, "sasaran")
    target_date: str = date_field("tanggal_target", "batas_waktu")
    verification: str = text_field(
        200, "alat_verifikasi", "sumber_data", "means_of_verification", "cara_memeriksa"
    )
    outcome: str = choice_field(
        "actions.outcome", OUTCOME_CHOICES, "hasil", "hasil_yang_dituju", default="none"
    )
    # What it feeds of what the village reports (codes of data/indeks_desa.csv and
    # data/sdgs_desa.csv; the rule checks).
    dimension: str = text_field(60, "dimensi", "dimensi_indeks_desa", "indeks_desa")
    sdg: str = text_field(80, "sdgs_desa", "tujuan_sdgs_desa", "sdgs")


@dataclass(frozen=True, kw_only=True)
class Risk(Record):
    """A risk to an activity or an objective, or an assumption it rests on, with how likely
    and how serious it is and what the group will do about it."""

    KIND: ClassVar[str] = "risks"
    text: str = name_field(200, "uraian", "risiko", "risk")
    activity: str = _activity_ref(key=True)
    objective: str = _objective_ref(key=True)
    kind: str = choice_field("actions.risk_kind", RISK_KINDS, "jenis", default="risk")
    likelihood: int = count_field(2, "kemungkinan", high=3, low=1)
    impact: int = count_field(2, "dampak", high=3, low=1)
    mitigation: str = text_field(200, "mitigasi", "penanganan")


@dataclass(frozen=True, kw_only=True)
class ActivityVote(ParticipantsOwn):
    """The support one participant gives one activity: dots, or 1 for an approval."""

    KIND: ClassVar[str] = "activity_votes"
    COUNT: ClassVar[str] = "votes"
    activity: str = _activity_ref(key=True, required=True)
    votes: int = count_field(1, "suara", "titik", "dots", high=50)


@dataclass(frozen=True, kw_only=True)
class Ceiling(Record):
    """The ceiling (pagu indikatif) of one funding source for the village's own budget."""

    KIND: ClassVar[str] = "ceilings"
    source: str = choice_field(
        "actions.source", FUNDING_SOURCES, "sumber", "sumber_dana", required=True, key=True
    )
    amount: int = count_field(None, "pagu", "jumlah", "pagu_indikatif", "jumlah_rp", required=True)


@dataclass(frozen=True, kw_only=True)
class PlanSetting(Record):
    """One setting of the plan (its year, the year-rules file...), checked by the stage's rule."""

    KIND: ClassVar[str] = "plan_settings"
    setting: str = choice_field(
        "actions.setting", SETTINGS, "pengaturan", "nama", required=True, key=True
    )
    value: str = text_field(300, "nilai")


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
