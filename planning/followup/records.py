"""The records of the follow-up (pantau dan belajar): what was measured, what was done and
spent, the stories of change and which the group chose, the community score card, and the
named moments of the partnership map.

A round is a follow-up meeting (the musyawarah desa in June or December), numbered from 1:
``map_rounds`` names each (its name, its date and the change of the workshop the map stood at
then) and ``round_maps`` keep the map as it stood then (its actors, links, towers... as JSON
text in parts), so a round's map travels with export, import, copy and merge, whose copies
have histories of their own; votes, selections and scores name the round they belong to. A
photo of a visit is kept inside the workshop as ``photos``: the picture resized (at most
1280 px) and written as text in parts small enough for a spreadsheet cell, so it travels with
every export and merge.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from planning.records import (
    ParticipantsOwn,
    Record,
    choice_field,
    count_field,
    date_field,
    name_field,
    number_field,
    ref_field,
    text_field,
)

PROGRESS_STATUSES = ("on_track", "late", "done", "dropped")
"""Where an activity stands at a visit: on track, late, done, dropped."""

DOMAINS = ("participation", "kemandirian", "quality_of_life")
"""The default domains of change: the workbook's three outcomes (a group may add its own)."""

GROUPS = ("women", "men", "users", "providers")
"""The score card's usual groups (a group may be named otherwise)."""

ROUND_MAX = 24  # twelve years of June and December meetings
PHOTO_PART_CHARS = 30_000  # under a spreadsheet cell's 32,767 characters, with room to spare
PHOTO_PARTS_MAX = 200
MAP_PART_CHARS = 30_000  # a round's map in parts of a spreadsheet cell, as a photo's
MAP_PARTS_MAX = 400

CHOICE_ALIASES: dict[str, dict[str, str]] = {
    "followup.status": {
        "sesuai_jadwal": "on_track",
        "berjalan": "on_track",
        "lancar": "on_track",
        "terlambat": "late",
        "selesai": "done",
        "batal": "dropped",
        "dibatalkan": "dropped",
    },
    "followup.domain": {
        "partisipasi": "participation",
        "self_reliance": "kemandirian",
        "kualitas_hidup": "quality_of_life",
    },
    "followup.group": {
        "perempuan": "women",
        "laki_laki": "men",
        "pengguna": "users",
        "penerima_layanan": "users",
        "penyedia": "providers",
        "penyedia_layanan": "providers",
    },
}


def _round(*, key: bool = True) -> int:
    return count_field(1, "putaran", "babak", low=1, high=ROUND_MAX, key=key)  # type: ignore[no-any-return]


def _domain(*, key: bool = False) -> str:
    return choice_field(  # type: ignore[no-any-return]
        "followup.domain",
        DOMAINS,
        "ranah",
        "bidang_perubahan",
        other=True,
        max_len=60,
        key=key,
        default="participation",
    )


@dataclass(frozen=True, kw_only=True)
class IndicatorReading(Record):
    """One reading of an indicator of the plan: on which day, what it was, how it was checked
    and by whom."""

    KIND: ClassVar[str] = "indicator_readings"
    indicator: str = ref_field("indicators", "indikator", max_len=160)
    date: str = date_field("tanggal", "tanggal_ukur", required=True, key=True)
    value: float = number_field(None, "nilai", "capaian", "realisasi", required=True)
    evidence: str = text_field(200, "bukti", "cara_verifikasi", "alat_verifikasi")
    by: str = text_field(80, "oleh", "pengukur", "diukur_oleh")


@dataclass(frozen=True, kw_only=True)
class Progress(Record):
    """A visit to an activity: how far the work is (0-100%), what was spent, where it stands,
    a note and, if taken, a photo (the name of a photo kept in the workshop)."""

    KIND: ClassVar[str] = "progress"
    activity: str = ref_field("activities", "kegiatan", max_len=120)
    date: str = date_field("tanggal", "tanggal_kunjungan", required=True, key=True)
    physical: int = count_field(0, "fisik", "persentase", "persentase_fisik", "progres", high=100)
    spent: int = count_field(0, "realisasi", "terpakai", "dana_terpakai", "biaya_terpakai")
    status: str = choice_field(
        "followup.status", PROGRESS_STATUSES, "keadaan", "status_kegiatan", default="on_track"
    )
    note: str = text_field(600, "catatan", "keterangan", long=True)
    photo: str = text_field(40, "foto", "gambar")


@dataclass(frozen=True, kw_only=True)
class Photo(Record):
    """One part of a photo kept inside the workshop (a JPEG as base64 text, in order)."""

    KIND: ClassVar[str] = "photos"
    photo: str = name_field(40, "foto", "nama_foto")
    part: int = count_field(0, "bagian", high=PHOTO_PARTS_MAX, key=True)
    content: str = text_field(PHOTO_PART_CHARS, "isi", "data", required=True)


