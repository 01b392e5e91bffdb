"""A realistic demo action plan for Desa Sukamaju (plain data, reusable for the demo workshop).

Five priority needs from stage 1, a partnership map from stage 2, and a 2026 plan with all four
strategies, several funding sources, a Dana Desa ceiling that forces a choice, two proposals to
the kecamatan Musrenbang, and one deliberate gap for each kind of finding (listed in ``GAPS``).
The one kind the demo cannot show is ``strategy_without_activity``: the plan uses all four
strategies on purpose (drop the partnership activities to see it).

Amounts are whole Rupiah. ``BALLOTS`` are 30 participants' approval votes on eight candidate
activities, with ``VOTE_BUDGET`` to share out.
"""

from __future__ import annotations

from datetime import date

from planning.actions.methods.model import (
    Activity,
    Indicator,
    MapInfo,
    Need,
    Objective,
    Plan,
    Risk,
)

YEAR = 2026

NEEDS = (
    Need("n_water", "Air bersih sulit di musim kemarau", 1),
    Need("n_stunting", "Stunting dan gizi balita", 2),
    Need("n_road", "Jalan usaha tani rusak", 3),
    Need("n_income", "Pendapatan perempuan dan keluarga miskin rendah", 4),
    Need("n_flood", "Banjir musiman di Dusun III", 5),  # gap: no activity
)

OBJECTIVES = (
    Objective("g1", "n_water", "goal", "Warga Sukamaju sehat dan sejahtera"),
    Objective(
        "p1", "n_water", "purpose", "Rumah tangga Dusun I-II mendapat air bersih sepanjang tahun"
    ),
    Objective("p2", "n_stunting", "purpose", "Angka stunting balita turun"),
    Objective("o1", "n_water", "output", "Jaringan pipa dan pengelola air (BPSPAM) berfungsi"),
    Objective(
        "o2", "n_stunting", "output", "Kader terlatih dan kelas ibu balita berjalan tiap bulan"
    ),
    Objective("o3", "n_road", "output", "Jalan usaha tani 1,2 km diperkeras"),
    Objective(
        "o4", "n_income", "output", "Kelompok usaha perempuan menjual produk lewat BUMDes/koperasi"
    ),
)

MAP = MapInfo(
    actors={
        "kades": "Kepala Desa",
        "bpd": "BPD",
        "tpk": "Tim Pelaksana Kegiatan (TPK)",
        "bpspam": "BPSPAM Tirta Sejahtera",
        "posyandu": "Kader Posyandu Melati",
        "bidan": "Bidan Desa",
        "puskesmas": "Puskesmas Kecamatan",
        "pkk": "TP PKK Desa",
        "kwt_mawar": "KWT Mawar",
        "poktan": "Kelompok Tani Subur",
        "bumdes": "BUMDes Maju Bersama",
        "kopdes": "Koperasi Desa Merah Putih Sukamaju",
        "pt_agro": "PT Agro Lestari (CSR)",
        "karang_taruna": "Karang Taruna Tunas Muda",
        "rt_forum": "Forum RT/RW",
        "pendamping": "Pendamping Desa (P3MD)",
        "dinas_pu": "Dinas PUPR Kabupaten",
        "bpbd": "BPBD Kabupaten",
    },
    reaches_community={
        "kades": True,
        "bpd": True,
        "tpk": True,
        "bpspam": True,
        "posyandu": True,
        "bidan": True,
        "puskesmas": True,
        "pkk": True,
        "kwt_mawar": True,
        "poktan": True,
        "bumdes": True,
        "kopdes": True,
        "pt_agro": False,  # gap: a lead with no path to any community group
        "karang_taruna": True,
        "rt_forum": True,
        "pendamping": True,
        "dinas_pu": False,
        "bpbd": False,
    },
    suggestions={
        "n_water": ["bpspam", "rt_forum"],
        "n_stunting": ["posyandu", "bidan", "pkk"],
        "n_road": ["poktan", "tpk"],
        "n_income": ["bumdes", "kwt_mawar", "kopdes"],
        "n_flood": ["bpbd", "karang_taruna"],
    },
    community_groups=frozenset(
        {"posyandu", "pkk", "kwt_mawar", "poktan", "karang_taruna", "rt_forum"}
    ),
    links={
        "kades": ("bpd", "tpk", "pkk", "rt_forum", "pendamping"),
        "tpk": ("rt_forum", "poktan"),
        "bpspam": ("rt_forum",),
        "bidan": ("posyandu", "puskesmas"),
        "puskesmas": ("posyandu",),
        "bumdes": ("kwt_mawar", "kopdes"),
        "kopdes": ("poktan",),
        "karang_taruna": ("rt_forum",),
        "pt_agro": ("dinas_pu",),
        "dinas_pu": ("bpbd",),
    },
)


