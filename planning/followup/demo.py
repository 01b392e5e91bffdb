"""The demo's two follow-up rounds (June and December 2026) beyond its data files: the map
named as round 1, then mapped again (a new forum of residents linked to the village
government and the water company, the company's funding link gone, the kader's tower
raised) and named as round 2; a photo of two visits; an agreed action made an activity of
the plan. ``planning.demo`` calls :func:`extend` after the data files are imported.
"""

from __future__ import annotations

import io

from planning.followup.commands import adopt_action, mark_round, record_progress
from planning.stakeholders.records import Link, Stakeholder, Tower
from planning.store import Workshop


def demo_photo(colour: str, done: float) -> bytes:
    """Give a small drawn picture of a site (sky, ground, the part of the work done)."""
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (1600, 1000), "#bcd9ee")
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, 600, 1600, 1000), fill="#8a7a5c")
    draw.rectangle((100, 720, 100 + int(1400 * done), 800), fill=colour)
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def extend(ws: Workshop) -> None:
    """Add the demo's map rounds, photos and adopted action."""
    mark_round(ws, round=1, name="Juni 2026", date="2026-06-15")
    ws.add(
        Stakeholder,
        name="Forum Warga Peduli Air",
        sector="community_group",
        level="desa",
        stance="supportive",
    )
    ws.add(Link, source="Forum Warga Peduli Air", target="Pemerintah Desa", type="information")
    ws.add(Link, source="Forum Warga Peduli Air", target="PDAM", type="coordination")
    ws.add(Link, source="Kader Posyandu", target="BUMDes Maju Bersama", type="information")
    names = {s.id: s.name for s in ws.snapshot(Stakeholder)}
    for link in ws.snapshot(Link):
        if (names.get(link.source), names.get(link.target), link.type) == (
            "CSR PT Agro Lestari",
            "Pemerintah Desa",
            "funding",
        ):
            ws.remove(Link, link.id)
    ws.put(Tower, stakeholder="Kader Posyandu", question="Stunting", height=4)
    mark_round(ws, round=2, name="Desember 2026", date="2026-12-10")
    pipe = "Pembangunan jaringan pipa air bersih Dusun Cibodas"
    for day, physical, spent, status, note, done in (
        ("2026-06-15", 70, 120000000, "on_track", "Pipa utama terpasang sampai RT 03.", 0.7),
        (
            "2026-12-10",
            100,
            182000000,
            "done",
            "Air mengalir ke 190 KK; tinggal uji kebocoran.",
            1.0,
        ),
    ):
        record_progress(
            ws,
            photo=demo_photo("#3b6ea8", done),
            photo_name="pipa.png",
            activity=pipe,
            date=day,
            physical=physical,
            spent=spent,
            status=status,
            note=note,
        )
    adopt_action(
        ws,
        "Papan informasi APBDes di setiap dusun",
        {
            "strategy": "participatory",
            "source": "pad_desa",
            "bidang": "1",
            "start": "2026-12-14",
            "end": "2026-12-31",
            "cost": 3000000,
            "dusun": "Semua dusun",
            "lead": "Pemerintah Desa",
        },
    )