@dataclass(frozen=True, kw_only=True)
class Story(Record):
    """A story of change (Most Significant Change): what changed, in which domain, told by
    whom (named in a handout only with their consent)."""

    KIND: ClassVar[str] = "stories"
    TRAINEE: ClassVar[str] = "add"
    OWNER: ClassVar[str] = "teller"
    title: str = name_field(120, "judul", "cerita_singkat")
    story: str = text_field(2000, "cerita", "isi_cerita", long=True, required=True)
    domain: str = _domain()
    teller: str = ref_field(
        "participants", "pencerita", "penutur", max_len=80, key=False, required=False
    )
    date: str = date_field("tanggal")


@dataclass(frozen=True, kw_only=True)
class StoryVote(ParticipantsOwn):
    """One participant's vote for a story in a round (1 for a vote, 0 taken back)."""

    KIND: ClassVar[str] = "story_votes"
    COUNT: ClassVar[str] = "votes"
    story: str = ref_field("stories", "cerita", max_len=120)
    round: int = _round()
    votes: int = count_field(1, "suara", high=1)


@dataclass(frozen=True, kw_only=True)
class StorySelection(Record):
    """The story the group selected in a domain and round, and the group's reason."""

    KIND: ClassVar[str] = "story_selections"
    domain: str = _domain(key=True)
    round: int = _round()
    story: str = ref_field("stories", "cerita", max_len=120, key=False)
    reason: str = text_field(600, "alasan", "alasan_kelompok", long=True, required=True)


@dataclass(frozen=True, kw_only=True)
class ScorecardCriterion(Record):
    """A criterion of the community score card, in the community's words."""

    KIND: ClassVar[str] = "scorecard_criteria"
    name: str = name_field(120, "nama", "kriteria", "indikator_kartu")
    about: str = text_field(300, "tentang", "uraian", "keterangan")


@dataclass(frozen=True, kw_only=True)
class ScorecardScore(Record):
    """The score one group gives a criterion in a round (1 very bad - 5 very good), and why."""

    KIND: ClassVar[str] = "scorecard_scores"
    TRAINEE: ClassVar[str] = "add"
    criterion: str = ref_field("scorecard_criteria", "kriteria", max_len=120)
    group: str = choice_field(
        "followup.group", GROUPS, "kelompok", other=True, max_len=60, key=True, required=True
    )
    round: int = _round()
    score: int = count_field(None, "nilai", "skor", low=1, high=5, required=True)
    reason: str = text_field(300, "alasan", long=True)


@dataclass(frozen=True, kw_only=True)
class AgreedAction(Record):
    """What the score card's interface meeting agreed to do; once it is an activity of the
    plan, ``activity`` names it (its origin kept here)."""

    KIND: ClassVar[str] = "agreed_actions"
    title: str = name_field(120, "judul", "tindakan", "kesepakatan")
    criterion: str = ref_field(
        "scorecard_criteria", "kriteria", max_len=120, key=False, required=False
    )
    round: int = _round(key=False)
    who: str = text_field(120, "siapa", "penanggung_jawab")
    by_date: str = date_field("batas_waktu", "paling_lambat")
    activity: str = ref_field("activities", "kegiatan", max_len=120, key=False, required=False)


@dataclass(frozen=True, kw_only=True)
class MapRound(Record):
    """A named moment of the partnership map: the round, its name, its date and the change of
    the workshop the map stood at (read with ``Workshop.as_of``)."""

    KIND: ClassVar[str] = "map_rounds"
    round: int = _round()
    name: str = text_field(80, "nama", "nama_putaran", required=True)
    date: str = date_field("tanggal")
    change: int = count_field(0, "perubahan", "nomor_perubahan")


@dataclass(frozen=True, kw_only=True)
class RoundMap(Record):
    """One part of the map as a round kept it: the records of the map's kinds with their ids
    (no contact person) as JSON text, in order (``planning.followup.rounds``)."""

    KIND: ClassVar[str] = "round_maps"
    round: int = _round()
    part: int = count_field(0, "bagian", high=MAP_PARTS_MAX, key=True)
    content: str = text_field(MAP_PART_CHARS, "isi", "data", required=True)


KINDS = (
    MapRound,
    RoundMap,
    IndicatorReading,
    Photo,  # before the visits that show them, so an import in this order finds each photo
    Progress,
    Story,
    StoryVote,
    StorySelection,
    ScorecardCriterion,
    ScorecardScore,
    AgreedAction,
)