def _act(
    id: str,
    title: str,
    need: str,
    objective: str,
    strategy: str,
    sub_bidang: str,
    lead: str,
    partners: tuple[str, ...],
    dusun: str,
    volume: float,
    unit: str,
    people: tuple[int, int, int, int],
    start: date,
    end: date,
    cost: int,
    source: str,
    *,
    bidang: str | None = None,
    mode: str = "swakelola",
    destination: str = "village_budget",
    status: str = "agreed",
    votes: int = 0,
    dd_focus: str = "",
) -> Activity:
    men, women, poor, pkh = people
    return Activity(
        id,
        title,
        objective,
        need,
        strategy,
        bidang if bidang is not None else sub_bidang.split(".")[0],
        sub_bidang,
        lead,
        partners,
        dusun,
        volume,
        unit,
        men,
        women,
        poor,
        pkh,
        start,
        end,
        cost,
        source,
        mode,
        destination,
        status,
        votes,
        dd_focus,
    )


D = date

# fmt: off
ACTIVITIES = (
    _act("a01", "Pembangunan jaringan pipa air bersih Dusun I-II", "n_water", "o1", "support",
         "2.4", "tpk", ("bpspam", "rt_forum"), "Dusun I, Dusun II", 2400, "m",
         (310, 325, 64, 41), D(2026, 3, 1), D(2026, 7, 31), 185_000_000, "dana_desa",
         votes=41, dd_focus="padat_karya"),
    _act("a02", "Musyawarah dusun menyusun aturan pengelolaan air", "n_water", "o1",
         "participatory", "1.4", "bpd", ("bpspam", "rt_forum"), "Dusun I, Dusun II", 3,
         "kali", (60, 55, 20, 12), D(2026, 2, 1), D(2026, 2, 28), 4_500_000, "add", votes=12),
    _act("a03", "Pelatihan teknisi dan pengurus BPSPAM", "n_water", "o1", "training", "2.4",
         "bpspam", ("pendamping",), "Balai Desa", 1, "paket", (8, 4, 2, 1), D(2026, 8, 3),
         D(2026, 8, 28), 12_000_000, "dana_desa", votes=9),
    _act("a04", "Kelas ibu balita dan PMT bahan lokal", "n_stunting", "o2", "training", "2.2",
         "bidan", ("posyandu", "pkk"), "Semua dusun", 12, "bulan", (0, 86, 30, 22),
         D(2026, 1, 5), D(2026, 12, 18), 48_000_000, "dana_desa", votes=35, dd_focus="health"),
    _act("a05", "Pelatihan kader posyandu", "n_stunting", "o2", "training", "2.2", "puskesmas",
         ("posyandu",), "Balai Desa", 1, "paket", (0, 20, 5, 4), D(2026, 4, 6), D(2026, 4, 24),
         9_500_000, "add", votes=14),
    # gap: partner not on the map (dinas_pertanian)
    _act("a06", "Pengerasan jalan usaha tani 1,2 km", "n_road", "o3", "support", "2.3", "tpk",
         ("poktan", "dinas_pertanian"), "Dusun III", 1200, "m", (140, 60, 25, 10),
         D(2026, 6, 1), D(2026, 9, 30), 240_000_000, "dana_desa", votes=30,
         dd_focus="padat_karya"),
    # gap: no indicator (no objective, none of its own)
    _act("a07", "Gotong royong perawatan saluran tersier", "n_road", "", "participatory", "4.2",
         "rt_forum", ("poktan",), "Dusun III", 4, "kali", (80, 30, 12, 6), D(2026, 5, 4),
         D(2026, 5, 29), 6_000_000, "swadaya", votes=10),
    # gap: lead (CSR company) with no path to any community group; no ceiling for csr
    _act("a08", "Pelatihan pengolahan dan pengemasan produk KWT", "n_income", "o4", "training",
         "4.5", "pt_agro", ("kwt_mawar",), "Dusun II", 1, "paket", (0, 25, 15, 9),
         D(2026, 7, 6), D(2026, 7, 31), 35_000_000, "csr", mode="kerja_sama_pihak_ketiga",
         votes=16),
    # gap (with a10 and a20): food security under its minimum share of Dana Desa
    _act("a09", "Penyertaan modal BUMDes untuk lumbung pangan", "n_income", "o4", "partnership",
         "4.6", "bumdes", ("kopdes", "poktan"), "Dusun I", 1, "paket", (120, 110, 40, 25),
         D(2026, 4, 1), D(2026, 4, 30), 95_000_000, "dana_desa", votes=22,
         dd_focus="food_energy"),
    _act("a10", "Dukungan gerai Koperasi Desa Merah Putih", "n_income", "o4", "partnership",
         "4.5", "kopdes", ("bumdes", "kwt_mawar"), "Dusun I", 1, "unit", (150, 160, 45, 30),
         D(2026, 5, 4), D(2026, 6, 30), 150_000_000, "dana_desa", votes=18,
         dd_focus="kopdes_merah_putih"),
    # gap: Rp310.000 per KPM per month, over the Rp300.000 cap
    _act("a11", "BLT Desa untuk keluarga miskin ekstrem", "n_income", "", "support", "5.3",
         "kades", ("pendamping",), "Semua dusun", 25, "KPM", (12, 13, 25, 9), D(2026, 1, 5),
         D(2026, 12, 18), 93_000_000, "dana_desa", dd_focus="blt"),
    # gaps: traces to no need, no indicator, over the 3% operating share of Dana Desa
    _act("a12", "Operasional pemerintah desa (Dana Desa)", "", "", "support", "1.1", "kades", (),
         "Kantor Desa", 12, "bulan", (0, 0, 0, 0), D(2026, 1, 2), D(2026, 12, 31), 30_000_000,
         "dana_desa"),
    # gap: no lead
    _act("a13", "Forum warga memantau pembangunan air bersih", "n_water", "o1", "participatory",
         "1.4", "", ("rt_forum", "bpd"), "Balai Desa", 2, "kali", (40, 45, 15, 10),
         D(2026, 7, 1), D(2026, 12, 15), 5_000_000, "pad_desa", votes=6),
    # gaps: bidang 3 with a sub-bidang of bidang 2; runs into 2027
    _act("a14", "Sosialisasi gizi seimbang di sekolah", "n_stunting", "o2", "training", "2.2",
         "pkk", ("bidan",), "SD 1, SD 2, MI", 3, "sekolah", (90, 95, 30, 20), D(2026, 12, 1),
         D(2027, 1, 29), 7_500_000, "add", bidang="3", votes=7),
    # gap: ends before it starts
    _act("a15", "Posko siaga kekeringan", "n_water", "o1", "support", "5.1", "karang_taruna",
         ("bpbd",), "Dusun II", 1, "posko", (20, 10, 5, 3), D(2026, 9, 30), D(2026, 9, 1),
         8_000_000, "dana_desa", votes=5, dd_focus="climate_disaster"),
    _act("a16", "Usulan rehabilitasi jembatan penghubung jalan kabupaten", "n_road", "o3",
         "partnership", "2.3", "kades", ("dinas_pu",), "Dusun III", 1, "unit",
         (400, 390, 80, 50), D(2026, 7, 1), D(2026, 10, 30), 350_000_000, "bankeu_kabupaten",
         mode="kerja_sama_pihak_ketiga", destination="musrenbang"),
    _act("a17", "Usulan sumur bor dan tandon air Dusun II", "n_water", "o1", "partnership",
         "2.4", "kades", ("dinas_pu", "bpspam"), "Dusun II", 1, "unit", (150, 155, 35, 20),
         D(2026, 8, 3), D(2026, 11, 27), 210_000_000, "bankeu_kabupaten",
         mode="kerja_sama_pihak_ketiga", destination="musrenbang"),
    # gaps: unknown sub-bidang 4.8; a negative count (typo)
    _act("a18", "Pelatihan pertanian organik", "n_income", "o4", "training", "4.8", "poktan",
         ("kwt_mawar",), "Dusun III", 1, "paket", (-5, 15, 8, 4), D(2026, 3, 2), D(2026, 3, 27),
         15_000_000, "add", votes=8),
    # gap: a BLT activity without beneficiary households
    _act("a19", "BLT Desa lansia tunggal (tambahan)", "n_income", "", "support", "5.3", "kades",
         (), "Semua dusun", 12, "bulan", (0, 0, 0, 0), D(2026, 1, 5), D(2026, 12, 18),
         10_800_000, "dana_desa", dd_focus="blt"),
    _act("a20", "Wifi desa dan pelatihan pemasaran daring", "n_income", "o4", "training", "2.6",
         "karang_taruna", ("bumdes",), "Balai Desa", 1, "paket", (30, 30, 6, 4), D(2026, 9, 1),
         D(2026, 10, 30), 28_000_000, "dana_desa", votes=15, dd_focus="digital"),
    _act("a21", "Kemitraan pemasaran produk KWT dengan BUMDes", "n_income", "o4", "partnership",
         "4.7", "bumdes", ("kwt_mawar", "pt_agro"), "Dusun II", 1, "perjanjian", (5, 25, 10, 6),
         D(2026, 8, 3), D(2026, 12, 18), 12_000_000, "pad_desa", votes=11),
)

