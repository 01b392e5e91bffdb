"""The demo's two follow-up rounds (June and December 2026) beyond its data files: the map of
June (a trader then on it, the university not yet linked, the kader's tower lower), named as
round 1 and then undone, so the map of December (the one imported) is round 2; a photo of two
visits. ``planning.demo`` calls :func:`extend` after the data files are imported.

The demo's plan, map and history otherwise stay as its files make them, so every other
stage's demo figures hold.
"""

from __future__ import annotations

import io

from planning.actions.records import Activity
from planning.followup.commands import mark_round, record_progress
from planning.followup.records import Progress
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


def _june_map(ws: Workshop) -> int:
    """Change the map into what it was in June; give how many changes that took."""
    ws.add(Stakeholder, name="Tengkulak Gabah", sector="private", level="kecamatan",
           stance="opposed")  # fmt: skip
    ws.add(Link, source="Tengkulak Gabah", target="Kelompok Tani Sumber Rejeki", type="funding")
    names = {s.id: s.name for s in ws.snapshot(Stakeholder)}
    later = [x for x in ws.snapshot(Link) if names.get(x.source) == "Universitas (KKN)"]
    for link in later:
        ws.remove(Link, link.id)
    ws.put(Tower, stakeholder="Kader Posyandu", question="Stunting", height=1)
    return 3 + len(later)


def extend(ws: Workshop) -> None:
    """Add the demo's map rounds and the photos of two visits."""
    steps = _june_map(ws)
    june = ws.change_marker()
    for _ in range(steps):
        ws.undo()
    mark_round(ws, round=1, name="Juni 2026", date="2026-06-15", change=june)
    mark_round(ws, round=2, name="Desember 2026", date="2026-12-10")
    pipe = "Pembangunan jaringan pipa air bersih Dusun Cibodas"
    for day, physical, spent, status, done in (
        ("2026-06-15", 70, 120_000_000, "on_track", 0.7),
        ("2026-12-10", 100, 182_000_000, "done", 1.0),
    ):
        record_progress(
            ws, photo=demo_photo("#3b6ea8", done), photo_name="pipa.png", activity=pipe,
            date=day, physical=physical, spent=spent, status=status, note=_note(ws, pipe, day),
        )  # fmt: skip


def _note(ws: Workshop, activity_title: str, day: str) -> str:
    """Give the note the demo's file gives the visit (kept when its photo is added)."""
    acts = {a.id: a.title for a in ws.snapshot(Activity)}
    found = next(
        (
            v
            for v in ws.snapshot(Progress)
            if v.date == day and acts.get(v.activity) == activity_title
        ),
        None,
    )
    return found.note if found else ""
