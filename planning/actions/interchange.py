"""The plan for other systems: OpenSID's Siskeudes zip, and the vote as a pabulib ``.pb`` file.

**OpenSID** (``planning export --format opensid``) imports a village's finance and planning data
as a zip of Siskeudes-named CSVs (``Keuangan_model::extract``); its ``get_csv`` splits the file on
line breaks *before* reading quotes and silently drops a row whose field count differs from the
header, and the rows are inserted as they are, so a header must be a column of its table. The
zip written here holds ``Ref_Version.csv``, ``Ta_RPJM_Kegiatan.csv``,
``Ta_RPJM_Pagu_Tahunan.csv``, ``Ta_Kegiatan.csv`` and ``Ta_RAB.csv`` with the columns of
OpenSID's table migrations (``donjo-app/models/migrations/struktur_tabel/
2023_12_22_015242_create_keuangan_<table>_table.php``, OpenSID 2410.0.0, commit 4b3d567) less the
ones OpenSID adds itself (``id``, ``config_id``, ``id_keuangan_master``): UTF-8 without a BOM, no
line break inside a cell, men, women and poor households in their own columns, bidang and
sub-bidang codes from ``bidang.csv``. It holds what the village budget pays and fits under the
ceilings (the RKP Desa's selection).

**pabulib** (``planning export --format pabulib``) is the file format of participatory-budgeting
research (pabulib.org; ``pabutools.election.parse_pabulib`` reads it): ``META`` (the budget,
the vote type), ``PROJECTS`` (each activity put to the vote with its cost and votes) and
``VOTES`` (one line per voter with the activities they chose, their dusun, gender and age
group; a voter is a number, never a name). ``planning import FILE.pb`` reads one back: its
projects as activities (by name), its voters as participants "Pemilih N" and their votes.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from planning.actions.methods.model import Activity
from planning.errors import Msg, ValidationError
from planning.store import Workshop

# -- OpenSID ---------------------------------------------------------------------------------

OPENSID_COLUMNS: dict[str, tuple[str, ...]] = {
    "Ref_Version.csv": ("Versi",),
    "Ta_RPJM_Kegiatan.csv": (
        "Kd_Desa", "Kd_Bid", "Kd_Keg", "ID_Keg", "Nama_Kegiatan", "Lokasi", "Keluaran", "Kd_Sas",
        "Sasaran", "Tahun1", "Tahun2", "Tahun3", "Tahun4", "Tahun5", "Tahun6", "Swakelola",
        "Kerjasama", "Pihak_Ketiga", "Sumberdana", "Kd_Sub",
    ),
    "Ta_RPJM_Pagu_Tahunan.csv": (
        "Kd_Desa", "Kd_Keg", "Kd_Tahun", "Kd_Sumber", "Biaya", "Volume", "Satuan",
        "Lokasi_Spesifik", "Jml_Sas_Pria", "Jml_Sas_Wanita", "Jml_Sas_ARTM", "Waktu", "Mulai",
        "Selesai", "Pola_Kegiatan", "Pelaksana", "No_ID",
    ),
    "Ta_Kegiatan.csv": (
        "Tahun", "Kd_Desa", "Kd_Bid", "Kd_Keg", "ID_Keg", "Nama_Kegiatan", "Pagu", "Pagu_PAK",
        "Nm_PPTKD", "NIP_PPTKD", "Lokasi", "Waktu", "Keluaran", "Sumberdana", "Jbt_PPTKD",
        "Kd_Sub", "Nilai", "NilaiPAK", "Satuan",
    ),
    "Ta_RAB.csv": (
        "Tahun", "Kd_Desa", "Kd_Keg", "Kd_Rincian", "Anggaran", "AnggaranPAK",
        "AnggaranStlhPAK", "Kd_SubRinci",
    ),
}  # fmt: skip
"""Each CSV of the zip and its header, as in OpenSID 2410.0.0's table migrations."""

SISKEUDES_VERSION = "2.0"
"""What ``Ref_Version.csv`` says (OpenSID reads its ``Versi`` to tell imports apart)."""

SISKEUDES_SOURCES = {
    "dana_desa": "DDS",
    "add": "ADD",
    "pad_desa": "PAD",
    "bagi_hasil": "PBH",
    "bankeu_provinsi": "PBP",
    "bankeu_kabupaten": "PBK",
    "swadaya": "SWD",
}
"""Siskeudes' funding-source codes (``Ref_Sumber``); any other source is ``DLL`` (lain-lain)."""