INDICATORS = (
    Indicator("i01", "objective", "o1", "KK tersambung air bersih", "KK", 120, 310,
              D(2026, 12, 31), "Daftar pelanggan BPSPAM", "quality_of_life"),
    # gap: a percentage target over 100
    Indicator("i02", "objective", "p1", "KK Dusun I-II dengan air bersih sepanjang tahun", "%",
              45, 120, D(2026, 12, 31), "Survei rumah tangga", "quality_of_life"),
    # gap: target equals baseline
    Indicator("i03", "objective", "o2", "Kader posyandu terlatih", "orang", 10, 10,
              D(2026, 6, 30), "Daftar hadir pelatihan", "kemandirian"),
    # gap: no means of verification
    Indicator("i04", "objective", "p2", "Balita stunting", "anak", 38, 25, D(2026, 12, 31), "",
              "quality_of_life"),
    Indicator("i05", "objective", "o3", "Jalan usaha tani diperkeras", "m", 0, 1200,
              D(2026, 9, 30), "Berita acara serah terima", "quality_of_life"),
    Indicator("i06", "objective", "o4", "Anggota KWT dengan penjualan rutin", "orang", 5, 25,
              D(2026, 12, 31), "Buku kas KWT", "kemandirian"),
    Indicator("i07", "activity", "a11", "KPM menerima BLT tepat waktu", "KPM", 0, 25,
              D(2026, 12, 31), "Daftar penerimaan BLT", "quality_of_life"),
    # gap: measures an activity that is not in the plan
    Indicator("i08", "activity", "a99", "RT ikut lomba kebersihan", "RT", 0, 10, D(2026, 8, 17),
              "Daftar peserta lomba", ""),
    Indicator("i09", "activity", "a02", "Aturan air disepakati musyawarah dusun", "dokumen", 0, 1,
              D(2026, 2, 28), "Berita acara musyawarah", ""),
    Indicator("i10", "objective", "g1", "Kasus diare", "kasus/tahun", 60, 30, D(2026, 12, 31),
              "Data Puskesmas", "quality_of_life"),
    Indicator("i11", "activity", "a19", "Lansia tunggal menerima BLT", "orang", 0, 3,
              D(2026, 12, 31), "Daftar penerimaan BLT", "quality_of_life"),
    Indicator("i12", "activity", "a15", "Posko siaga buka saat kemarau", "minggu", 0, 8,
              D(2026, 10, 31), "Buku jaga posko", "quality_of_life"),
)
# gap: no indicator shows the "participation" outcome

