"""The ``planning`` command: new, import, export, summary, history, undo, demo, handout, serve,
lab.

Bad input anywhere gives a clear message on stderr and exit status 2, and writes nothing.
Only ``handout`` and ``demo`` import nbconvert (it costs about 2 s).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from planning.errors import PlanningError
from planning.i18n import LANGUAGES, t
from planning.io import export_tables, import_file
from planning.store import Workshop, create_workshop, open_workshop
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
    p.add_argument("--village", default="", help="the desa")
    p.add_argument("--kecamatan", default="")
    p.add_argument("--kabupaten", default="")
    p.add_argument("--date", default="", help="YYYY-MM-DD")
    p.add_argument("--facilitator", default="")
    p.add_argument("--language", default="id", help="id or en")

    p = sub.add_parser("import", help="import a CSV or XLSX file (all rows or none)")
    p.add_argument("path", metavar="PATH")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--kind", default=None, help="which records the file holds")

    p = sub.add_parser("export", help="write every table as CSV or XLSX")
    p.add_argument("path", metavar="PATH")
    p.add_argument("-o", "--output", required=True, metavar="DIR")
    p.add_argument("--format", default="csv", choices=("csv", "xlsx"))

    p = sub.add_parser("summary", help="what the handout will show")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--json", action="store_true", help="print JSON, one key per stage")

    p = sub.add_parser("history", help="list every change")
    p.add_argument("path", metavar="PATH")

    p = sub.add_parser("undo", help="revert the last change")
    p.add_argument("path", metavar="PATH")

    p = sub.add_parser("merge", help="merge workshops filled in on separate copies")
    p.add_argument("target", metavar="TARGET", help="the workshop merged into")
    p.add_argument("sources", metavar="SOURCE", nargs="+", help="copies to merge in")

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
        return COMMANDS[args.command](args)
    except PlanningError as err:
        print(f"planning {args.command}: {err.message(_lang())}", file=sys.stderr)
        # A handout that failed to build is not bad input: the workshop or a notebook is.
        return 1 if getattr(err, "exit_status", None) == 1 else EXIT_BAD_INPUT
    except (OSError, UnicodeError) as err:
        print(f"planning {args.command}: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130


def _open(path: str) -> Workshop:

    ws = open_workshop(path)
    _language["now"] = ws.lang
    return ws


def cmd_new(args: argparse.Namespace) -> int:

    _language["now"] = args.language if args.language in LANGUAGES else ""
    ws = create_workshop(
        args.path,
        title=args.title,
        desa=args.village,
        kecamatan=args.kecamatan,
        kabupaten=args.kabupaten,
        date=args.date,
        facilitator=args.facilitator,
        language=args.language,
    )
    print(t("cli.created", ws.lang, title=ws.info().title, path=args.path))
    return 0


def cmd_import(args: argparse.Namespace) -> int:

    ws = _open(args.path)
    counts = import_file(ws, args.file, args.kind)
    details = "; ".join(
        f"{kind} +{c['added']} ~{c['updated']} ={c['unchanged']}" for kind, c in counts.items()
    )
    print(t("cli.imported", ws.lang, file=args.file, details=details))
    return 0


def cmd_export(args: argparse.Namespace) -> int:

    ws = _open(args.path)
    written = export_tables(ws, args.output, args.format)
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

    ws = _open(args.path)
    lang = ws.lang
    for change in ws.history():
        undone = f" {t('history.undone', lang)}" if change.undone else ""
        action = t(f"history.action.{change.action}", lang)
        target = f" #{change.undoes}" if change.undoes else ""
        print(
            f"{change.seq:>4}  {change.at}  {change.by:<16} {action}{target} {change.kind} "
            f"({change.count}): {change.summary}{undone}"
        )
    return 0


def cmd_undo(args: argparse.Namespace) -> int:

    ws = _open(args.path)
    change = ws.undo()
    if change is None:
        print(t("history.nothing", ws.lang))
        return 0
    print(
        t(
            "cli.undone",
            ws.lang,
            seq=change.seq,
            action=t(f"history.action.{change.action}", ws.lang),
            kind=change.kind,
            summary=change.summary,
        )
    )
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    from planning.store.merge import merge_workshops

    target = _open(args.target)
    for path in args.sources:
        with open_workshop(path) as source:
            report = merge_workshops(target, source)
        written = ", ".join(f"{kind} {n}" for kind, n in report.written.items()) or "0"
        print(t("cli.merged", target.lang, source=path, written=written))
        for kind, name in report.joined:
            print(
                "  "
                + t("cli.merge_joined", target.lang, kind=t(f"kind.{kind}", target.lang), name=name)
            )
        for kind, name in report.conflicts:
            print(
                "  "
                + t(
                    "cli.merge_conflict",
                    target.lang,
                    kind=t(f"kind.{kind}", target.lang),
                    name=name,
                )
            )
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from planning.demo import build_demo

    out = Path(args.output)
    ws = build_demo(out / "demo-workshop.sqlite", replace=True)
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