POLA = {
    "swakelola": "Swakelola",
    "kerja_sama_antar_desa": "Kerjasama Antar Desa",
    "kerja_sama_pihak_ketiga": "Kerjasama Pihak Ketiga",
}

KD_DESA = "00.0000."
"""What ``Kd_Desa`` reads while the plan's ``kode_desa`` setting is empty (the export then
warns that the village's code is missing)."""


def siskeudes_desa(kode_desa: str) -> str:
    """Give a village's Siskeudes code ``Kd_Desa`` (``CC.DDDD.``: the kecamatan and the desa
    parts of Kemendagri's code, as Siskeudes writes it with a closing dot) from the plan's
    ``kode_desa`` setting (``PP.KK.CC.DDDD``), or :data:`KD_DESA` while it is not set.

    Examples
    --------
    >>> siskeudes_desa("32.05.15.2001"), siskeudes_desa("")
    ('15.2001.', '00.0000.')
    """
    parts = kode_desa.split(".")
    if len(parts) != 4:
        return KD_DESA
    return f"{parts[2]}.{parts[3]}."


def _two(code: str) -> str:
    """Give a bidang code as Siskeudes writes it: ``"2.3"`` -> ``"02.03"``.

    Examples
    --------
    >>> _two("2.3"), _two("4")
    ('02.03', '04')
    """
    return ".".join(f"{int(p):02d}" for p in code.split(".") if p.isdigit())


def opensid_cell(value: Any) -> str:
    """Give a cell OpenSID's parser reads whole: no line break (it splits lines before quotes),
    no backslash (PHP's ``str_getcsv`` treats it as an escape), formula-safe.

    Examples
    --------
    >>> opensid_cell('=1+1, "a"\\nb\\\\c')
    '\\'=1+1, "a" b/c'
    """
    from planning.io import formula_safe

    text = " ".join(str(value).replace("\\", "/").split()) if value is not None else ""
    return str(formula_safe(text))


def opensid_tables(
    activities: Sequence[Activity],
    year: int,
    titles: Mapping[str, str] | None = None,
    kd_desa: str = KD_DESA,
) -> dict[str, list[list[str]]]:
    """Give the rows (header first) of each CSV of the OpenSID zip for the activities the
    village budget pays; kegiatan are numbered from 1 within their sub-bidang, and every code
    starts with the village's ``kd_desa`` (see :func:`siskeudes_desa`)."""
    from planning.actions.methods.model import months_spanned

    titles = titles or {}
    out: dict[str, list[list[Any]]] = {name: [list(cols)] for name, cols in OPENSID_COLUMNS.items()}
    out["Ref_Version.csv"].append([SISKEUDES_VERSION])
    numbers: dict[str, int] = {}
    for no, a in enumerate(sorted(activities, key=lambda a: (a.sub_bidang, a.start, a.id)), 1):
        numbers[a.sub_bidang] = numbers.get(a.sub_bidang, 0) + 1
        id_keg = f"{_two(a.sub_bidang)}.{numbers[a.sub_bidang]:02d}"
        kd_keg = f"{kd_desa}{id_keg}."
        kd_bid = f"{kd_desa}{_two(a.bidang)}."
        kd_sub = f"{kd_desa}{_two(a.sub_bidang)}."
        source = SISKEUDES_SOURCES.get(a.source, "DLL")
        output = f"{a.volume:g} {a.unit}".strip()
        months = f"{len(months_spanned(a.start, a.end))} Bulan"
        goal = titles.get(a.objective, "") if a.objective else ""
        out["Ta_RPJM_Kegiatan.csv"].append(
            [kd_desa, kd_bid, kd_keg, id_keg, a.title, a.dusun, output, "", goal]
            + ["1", "0", "0", "0", "0", "0"]
            + [str(int(a.mode == m)) for m in POLA]
            + [source, kd_sub]
        )
        out["Ta_RPJM_Pagu_Tahunan.csv"].append(
            [kd_desa, kd_keg, "THN1", source, a.cost, f"{a.volume:g}", a.unit, a.dusun]
            + [a.men, a.women, a.poor_households, months, a.start.isoformat()]
            + [a.end.isoformat(), POLA.get(a.mode, ""), a.implementer, no]
        )
        out["Ta_Kegiatan.csv"].append(
            [year, kd_desa, kd_bid, kd_keg, id_keg, a.title, a.cost, 0, "", "", a.dusun, months]
            + [output, source, a.implementer, kd_sub, a.cost, 0, a.unit]
        )
        # One line per kegiatan at the level of the account group: spending on goods and
        # services (5.2.), or financing: penyertaan modal (6.2.2.); Siskeudes refines it.
        account = "6.2.2." if a.budget_part == "financing" else "5.2."
        out["Ta_RAB.csv"].append([year, kd_desa, kd_keg, account, a.cost, 0, a.cost, "1"])
    return {name: [[opensid_cell(c) for c in row] for row in rows] for name, rows in out.items()}