RISKS = (
    Risk("r1", "objective", "o1", "Debit mata air turun drastis saat kemarau panjang", 2, 3,
         "Tandon cadangan dan jadwal giliran air"),
    Risk("r2", "activity", "a06", "Harga material naik", 2, 2,
         "Kunci harga di awal; swadaya tenaga kerja"),
    Risk("r3", "objective", "o4", "Pasar produk KWT jenuh", 2, 2,
         "Kemitraan pemasaran dengan BUMDes dan koperasi"),
    Risk("r4", "activity", "a04", "Kehadiran ibu balita rendah saat musim panen", 3, 2,
         "Kelas sore hari dan kunjungan rumah"),
)
# fmt: on

PLAN = Plan(YEAR, NEEDS, OBJECTIVES, ACTIVITIES, INDICATORS, RISKS, MAP)

CEILINGS = {
    "dana_desa": 800_000_000,
    "add": 350_000_000,
    "pad_desa": 25_000_000,
    "swadaya": 60_000_000,
}
"""Pagu indikatif per funding source of the village budget. Its Dana Desa activities ask
Rp899.800.000 against the Rp335.760.000 the village plans of its Rp800.000.000 (PMK 7/2026 pays
58,03% to the Koperasi Desa Merah Putih from outside), so the ceiling forces a choice and the
overspend is an error; csr has no ceiling, so the CSR training is left out for that."""

