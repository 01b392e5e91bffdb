"""A plan's activity for a test, with what every test gives the same way."""

from __future__ import annotations

from typing import Any

# A support activity in 2026 under sub-bidang 2.4, paid from Dana Desa.
ACTIVITY = {
    "strategy": "support",
    "sub_bidang": "2.4",
    "start": "2026-03-01",
    "end": "2026-06-30",
    "cost": "10.000.000",
    "source": "dana_desa",
}


def add_activity(ws: Any, title: str, need: str, **fields: Any) -> Any:
    """Add an activity answering ``need``; ``fields`` change what :data:`ACTIVITY` gives."""
    return ws.add("activities", **{**ACTIVITY, "title": title, "need": need, **fields})
