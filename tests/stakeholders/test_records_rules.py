"""The stakeholder map's records and rules: what is stored, what is refused, and in which words."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from planning.errors import PlanningError
from planning.io import import_file, write_csv
from planning.records import several


def _state(ws):
    """What the store holds: every kind's records and the number of changes."""
    kinds = ("stakeholders", "links", "influence", "influence_questions", "link_types", "positions")
    return {k: ws.records(k) for k in kinds}, len(ws.history())


@pytest.fixture
def two(ws):
    """An English workshop with two actors and a question."""
    ws.add("stakeholders", name="Dinas Sosial", sector="government", stance="supportive")
    ws.add("stakeholders", name="Kelompok Wanita Tani", sector="community_group")
    ws.add("influence_questions", name="Water", question="Who influences clean water?")
    return ws


@pytest.fixture
def two_id(ws_id):
    """The same in a workshop in Bahasa Indonesia."""
    ws_id.add("stakeholders", name="Dinas Sosial", sector="pemerintah", stance="mendukung")
    ws_id.add("stakeholders", name="Kelompok Wanita Tani", sector="kelompok masyarakat")
    ws_id.add("influence_questions", name="Air", question="Siapa berpengaruh atas air bersih?")
    return ws_id


REFUSED = [
    # (what, kind, fields, words in English, words in Indonesian)
    (
        "a link to an unknown actor",
        "links",
        {"source": "Dinas Sosal", "target": "Kelompok Wanita Tani", "type": "funding"},
        "From: unknown 'Dinas Sosal'. Known: Dinas Sosial, Kelompok Wanita Tani.",
        "Dari: 'Dinas Sosal' tidak dikenal. Yang ada: Dinas Sosial, Kelompok Wanita Tani.",
    ),
    (
        "an actor linked to itself",
        "links",
        {"source": "Dinas Sosial", "target": "dinas  sosial", "type": "funding"},
        "To: 'Dinas Sosial' is not allowed. Allowed: another actor (a link cannot go from an"
        " actor to itself).",
        "Ke: 'Dinas Sosial' tidak diperbolehkan. Yang diperbolehkan: aktor lain (hubungan"
        " tidak bisa dari aktor ke dirinya sendiri).",
    ),
    (
        "an unknown type",
        "links",
        {"source": "Dinas Sosial", "target": "Kelompok Wanita Tani", "type": "gotong royong"},
        "Type of link: 'gotong royong' is not a known type of link. Allowed: funding,"
        " information, training, technical support, coordination, authority or supervision,"
        " conflict; or add it as a new type first.",
        "Jenis hubungan: 'gotong royong' bukan jenis hubungan yang dikenal. Yang"
        " diperbolehkan: pendanaan, informasi, pelatihan, dukungan teknis, koordinasi,"
        " kewenangan atau pengawasan, konflik; atau tambahkan dulu sebagai jenis baru.",
    ),
    (
        "a duplicate actor after normalisation",
        "stakeholders",
        {"name": "  dinas\u00a0 SOSIAL ", "sector": "ngo"},
        "Actor: 'dinas SOSIAL' is already there as 'Dinas Sosial'.",
        "Aktor: 'dinas SOSIAL' sudah ada sebagai 'Dinas Sosial'.",
    ),
    (
        "a tower above 5",
        "influence",
        {"stakeholder": "Dinas Sosial", "question": 0, "height": 6},
        "Tower height: '6' is not allowed. Allowed: a whole number from 0 to 5.",
        "Tinggi menara: '6' tidak diperbolehkan. Yang diperbolehkan: bilangan bulat dari"
        " 0 sampai 5.",
    ),
    (
        "a tower below 0",
        "influence",
        {"stakeholder": "Dinas Sosial", "question": 0, "height": -1},
        "Tower height: '-1' is not allowed. Allowed: a whole number of at least 0.",
        "Tinggi menara: '-1' tidak diperbolehkan. Yang diperbolehkan: bilangan bulat"
        " paling kecil 0.",
    ),
    (
        "an unknown sector",
        "stakeholders",
        {"name": "Bank Sampah", "sector": "bank"},
        "Sector: 'bank' is not allowed. Allowed: village government, government (kecamatan"
        " and up), NGO, community group, cooperative or BUMDes, private sector, university or"
        " research, media, donor, religious or customary leader.",
        "Sektor: 'bank' tidak diperbolehkan. Yang diperbolehkan: pemerintah desa, pemerintah"
        " (kecamatan ke atas), LSM, kelompok masyarakat, koperasi atau BUMDes, swasta,"
        " perguruan tinggi atau penelitian, media, donor, tokoh agama atau adat.",
    ),
    (
        "an unknown resource",
        "stakeholders",
        {"name": "Bank Sampah", "sector": "ngo", "resources": "funding; land"},
        "Resources it can bring: 'land' is not allowed. Allowed: funding, training, technical"
        " support, facilities, networks, authority.",
        "Sumber daya yang bisa diberikan: 'land' tidak diperbolehkan. Yang diperbolehkan:"
        " pendanaan, pelatihan, dukungan teknis, sarana dan prasarana, jaringan, kewenangan.",
    ),
    (
        "a strength above 3",
        "links",
        {"source": "Dinas Sosial", "target": "Kelompok Wanita Tani", "type": "funding",
         "strength": 4},
        "Strength (1-3): '4' is not allowed. Allowed: a whole number from 1 to 3.",
        "Kekuatan (1-3): '4' tidak diperbolehkan. Yang diperbolehkan: bilangan bulat dari 1"
        " sampai 3.",
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("what", "kind", "fields", "en", "id_"), REFUSED, ids=[r[0] for r in REFUSED]
)
@pytest.mark.parametrize("lang", ["en", "id"])
def test_is_bad_input_refused_in_the_workshops_language_changing_nothing(
    request, lang, what, kind, fields, en, id_
):
    """Is each bad input refused with one message naming the field, the value and what is
    allowed, in the workshop's language, and is the store left as it was?"""
    ws = request.getfixturevalue("two" if lang == "en" else "two_id")
    fields = dict(fields)
    if fields.get("question") == 0:
        fields["question"] = ws.records("influence_questions")[0].name
    before = _state(ws)
    with pytest.raises(PlanningError) as caught:
        ws.add(kind, **fields)
    assert caught.value.message(ws.lang) == (en if lang == "en" else id_)
    assert _state(ws) == before


def test_is_a_two_way_link_entered_the_other_way_refused(two):
    """Is coordination, entered once, refused when entered again the other way round?"""
    two.add("links", source="Dinas Sosial", target="Kelompok Wanita Tani", type="koordinasi")
    before = _state(two)
    with pytest.raises(PlanningError) as caught:
        two.add("links", source="Kelompok Wanita Tani", target="Dinas Sosial", type="coordination")
    assert caught.value.message("en") == (
        "Type of link: a link of coordination goes both ways and is already there"
        " (Dinas Sosial → Kelompok Wanita Tani). Enter it once."
    )
    assert _state(two) == before
    # a one-way type may go both ways as two links
    two.add("links", source="Dinas Sosial", target="Kelompok Wanita Tani", type="information")
    two.add("links", source="Kelompok Wanita Tani", target="Dinas Sosial", type="information")


def test_is_a_custom_type_usable_once_added_and_two_way_if_marked(two):
    """Can the facilitator add a type of their own, marked two-way, and use it in any case?"""
    two.add("link_types", name="Pinjaman alat", two_way="ya")
    link = two.add("links", source="Dinas Sosial", target="Kelompok Wanita Tani",
                   type="PINJAMAN  alat")  # fmt: skip
    assert link.type == "Pinjaman alat"
    with pytest.raises(PlanningError):
        two.add("links", source="Kelompok Wanita Tani", target="Dinas Sosial", type="pinjaman alat")


def test_is_a_custom_type_named_like_a_built_in_one_refused(two_id):
    """Is a new type called "Pendanaan" (funding in other words) refused, naming the type?"""
    with pytest.raises(PlanningError) as caught:
        two_id.add("link_types", name="Pendanaan")
    assert caught.value.message("id") == (
        "Jenis hubungan baru: 'Pendanaan' sudah ada sebagai jenis hubungan (pendanaan). Pakai"
        " yang itu."
    )


def test_is_a_custom_type_in_use_kept(two):
    """Is removing or renaming a type that links use refused?"""
    kind = two.add("link_types", name="Arisan")
    two.add("links", source="Dinas Sosial", target="Kelompok Wanita Tani", type="Arisan")
    before = _state(two)
    for attempt in (lambda: two.remove("link_types", kind.id),
                    lambda: two.edit("link_types", kind.id, name="Arisan RT")):  # fmt: skip
        with pytest.raises(PlanningError) as caught:
            attempt()
        assert "is used by 1 link(s)" in caught.value.message("en")
    assert _state(two) == before


def test_are_indonesian_words_stored_as_codes(ws_id):
    """Are Indonesian values (sector, level, stance, resources, type) stored as codes?"""
    fields = {"sector": "bumdes", "level": "Desa", "stance": "menentang", "interest": "3"}
    a = ws_id.add(
        "stakeholders", name="BUMDes Maju", resources="Pendanaan; sarana\nJaringan", **fields
    )
    assert (a.sector, a.level, a.stance, a.interest) == ("cooperative", "desa", "opposed", 3)
    assert several(a.resources) == ("funding", "facilities", "networks")
    b = ws_id.add("stakeholders", name="KWT", sector="kelompok masyarakat")
    assert (b.level, b.stance, b.resources) == ("unknown", "neutral", "")
    link = ws_id.add("links", source="BUMDes Maju", target="KWT", type="Pendanaan")
    assert (link.type, link.strength) == ("funding", 2)


def test_does_an_import_with_indonesian_columns_work_and_add_nothing_twice(ws_id, tmp_path):
    """Does a CSV with Indonesian file, column and value names import, and again add nothing?"""
    actors = tmp_path / "pemangku_kepentingan.csv"
    write_csv(actors, ["nama", "sektor", "tingkat", "sikap", "kepentingan", "sumber_daya"],
              [["Puskesmas", "pemerintah", "kecamatan", "mendukung", 4, "pelatihan, teknis"],
               ["Posyandu", "kelompok masyarakat", "dusun", "netral", 5, ""]])  # fmt: skip
    links = tmp_path / "hubungan.csv"
    write_csv(links, ["dari", "ke", "jenis", "kekuatan", "catatan"],
              [["Puskesmas", "Posyandu", "pelatihan", 3, "Kelas ibu balita"],
               ["Puskesmas", "Posyandu", "koordinasi", 2, ""]])  # fmt: skip
    assert import_file(ws_id, actors)["stakeholders"]["added"] == 2
    assert import_file(ws_id, links)["links"]["added"] == 2
    assert import_file(ws_id, links)["links"] == {"added": 0, "updated": 0, "unchanged": 2}
    assert {x.type for x in ws_id.records("links")} == {"training", "coordination"}


def test_is_a_bad_import_row_refused_on_the_command_line_with_exit_2(ws_id, tmp_path):
    """Does `planning import` refuse a file with a self-link, exit 2, say why and add nothing?"""
    ws_id.add("stakeholders", name="Puskesmas", sector="government")
    links = tmp_path / "links.csv"
    write_csv(links, ["source", "target", "type"], [["Puskesmas", "puskesmas", "funding"]])
    path = ws_id.url.removeprefix("sqlite:///")
    result = subprocess.run(
        [sys.executable, "-m", "planning.cli", "import", path, str(links)],
        capture_output=True, text=True, cwd=Path(__file__).resolve().parents[2],
    )  # fmt: skip
    assert result.returncode == 2
    assert "Ke: 'Puskesmas' tidak diperbolehkan" in result.stderr
    assert "Traceback" not in result.stderr
    assert ws_id.records("links") == []


def test_does_removing_an_actor_take_its_links_towers_and_place_and_undo_bring_them_back(two):
    """Is an actor removed with its links, towers and position in one change, undone in one?"""
    from planning.stakeholders.commands import add_stakeholder, set_tower

    two.add("links", source="Dinas Sosial", target="Kelompok Wanita Tani", type="funding")
    set_tower(two, "Dinas Sosial", "Water", 4)
    two.add("positions", stakeholder="Dinas Sosial", x=20, y=30)
    add_stakeholder(two, name="BPD", sector="village_government")
    before = _state(two)
    actor = two.find("stakeholders", "Dinas Sosial")
    two.remove("stakeholders", actor.id)
    assert two.records("links") == [] and two.records("influence") == []
    assert [p.stakeholder for p in two.records("positions")] == [two.find("stakeholders", "BPD").id]
    two.undo()
    after, _ = _state(two)
    assert {k: [r.id for r in v] for k, v in after.items()} == {
        k: [r.id for r in v] for k, v in before[0].items()
    }


def test_does_merging_two_actors_drop_the_link_between_them_and_keep_the_taller_tower(two):
    """When two actors are merged, is their link to each other dropped and a tower kept?"""
    from planning.stakeholders.commands import set_tower

    dup = two.add("stakeholders", name="Dinsos", sector="government")
    keep = two.find("stakeholders", "Dinas Sosial")
    two.add("links", source="Dinsos", target="Dinas Sosial", type="information")
    two.add("links", source="Dinsos", target="Kelompok Wanita Tani", type="funding")
    set_tower(two, "Dinsos", "Water", 5)
    set_tower(two, "Dinas Sosial", "Water", 2)
    two.merge("stakeholders", keep.id, dup.id)
    links = two.records("links")
    assert [(x.source, x.type) for x in links] == [(keep.id, "funding")]
    assert [t.height for t in two.records("influence")] == [5]


def test_is_the_contact_person_left_out_of_frames_and_never_in_a_message(two):
    """Is the contact person a personal field: out of DataFrames unless asked, and absent from
    the message of a refused actor?"""
    two.add("stakeholders", name="Puskesmas", sector="government", contact="Bidan Yanti 0812")
    assert "contact" not in two.frame("stakeholders").columns
    assert "contact" in two.frame("stakeholders", sensitive=["contact"]).columns
    with pytest.raises(PlanningError) as caught:
        two.add("stakeholders", name="puskesmas", sector="ngo", contact="Bidan Yanti 0812")
    assert "Yanti" not in caught.value.message("en")
