"""The facilitator's guide for a step, in the workshop's language: what to ask, how long."""

from __future__ import annotations

from planning.i18n import t
from planning.render import Html, esc
from planning.store import Workshop


def guide(ws: Workshop, step: str) -> Html:
    """Give the instructions of one step as a box for the projector (plain HTML, escaped)."""
    lang = ws.lang
    title = t(f"guide.{step}.title", lang)
    minutes = t(f"guide.{step}.minutes", lang)
    body = t(f"guide.{step}.body", lang)
    paragraphs = "".join(f"<p>{esc(p)}</p>" for p in body.split("\n") if p.strip())
    return Html(
        '<div style="border-left:6px solid #1b9e77;background:#f3faf7;padding:.6em 1em;'
        'font-size:18px;line-height:1.45;margin:.5em 0">'
        f'<div style="font-size:22px;font-weight:700">{esc(title)}</div>'
        f'<div style="color:#555">{esc(t("guide.time", lang, minutes=minutes))}</div>'
        f"{paragraphs}</div>"
    )
