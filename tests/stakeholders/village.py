"""A Net-Map of a made-up village, Desa Sukamaju, as plain dicts: 20 actors, 41 links.

Reusable for the demo workshop. What the analysis should find (the tests check each):

- the PDAM is an isolate, with a tall tower for clean water and no link (a mismatch);
- the village government (Pemerintah Desa) is the main broker;
- CSR PT Agro Lestari (opposed) and the farmers' group are in conflict;
- the cooperative is a single point of failure: without it the farmers' group reaches no
  funding, training or technical support at all;
- the farmers' group reaches funding within two links but neither training nor technical
  support; the village government could broker it to the puskesmas.
"""

from __future__ import annotations

from typing import Any

QUESTIONS = {
    "stunting": "Who can influence the reduction of stunting in Sukamaju?",
    "water": "Who can influence access to clean water in Sukamaju?",
}


def _actor(
    id: str,
    name: str,
    sector: str,
    level: str,
    stance: str,
    interest: int,
    resources: tuple[str, ...],
    stunting: int,
    water: int,
) -> dict[str, Any]:
    return {
        "id": id,
        "name": name,
        "sector": sector,
        "level": level,
        "stance": stance,
        "interest": interest,
        "resources": resources,
        "towers": {"stunting": stunting, "water": water},
    }


ACTORS: list[dict[str, Any]] = [
    _actor("desa", "Pemerintah Desa", "village_government", "desa", "supportive", 5,
           ("funding", "authority", "facilities"), 5, 4),
    _actor("bpd", "BPD", "village_government", "desa", "supportive", 3, ("authority",), 3, 3),
    _actor("pkh", "Pendamping PKH", "government", "kecamatan", "supportive", 4,
           ("training", "networks"), 3, 1),
    _actor("dinsos", "Dinas Sosial", "government", "kabupaten", "neutral", 2,
           ("funding", "authority"), 4, 1),
    _actor("dinkes", "Dinas Kesehatan", "government", "kabupaten", "supportive", 4,
           ("funding", "technical", "training"), 5, 2),
    _actor("puskesmas", "Puskesmas", "government", "kecamatan", "supportive", 5,
           ("technical", "training", "facilities"), 4, 2),
    _actor("posyandu", "Kader Posyandu", "community_group", "dusun", "supportive", 5, (), 2, 1),
    _actor("bumdes", "BUMDes Maju Bersama", "cooperative", "desa", "neutral", 3,
           ("funding", "facilities"), 1, 3),
    _actor("koperasi", "Koperasi Tani Makmur", "cooperative", "desa", "neutral", 2,
           ("funding",), 0, 1),
    _actor("kwt", "Kelompok Wanita Tani", "community_group", "dusun", "supportive", 4, (), 1, 1),
    _actor("pkk", "PKK", "community_group", "desa", "supportive", 4, ("networks",), 2, 1),
    _actor("poktan", "Kelompok Tani Sumber Rejeki", "community_group", "dusun", "neutral", 3,
           (), 0, 2),
    _actor("karang_taruna", "Karang Taruna", "community_group", "desa", "supportive", 3, (), 1, 1),
    _actor("lsm", "LSM Sehat Bersama", "ngo", "kabupaten", "supportive", 4,
           ("training", "technical", "networks"), 3, 2),
    _actor("bank", "BRI Unit", "private", "kecamatan", "neutral", 1, ("funding",), 0, 1),
    _actor("csr", "CSR PT Agro Lestari", "private", "kabupaten", "opposed", 2, ("funding",), 1, 4),
    _actor("camat", "Kantor Kecamatan", "government", "kecamatan", "neutral", 2,
           ("authority", "networks"), 2, 3),
    _actor("univ", "Universitas (KKN)", "academia", "provinsi", "supportive", 3,
           ("technical", "training"), 1, 2),
    _actor("ustadz", "Tokoh Agama", "religious_customary", "desa", "supportive", 3,
           ("networks",), 2, 1),
    _actor("pdam", "PDAM", "government", "kabupaten", "neutral", 1, ("technical", "facilities"),
           0, 4),
]  # fmt: skip


def _link(source: str, target: str, type: str, strength: int = 2) -> dict[str, Any]:
    return {"source": source, "target": target, "type": type, "strength": strength}


LINKS: list[dict[str, Any]] = [
    _link("dinsos", "pkh", "authority", 3),
    _link("dinsos", "desa", "information"),
    _link("dinsos", "dinkes", "coordination", 1),
    _link("dinsos", "camat", "information", 1),
    _link("pkh", "posyandu", "information"),
    _link("pkh", "pkk", "training"),
    _link("dinkes", "puskesmas", "funding", 3),
    _link("dinkes", "puskesmas", "technical", 3),
    _link("dinkes", "camat", "information", 1),
    _link("puskesmas", "posyandu", "training", 3),
    _link("puskesmas", "posyandu", "technical", 3),
    _link("puskesmas", "desa", "coordination"),
    _link("desa", "posyandu", "funding", 3),
    _link("desa", "pkk", "funding"),
    _link("desa", "kwt", "funding", 1),
    _link("desa", "karang_taruna", "funding", 1),
    _link("desa", "bpd", "coordination", 3),
    _link("bpd", "desa", "authority"),
    _link("desa", "bumdes", "funding", 3),
    _link("desa", "koperasi", "coordination", 1),
    _link("koperasi", "poktan", "funding", 3),
    _link("koperasi", "poktan", "information"),
    _link("camat", "desa", "coordination"),
    _link("camat", "desa", "authority", 3),
    _link("lsm", "kwt", "training"),
    _link("lsm", "posyandu", "training"),
    _link("lsm", "puskesmas", "coordination"),
    _link("lsm", "pkk", "technical", 1),
    _link("bank", "bumdes", "funding"),
    _link("bank", "koperasi", "funding"),
    _link("bumdes", "kwt", "information", 1),
    _link("csr", "desa", "funding", 1),
    _link("csr", "poktan", "conflict", 3),
    _link("univ", "kwt", "technical", 1),
    _link("univ", "lsm", "coordination", 1),
    _link("ustadz", "pkk", "information"),
    _link("ustadz", "kwt", "information", 1),
    _link("ustadz", "karang_taruna", "coordination", 1),
    _link("pkk", "posyandu", "coordination", 3),
    _link("kwt", "pkk", "coordination"),
    _link("posyandu", "pkk", "information"),
]

# The workshop's priority needs, in order: (need id, title, resources it needs).
NEEDS: list[tuple[str, str, tuple[str, ...]]] = [
    ("stunting", "Stunting pada balita", ("funding", "training", "technical")),
    ("air", "Air bersih untuk Dusun II", ("technical", "funding")),
    ("gabah", "Harga gabah rendah", ("networks", "funding")),
]