def write_opensid(ws: Workshop, out_dir: Path) -> list[Path]:
    """Write ``opensid_siskeudes.zip`` (see the module) into ``out_dir``; give its path. While
    the plan's ``kode_desa`` setting is empty, say on stderr that the village's code is
    missing (the file then reads :data:`KD_DESA`)."""
    import sys

    from planning.actions.assessment import review
    from planning.i18n import t

    r = review(ws)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "opensid_siskeudes.zip"
    code = siskeudes_desa(r.view.config.kode_desa)
    if code == KD_DESA:
        print(t("actions.opensid.no_code", ws.lang), file=sys.stderr)
    made = opensid_tables(list(r.funded), r.view.config.year, r.view.titles, code)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, rows in made.items():
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\r\n").writerows(rows)
            # No line break after the last row: OpenSID's parser would read it as an empty row.
            zf.writestr(name, buffer.getvalue().removesuffix("\r\n").encode("utf-8"))
    return [path]


# -- pabulib ---------------------------------------------------------------------------------

PB_SEX = {"female": "F", "male": "M"}

PB_PROJECT_FIELDS = ("strategy", "bidang", "sub_bidang", "dusun", "start", "end", "source")
"""The workbook's own project columns (pabulib allows any), so a file reads back whole."""


def _pb(value: Any) -> str:
    """Give a pabulib field: no ``;`` (the separator), no line break, no ``,`` in a list.

    Examples
    --------
    >>> _pb("Jalan; jembatan\\nbaru")
    'Jalan, jembatan baru'
    """
    return " ".join(str(value).replace(";", ",").split())


def pabulib_text(
    *,
    description: str,
    unit: str,
    year: int,
    budget: int,
    activities: Iterable[Activity],
    ballots: Mapping[str, Any],
    voters: Mapping[str, Mapping[str, str]],
    lang: str = "id",
) -> str:
    """Give the vote on activities as a pabulib file: ``ballots`` map a voter's name to the
    activity ids they approved (or to their dots per activity), ``voters`` a name to its
    ``dusun``, ``gender`` and ``age_group``; voters are numbered, their names never written."""
    acts = [a for a in activities]
    dots = any(isinstance(b, Mapping) for b in ballots.values())
    votes: dict[str, int] = {a.id: 0 for a in acts}
    for ballot in ballots.values():
        for aid in ballot:
            if aid in votes:
                votes[aid] += 1
    lines = [
        "META",
        "key;value",
        f"description;{_pb(description)}",
        "country;Indonesia",
        f"unit;{_pb(unit)}",
        f"instance;{year}",
        f"num_projects;{len(acts)}",
        f"num_votes;{len(ballots)}",
        f"budget;{budget}",
        f"vote_type;{'cumulative' if dots else 'approval'}",
        "rule;equalshares",
        f"language;{lang}",
        "PROJECTS",
        ";".join(("project_id", "cost", "votes", "name", "category", *PB_PROJECT_FIELDS)),
    ]
    for a in acts:
        mine = [_pb(getattr(a, f)) for f in PB_PROJECT_FIELDS]
        row = [a.id, str(a.cost), str(votes[a.id]), _pb(a.title), _pb(a.sub_bidang), *mine]
        lines.append(";".join(row))
    lines.append("VOTES")
    lines.append(
        "voter_id;vote;points;sex;age_group;dusun" if dots else "voter_id;vote;sex;age_group;dusun"
    )
    for n, (name, ballot) in enumerate(sorted(ballots.items()), start=1):
        chosen = [aid for aid in ballot if aid in votes]
        who = voters.get(name, {})
        meta = [
            PB_SEX.get(who.get("gender", ""), "None"),
            _pb(who.get("age_group", "") or "None"),
            _pb(who.get("dusun", "") or "None"),
        ]
        if dots:
            points = ",".join(str(ballot[aid]) for aid in chosen)
            lines.append(";".join([str(n), ",".join(chosen), points, *meta]))
        else:
            lines.append(";".join([str(n), ",".join(chosen), *meta]))
    return "\n".join(lines) + "\n"