ACCOUNTABLE = "kades"
"""The village head is accountable (A) for every activity in the RACI matrix."""

_CANDIDATES = ("a01", "a03", "a04", "a06", "a09", "a10", "a20", "a21")

BALLOTS: dict[str, list[str]] = {
    **{f"dusun1_{i}": ["a01", "a04", "a09"] for i in range(9)},
    **{f"dusun2_{i}": ["a01", "a10", "a20"] for i in range(7)},
    **{f"dusun3_{i}": ["a06", "a21"] for i in range(8)},
    **{f"kwt_{i}": ["a04", "a21", "a03"] for i in range(6)},
}
"""Approval votes of 30 participants on eight candidates (the ids in ``_CANDIDATES``)."""

VOTE_BUDGET = 500_000_000

GAPS = {
    "need_without_activity": "n_flood",
    "activity_without_need": "a12",
    "activity_without_indicator": "a07",
    "activity_without_lead": "a13",
    "actor_not_on_map": "a06",
    "lead_without_community_path": "a08",
    "indicator_missing": "i04",
    "indicator_no_change": "i03",
    "indicator_percent_over_100": "i02",
    "outcome_without_indicator": "participation",
    "end_before_start": "a15",
    "outside_plan_year": "a14",
    "unknown_code": "a18",
    "unknown_reference": "i08",
    "negative_number": "a18",
    "sub_bidang_mismatch": "a14",
    "blt_over_cap": "a11",
    "blt_no_households": "a19",
    "rule_over_share": "operating_cap",
    "ceiling_overspent": "dana_desa",
    "wage_under_share": "a01",
    "year_rules_unverified": "2026",
}
"""Each kind of finding the demo shows on purpose, and where (``where_id``)."""


def candidates() -> list[Activity]:
    """Give the activities put to the vote."""
    return [a for a in ACTIVITIES if a.id in _CANDIDATES]
