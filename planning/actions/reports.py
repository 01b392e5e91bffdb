"""What the plan does for what the village already reports: how many indicators feed each
Indeks Desa dimension and SDGs Desa goal, and how many activities support each PKH component
or P2K2 module (the code lists in ``planning/actions/data``), for the plan's summary and
handout."""

from __future__ import annotations

from typing import Any

from planning.actions.records import Activity, Indicator
from planning.i18n import t
from planning.store import Workshop

__all__ = ["report_counts", "report_lines"]

# Each list, the kind and field that name its codes.
TAGGED = {
    "indeks_desa": (Indicator, "dimension"),
    "sdgs_desa": (Indicator, "sdg"),
    "pkh": (Activity, "pkh_support"),
}


def report_counts(ws: Workshop) -> dict[str, dict[str, int]]:
    """Give, per code list, each code named by the plan's indicators or activities with how
    many name it, in the list's order (codes no longer in the file last)."""
    from planning.actions.methods.villagecodes import load_codes

    out: dict[str, dict[str, int]] = {}
    for name, (cls, field) in TAGGED.items():
        counts: dict[str, int] = {}
        records: tuple[Any, ...] = ws.snapshot(cls)
        for r in records:
            code = getattr(r, field)
            if code:
                counts[code] = counts.get(code, 0) + 1
        order = list(load_codes(name).codes)
        out[name] = dict(
            sorted(counts.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99)
        )
    return out


def report_lines(counts: dict[str, dict[str, int]], lang: str) -> list[str]:
    """Give the counts in words, a line per code list that the plan names at all."""
    from planning.actions.methods.villagecodes import load_codes

    lines = []
    for name, found in counts.items():
        if not found:
            continue
        codes = load_codes(name)
        listed = "; ".join(f"{codes.named(c, lang)} ({n})" for c, n in found.items())
        lines.append(t(f"actions.report.{name}", lang, counts=listed))
    return lines