def write_pabulib(ws: Workshop, out_dir: Path) -> list[Path]:
    """Write the vote on the village budget's activities as ``activity_votes.pb`` into
    ``out_dir``; give its path (none while nobody voted)."""
    from planning.actions.assessment import candidates, review
    from planning.records import Participant

    r = review(ws)
    view = r.view
    if not view.ballots:
        return []
    people = {
        p.name: {"dusun": p.dusun, "gender": p.gender, "age_group": p.age_group}
        for p in ws.snapshot(Participant)
    }
    info = ws.info()
    shown = candidates(view)
    ids = {a.id for a in shown}
    ballots = {v: b for v, b in view.ballots.items() if any(a in ids for a in b)}
    text = pabulib_text(
        description=info.title,
        unit=f"Desa {info.desa}" if info.desa else info.title,
        year=view.config.year,
        budget=r.vote_budget,
        activities=shown,
        ballots=ballots,
        voters=people,
        lang=ws.lang,
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "activity_votes.pb"
    path.write_text(text, encoding="utf-8")
    return [path]


def _pb_sections(path: Path) -> tuple[dict[str, str], list[dict[str, str]], list[dict[str, str]]]:
    """Read a pabulib file's META, PROJECTS and VOTES; refuse one that is not."""
    from planning.io import _check_file

    _check_file(str(path))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise ValidationError(
            "error.file_format", field=Msg("field.file"), value=path.name, allowed=".pb (pabulib)"
        ) from err
    meta: dict[str, str] = {}
    projects: list[dict[str, str]] = []
    votes: list[dict[str, str]] = []
    section, header = "", []
    rows = csv.reader(text.splitlines(), delimiter=";")
    for row in rows:
        if not row or not "".join(row).strip():
            continue
        head = row[0].strip().lower()
        if head in ("meta", "projects", "votes"):
            section, header = head, [h.strip() for h in next(rows, [])]
            continue
        if section == "meta" and len(row) >= 2:
            meta[row[0].strip()] = row[1].strip()
        elif section in ("projects", "votes"):
            item = {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header)}
            (projects if section == "projects" else votes).append(item)
        else:
            section = "?"
    if section == "?" or not projects or "vote_type" not in meta:
        raise ValidationError(
            "error.file_format", field=Msg("field.file"), value=path.name, allowed=".pb (pabulib)"
        )
    return meta, projects, votes


def points_type(meta: Mapping[str, str]) -> bool:
    """Tell whether a pabulib file's votes carry points (cumulative or scoring), read as dots."""
    return meta.get("vote_type", "") in ("cumulative", "scoring")


def import_pabulib(ws: Workshop, path: Path) -> dict[str, dict[str, int]]:
    """Read a pabulib file into the workshop, all of it or nothing: its projects as activities
    (matched by name; a new one needs the workbook's own columns, as an exported file has),
    its voters as participants "Pemilih N" with their dusun, gender and age group, and their
    votes (approvals, or points as dots); the ballot and the budget the votes share out become
    the plan's settings."""
    meta, projects, votes = _pb_sections(path)
    known = {p["project_id"]: p.get("name") or p["project_id"] for p in projects}
    activities = []
    for line, p in enumerate(projects, start=1):
        row = {k: v for k, v in p.items() if k not in ("project_id", "votes", "name", "category")}
        row = {k: v for k, v in row.items() if v and v != "None"}
        row["title"] = known[p["project_id"]]
        activities.append((line, row))
    sexes = {v: k for k, v in PB_SEX.items()}
    people, ballots = [], []
    for line, v in enumerate(votes, start=1):
        name = f"Pemilih {v.get('voter_id', line)}"
        person = {"name": name, "gender": sexes.get(v.get("sex", ""), "other")}
        for key in ("age_group", "dusun"):
            if v.get(key) and v[key] != "None":
                person[key] = v[key]
        people.append((line, person))
        chosen = [c.strip() for c in v.get("vote", "").split(",") if c.strip()]
        points = [c.strip() for c in v.get("points", "").split(",") if c.strip()]
        for i, pid in enumerate(chosen):
            weight = points[i] if i < len(points) else "1"
            ballots.append(
                (line, {"participant": name, "activity": known.get(pid, pid), "votes": weight})
            )
    settings = [(1, {"setting": "ballot", "value": "dots" if points_type(meta) else "approval"})]
    if meta.get("budget", "").isdigit():
        settings.append((2, {"setting": "vote_budget", "value": meta["budget"]}))
    batches = {
        "plan_settings": settings,
        "activities": activities,
        "participants": people,
        "activity_votes": ballots,
    }
    return ws.import_records(
        {k: rows for k, rows in batches.items() if rows}, source=path.name, by=None
    )
