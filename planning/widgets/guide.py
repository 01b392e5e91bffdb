"""The facilitator's guide for a step, in the workshop's language: what to ask, how long.

The first guide of a notebook is its opening (``opening=True``): the stage's name as the page's
heading, the workshop it is about, and the page's language and title. A notebook's markdown
cannot know the workshop's language, so the opening is shown from here, not from markdown.
"""

from __future__ import annotations

import re

from planning import stages
from planning.i18n import fmt_date, t
from planning.render.html import Html, esc, page_setup
from planning.store import Workshop


def guide(ws: Workshop | None, step: str, *, opening: bool = False) -> Html:
    """Give the instructions of one step as a box for the projector (plain HTML, escaped).

    With ``opening``, the box opens the page: its title is the page's heading, a line names the
    workshop, and the page (in Voila) gets the workshop's language and a title.
    """
    if ws is None:
        return Html()
    lang = ws.lang
    title = guide_title(step, lang)
    minutes = t(f"guide.{step}.minutes", lang)
    body = t(f"guide.{step}.body", lang)
    paragraphs = "".join(f"<p>{esc(p)}</p>" for p in body.split("\n") if p.strip())
    time = f'<div class="planning-guide-time">{esc(t("guide.time", lang, minutes=minutes))}</div>'
    if not opening:
        return Html(
            '<div class="planning-guide">'
            f'<h2 class="planning-guide-title">{esc(title)}</h2>'
            f"{time}{paragraphs}</div>"
        )
    info = ws.info()
    about = " · ".join(
        p for p in (info.title, info.desa, fmt_date(info.date, lang) if info.date else "") if p
    )
    return Html(
        page_setup(lang, f"{title} · {info.title}" if info.title else title),
        '<div class="planning-guide planning-opening">'
        f'<h1 class="planning-opening-title">{esc(title)}</h1>'
        f'<div class="planning-opening-workshop">{esc(about)}</div>'
        f"{time}{paragraphs}</div>",
    )


_NUMBERED = re.compile(r"^\d+\.\s*")


def guide_title(guide_key: str, lang: str) -> str:
    """Give a guide's title with the one number its step has everywhere (the button, the
    phone, the projector): its place among the room's steps; a guide that is no room step
    (agreeing on criteria, the results) has no number.

    Examples
    --------
    >>> guide_title("scoring", "en"), guide_title("sh_actors", "en")
    ('2. Score the needs', '6. Who is involved?')
    >>> guide_title("criteria", "en")
    'Agree the criteria'
    """
    title = _NUMBERED.sub("", t(f"guide.{guide_key}.title", lang))
    for number, step in enumerate(stages.steps(), start=1):
        if step.guide == guide_key:
            return f"{number}. {title}"
    return title
