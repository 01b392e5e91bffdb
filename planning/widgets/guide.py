"""The facilitator's guide for a step, in the workshop's language: what to ask, how long."""

from __future__ import annotations

from planning.i18n import t
from planning.render.html import Html, esc
from planning.store import Workshop


def guide(ws: Workshop | None, step: str) -> Html:
    """Give the instructions of one step as a box for the projector (plain HTML, escaped)."""
    if ws is None:
        return Html()
    lang = ws.lang
    title = t(f"guide.{step}.title", lang)
    minutes = t(f"guide.{step}.minutes", lang)
    body = t(f"guide.{step}.body", lang)
    paragraphs = "".join(f"<p>{esc(p)}</p>" for p in body.split("\n") if p.strip())
    return Html(
        '<div class="planning-guide">'
        f'<div class="planning-guide-title">{esc(title)}</div>'
        f'<div class="planning-guide-time">{esc(t("guide.time", lang, minutes=minutes))}</div>'
        f"{paragraphs}</div>"
    )
