"""The ``planning`` command: new, import, export, summary, history, undo, demo, handout, serve,
lab.

Bad input anywhere gives a clear message on stderr and exit status 2, and writes nothing.
Only ``handout`` and ``demo`` import nbconvert (it costs about 2 s).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import errno
import json
import os
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from planning import stages
from planning.errors import PlanningError, StoreError, ValidationError
from planning.history import change_records, who
from planning.i18n import LANGUAGES, fmt_number, t
from planning.io import FORMATS, export_tables, import_file
from planning.store import Change, Workshop, create_workshop, open_workshop
from planning.store.database import translate
from planning.summary import summary, summary_text

EXIT_BAD_INPUT = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="planning",
        description="Participatory planning workbook: workshops, needs, partnerships, plans.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("new", help="create a new workshop file (or database)")
    p.add_argument("path", metavar="PATH", help="workshop file (.sqlite) or database URL")
    p.add_argument("--title", required=True)
    p.add_argument("--village", dest="desa", metavar="VILLAGE", default="", help="the desa")
    p.add_argument("--kecamatan", default="")
    p.add_argument("--kabupaten", default="")
    p.add_argument("--date", default="", help="YYYY-MM-DD")
    p.add_argument("--facilitator", default="")
    p.add_argument("--language", default="id", help="id or en")

    p = sub.add_parser("import", help="import a CSV, XLSX or pabulib .pb file (all rows or none)")
    p.add_argument("path", metavar="PATH")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--kind", default=None, help="which records the file holds")

    p = sub.add_parser(
        "export", help="write every table as CSV or XLSX, or what a stage offers (graphml...)"
    )
    p.add_argument("path", metavar="PATH")
    p.add_argument("-o", "--output", required=True, metavar="DIR")
    p.add_argument(
        "--format",
        default="csv",
        help="csv or xlsx (every table), or a format a stage offers: graphml, gexf, png, svg "
        "(the stakeholder map), opensid (the plan as OpenSID's Siskeudes zip), pabulib (the "
        "vote on activities as a .pb file); several separated by commas",
    )

    p = sub.add_parser("summary", help="what the handout will show")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--json", action="store_true", help="print JSON, one key per stage")

    p = sub.add_parser("history", help="list every change")
    p.add_argument("path", metavar="PATH")

    p = sub.add_parser("undo", help="revert the last change, saying what it was")
    p.add_argument("path", metavar="PATH")
    p.add_argument(
        "--dry-run", action="store_true", help="say what would be reverted, change nothing"
    )

    p = sub.add_parser("merge", help="merge workshops filled in on separate copies")
    p.add_argument("target", metavar="TARGET", help="the workshop merged into")
    p.add_argument("sources", metavar="SOURCE", nargs="+", help="copies to merge in")
    p.add_argument(
        "--dry-run",
        action="store_true",
        help="say what would be written and conflict, change nothing",
    )
    p.add_argument(
        "--bring-back",
        action="store_true",
        help="bring back a record one copy removed that the other's records refer to",
    )

    p = sub.add_parser("copy", help="copy a workshop with its history (SQLite, PostgreSQL)")
    p.add_argument("path", metavar="SOURCE", help="workshop file (.sqlite) or database URL")
    p.add_argument("target", metavar="TARGET", help="a new file or an empty database")

    p = sub.add_parser("demo", help="create the demo workshop and its handouts")
    p.add_argument("-o", "--output", default="planning-demo", metavar="DIR")
    p.add_argument("--no-handouts", action="store_true", help="skip writing the handouts")

    p = sub.add_parser("handout", help="write the HTML handouts of a workshop")
    p.add_argument("path", metavar="PATH")
    p.add_argument("-o", "--output", required=True, metavar="DIR")
    p.add_argument("--language", default=None, help="id or en (default: the workshop's)")

    p = sub.add_parser("serve", help="serve the trainee's page and the facilitator's view")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--host", default="0.0.0.0", help="address to listen on (default: every one)")
    p.add_argument("--port", default="8866", help="port to listen on (default: 8866)")
    p.add_argument(
        "--code", default=None, help="access code (default: a new one, or none on loopback)"
    )
    p.add_argument(
        "--qr", default=None, metavar="FILE", help="where to save the join QR code (SVG)"
    )
    p.add_argument(
        "--cull-after",
        default=120.0,
        type=float,
        metavar="SECONDS",
        help="shut a kernel down once no page was connected this long (default: 120)",
    )
    p.add_argument("--no-preheat", action="store_true", help="start each page's kernel on request")

    p = sub.add_parser("lab", help="JupyterLab on the notebooks, for a projector")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--port", default="8888", help="port on 127.0.0.1 (default: 8888)")
    p.add_argument("--no-browser", action="store_true", help="do not open a browser")
    return parser


# The language messages are written in: the workshop's once one is open, before that
# $PLANNING_LANGUAGE (English by default).
_language = {"now": ""}


def _lang() -> str:
    return _language["now"] or os.environ.get("PLANNING_LANGUAGE", "en")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; give the exit status."""
    args = _parser().parse_args(argv)
    _language["now"] = ""
    try:
        status = COMMANDS[args.command](args)
        sys.stdout.flush()  # a reader that left shows here, not at exit
        return status
    except BrokenPipeError:
        # The reader stopped early (``planning summary ... | head``): end quietly.
        _quiet_stdout()
        return 0
    except PlanningError as err:
        print(f"planning {args.command}: {err.message(_lang())}", file=sys.stderr)
        # A handout that failed to build is not bad input: the workshop or a notebook is.
        return 1 if getattr(err, "exit_status", None) == 1 else EXIT_BAD_INPUT
    except OSError as err:
        print(f"planning {args.command}: {_os_problem(err).message(_lang())}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except UnicodeError as err:
        print(f"planning {args.command}: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (SQLAlchemyError, sqlite3.Error) as err:
        # Never the statement or its values: only what failed, where, and the reason.
        problem = translate(err, str(getattr(args, "path", "") or ""))
        print(f"planning {args.command}: {problem.message(_lang())}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    finally:
        while _opened:
            _opened.pop().close()


def _os_problem(err: OSError) -> PlanningError:
    """Give a failure of the file system (writing an export or a handout) as a message."""
    path = str(err.filename or "")
    if err.errno == errno.ENOSPC:
        return StoreError("error.no_space", path=path)
    if err.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return StoreError("error.cannot_write", path=path, reason=err.strerror or "")
    return StoreError("error.file_system", path=path, reason=err.strerror or str(err))


# The workshops a command opened, closed when it ends (so nothing stays locked or open when
# the command is run from Python).
_opened: list[Workshop] = []


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so flushing it at exit raises nothing more."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _open(path: str) -> Workshop:

    ws = open_workshop(path)
    _opened.append(ws)
    _language["now"] = ws.lang
    return ws


# The workshop's fields ``planning new`` sets, each from its option (``--village`` for desa).
NEW_FIELDS = ("title", "desa", "kecamatan", "kabupaten", "date", "facilitator", "language")


def cmd_new(args: argparse.Namespace) -> int:

    _language["now"] = args.language if args.language in LANGUAGES else ""
    ws = create_workshop(args.path, **{name: getattr(args, name) for name in NEW_FIELDS})
    _opened.append(ws)
    print(t("cli.created", ws.lang, title=ws.info().title, path=ws.location))
    return 0


def cmd_import(args: argparse.Namespace) -> int:

    ws = _open(args.path)
    offered = stages.import_formats()
    suffix = Path(args.file).suffix.lower()
    if suffix in offered:
        counts = stages.resolve_path(offered[suffix])(ws, Path(args.file))
    else:
        counts = import_file(ws, args.file, args.kind)
    details = "; ".join(
        t("cli.import_counts", ws.lang, kind=t(f"kind.{kind}", ws.lang), **c)
        for kind, c in counts.items()
    )
    print(t("cli.imported", ws.lang, file=args.file, details=details))
    return 0


def cmd_export(args: argparse.Namespace) -> int:

    ws = _open(args.path)
    offered = stages.export_formats()
    wanted = [f.strip().lower() for f in str(args.format).split(",") if f.strip()]
    for fmt in wanted:
        if fmt not in (*FORMATS, *offered):
            raise ValidationError(
                field="--format", value=fmt, allowed=", ".join([*FORMATS, *offered])
            )
    written: list[Path] = []
    for fmt in wanted:
        if fmt in FORMATS:
            written += export_tables(ws, args.output, fmt)
        else:
            written += stages.resolve_path(offered[fmt])(ws, Path(args.output))
    print(t("cli.exported", ws.lang, count=len(written), dir=args.output))
    return 0


def cmd_summary(args: argparse.Namespace) -> int:

    ws = _open(args.path)
    data = summary(ws)
    if args.json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(summary_text(ws, data))
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from planning.history import history_lines

    ws = _open(args.path)
    for line in history_lines(ws, ws.lang):
        print(line)
    return 0


def cmd_undo(args: argparse.Namespace) -> int:

    ws = _open(args.path)
    change = ws.undo(dry_run=args.dry_run)
    if change is None:
        print(t("history.nothing", ws.lang))
        return 0
    key = "cli.would_undo" if args.dry_run else "cli.undone"
    print(describe_change(change, ws.lang, key, records=change_records(ws, change)))
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    from planning.store.merge import merge_all

    target = _open(args.target)
    sources = [_open(path) for path in args.sources]
    _language["now"] = target.lang  # messages in the target's language
    reports = merge_all(target, sources, dry_run=args.dry_run, bring_back=args.bring_back)
    lang = target.lang

    def kind(code: str) -> str:
        return t(f"kind.{code}", lang)

    for path, report in zip(args.sources, reports, strict=True):
        written = ", ".join(f"{kind(k)} {n}" for k, n in report.written.items()) or "0"
        print(t("cli.merged", lang, source=path, written=written))
        lines = [t("cli.merge_joined", lang, kind=kind(k), name=name) for k, name in report.joined]
        lines += [
            t("cli.merge_conflict", lang, kind=kind(k), name=name) for k, name in report.conflicts
        ]
        for key, found in (
            ("cli.merge_removed", report.dangling),
            ("cli.merge_brought_back", report.brought_back),
        ):
            lines += [
                t(
                    key,
                    lang,
                    kind=kind(d.kind),
                    name=d.name,
                    ref_kind=kind(d.ref_kind),
                    ref_name=d.ref_name,
                )
                for d in found
            ]
        for line in lines:
            print("  " + line)
    if args.dry_run:
        print(t("cli.merge_dry_run", lang))
    return 0


def describe_change(
    change: Change, lang: str, key: str = "cli.undone", *, records: str | None = None
) -> str:
    """Give what a change did, in words: what, how many rows, when (local time), by whom;
    the records it wrote named as ``records`` says (``planning.history.change_records``: by
    name, never by id), else by the change's summary.

    Examples
    --------
    >>> from planning.store import Change
    >>> c = Change(7, "2026-11-28T03:32:00+00:00", "facilitator", "import", "participants",
    ...            "peserta.csv", 50000, None, True)
    >>> describe_change(c, "en").replace(_local_time(c.at), "TIME")
    'Undid change 7: import of peserta.csv (participants), 50,000 rows, TIME, by facilitator.'
    >>> "50.000 baris" in describe_change(c, "id")
    True
    """
    kinds = ", ".join(t(f"kind.{kind}", lang) for kind in change.kind.split(","))
    shown = change.summary if records is None else records
    what = t(f"undo.what.{change.action}", lang, kinds=kinds, summary=shown)
    rows = (
        t("undo.rows.one", lang)
        if change.count == 1
        else t("undo.rows.other", lang, n=fmt_number(change.count, lang))
    )
    when = _local_time(change.at)
    return t(key, lang, seq=change.seq, what=what, rows=rows, when=when, by=who(change.by, lang))


def _local_time(at: str) -> str:
    """Give a stored UTC time as this machine's local date and time, to the minute."""
    try:
        moment = _dt.datetime.fromisoformat(at)
    except ValueError:
        return at
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def cmd_copy(args: argparse.Namespace) -> int:
    from planning.store.copy import copy_workshop

    count = copy_workshop(args.path, args.target)
    ws = _open(args.target)
    print(t("cli.copied", ws.lang, target=ws.location, count=count))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from planning.demo import build_demo

    out = Path(args.output)
    ws = build_demo(out / "demo-workshop.sqlite", replace=True)
    _opened.append(ws)
    print(t("cli.demo", ws.lang, path=out / "demo-workshop.sqlite"))
    if not args.no_handouts:
        from planning.handout import workshop_handouts

        for path in workshop_handouts(ws, out / "handouts"):
            print(path)
    return 0


def cmd_handout(args: argparse.Namespace) -> int:
    from planning.handout import workshop_handouts

    ws = _open(args.path)
    for path in workshop_handouts(ws, Path(args.output), args.language):
        print(path)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from planning.room.serve import serve

    with _open(args.path):
        pass  # a bad path is refused here, in the workshop's words, before Voila loads
    return serve(
        args.path,
        host=args.host,
        port=args.port,
        code=args.code,
        qr=args.qr,
        cull_after=args.cull_after,
        preheat=not args.no_preheat,
    )


def cmd_lab(args: argparse.Namespace) -> int:
    from planning.room.lab import lab

    with _open(args.path):
        pass
    return lab(args.path, port=args.port, browser=not args.no_browser)


COMMANDS = {
    "new": cmd_new,
    "import": cmd_import,
    "copy": cmd_copy,
    "export": cmd_export,
    "summary": cmd_summary,
    "history": cmd_history,
    "undo": cmd_undo,
    "merge": cmd_merge,
    "demo": cmd_demo,
    "handout": cmd_handout,
    "serve": cmd_serve,
    "lab": cmd_lab,
}

if __name__ == "__main__":
    raise SystemExit(main())
