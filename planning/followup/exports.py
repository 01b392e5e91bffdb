"""The follow-up's tables for ``planning export``: the development progress in the columns
OpenDK (the kecamatan's dashboard, github.com/OpenSID/OpenDK) receives from villages, and the
photos of the visits as JPEG files beside them.

``opendk_pembangunan`` follows OpenDK's ``das_pembangunan`` table (its migration
``create_table_das_pembangunan``): judul, lokasi, volume, sumber_dana, anggaran,
pelaksana_kegiatan, status, manfaat, waktu (days), tahun_anggaran, keterangan, foto and the
amounts per level of government; ``opendk_pembangunan_dokumentasi`` follows
``das_pembangunan_dokumentasi``: one row per visit (gambar, persentase, keterangan). OpenDK's
own ``desa_id`` is left empty for the kecamatan to fill in. The readings and the visits
themselves are written as records (``indicator_readings.csv``, ``progress.csv``) by
``planning export``.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from planning.actions.records import Activity
from planning.followup.assessment import result
from planning.followup.commands import photo_bytes
from planning.i18n import label
from planning.io import write_csv, write_xlsx
from planning.stakeholders.records import Stakeholder
from planning.store import Workshop

PEMBANGUNAN = (
    "id",
    "desa_id",
    "judul",
    "lokasi",
    "volume",
    "sumber_dana",
    "anggaran",
    "pelaksana_kegiatan",
    "status",
    "manfaat",
    "waktu",
    "tahun_anggaran",
    "keterangan",
    "foto",
    "perubahan_anggaran",
    "sumber_biaya_pemerintah",
    "sumber_biaya_provinsi",
    "sumber_biaya_kab_kota",
    "sumber_biaya_swadaya",
    "sumber_biaya_jumlah",
)
DOKUMENTASI = ("id", "id_pembangunan", "desa_id", "gambar", "persentase", "keterangan", "tanggal")

# Which of OpenDK's amounts a funding source counts under (the rest only in the whole).
LEVEL_OF = {
    "dana_desa": "sumber_biaya_pemerintah",
    "apbn_kl": "sumber_biaya_pemerintah",
    "bankeu_provinsi": "sumber_biaya_provinsi",
    "add": "sumber_biaya_kab_kota",
    "bagi_hasil": "sumber_biaya_kab_kota",
    "bankeu_kabupaten": "sumber_biaya_kab_kota",
    "swadaya": "sumber_biaya_swadaya",
}


def _days(a: Activity) -> int | str:
    if not (a.start and a.end):
        return ""
    return (dt.date.fromisoformat(a.end) - dt.date.fromisoformat(a.start)).days + 1


def _volume(a: Activity) -> str:
    if not a.volume:
        return ""
    amount = int(a.volume) if float(a.volume).is_integer() else a.volume
    return f"{amount} {a.unit}".strip()


def opendk_tables(ws: Workshop) -> dict[str, tuple[tuple[str, ...], list[list[Any]]]]:
    """Give the two OpenDK tables: the activities, and their visits (one row each)."""
    r = result(ws)
    lead = {s.id: s.name for s in ws.snapshot(Stakeholder)}
    rows: list[list[Any]] = []
    docs: list[list[Any]] = []
    for i, x in enumerate(r.activities, start=1):
        a, s = x.activity, x.state
        amounts = dict.fromkeys(PEMBANGUNAN[-5:-1], 0)
        if a.source in LEVEL_OF:
            amounts[LEVEL_OF[a.source]] = a.cost
        shown = label("followup.status", s.status, "id") if s.status else ""
        if s.physical is not None:
            shown = f"{shown}, {s.physical}%".strip(", ")
        rows.append(
            [
                i,
                "",
                a.title,
                a.dusun,
                _volume(a),
                label("actions.source", a.source, "id"),
                a.cost,
                lead.get(a.lead, ""),
                0 if s.status == "dropped" else 1,
                x.need,
                _days(a),
                r.year,
                shown,
                f"{x.photo}.jpg" if x.photo else "",
                "",
                *amounts.values(),
                a.cost,
            ]
        )
        for v in x.visits:
            docs.append(
                [
                    len(docs) + 1,
                    i,
                    "",
                    f"{v.photo}.jpg" if v.photo else "",
                    f"{v.physical}%",
                    v.note,
                    v.date,
                ]
            )
    return {
        "opendk_pembangunan": (PEMBANGUNAN, rows),
        "opendk_pembangunan_dokumentasi": (DOKUMENTASI, docs),
    }


def write_tables(ws: Workshop, out_dir: str | os.PathLike[str], fmt: str = "csv") -> list[Path]:
    """Write the OpenDK tables (a CSV each, or ``opendk.xlsx``) and every visit's photo as
    ``foto/<name>.jpg``; give the paths (none while the plan has no activity)."""
    if not ws.snapshot(Activity):
        return []
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    found = opendk_tables(ws)
    if fmt == "xlsx":
        path = out / "opendk.xlsx"
        write_xlsx(path, found)
        written = [path]
    else:
        written = []
        for name, (headers, rows) in found.items():
            path = out / f"{name}.csv"
            write_csv(path, headers, rows)
            written.append(path)
    names = {v.photo for x in result(ws).activities for v in x.visits if v.photo}
    if names:
        (out / "foto").mkdir(exist_ok=True)
    for name in sorted(names):
        data = photo_bytes(ws, name)
        if data:
            path = out / "foto" / f"{name}.jpg"
            path.write_bytes(data)
            written.append(path)
    return written
