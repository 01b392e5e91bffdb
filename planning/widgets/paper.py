"""The facilitator's paper tally: dots or votes counted on paper, for people without a phone.

What is counted (dots on needs, votes on activities), from whom (named participants, or a group
not named: its name and how many women and men, youth and adults, were in it), and the count
of each need or activity; one press stores it through :func:`planning.paper.paper_tally`, which
the store refuses on a trainee's workshop.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from planning.errors import PlanningError
from planning.i18n import label, t
from planning.paper import PAPER_KINDS, PaperGroup, paper_tally
from planning.records import AGE_GROUPS, GENDERS, Participant, kind_class
from planning.render.html import esc
from planning.store import Workshop
from planning.widgets.common import WIDE, Panel, Status, button, buttons, options

_COUNT = w.Layout(width="7em")


class PaperTallyPanel(Panel):
    """Enter what a paper sheet counted: the kind, who gave it, and each need's or activity's
    count."""

    def __init__(self, ws: Workshop) -> None:
        self._ws = ws
        self._lang = lang = ws.lang
        self._kind = w.ToggleButtons(
            options=[(t(f"kind.{k}", lang), k) for k in PAPER_KINDS if k in _kinds()],
            description=t("field.paper.kind", lang),
            style={"description_width": "initial"},
        )
        self._from = w.ToggleButtons(
            options=[
                (t("paper.from.named", lang), "named"),
                (t("paper.from.group", lang), "group"),
            ],
            description=t("field.paper.people", lang),
            style={"description_width": "initial"},
        )
        self._people = w.SelectMultiple(
            description=t("paper.named", lang), style={"description_width": "initial"}, layout=WIDE
        )
        self._group = w.Text(
            description=t("paper.group_name", lang), style={"description_width": "initial"}
        )
        self._dusun = w.Text(
            description=t("field.participants.dusun", lang), style={"description_width": "initial"}
        )
        self._composition = {
            (g, a): w.BoundedIntText(0, min=0, max=500, layout=_COUNT)
            for g in GENDERS
            for a in AGE_GROUPS
        }
        grid = w.GridBox(
            [w.HTML("")]
            + [w.HTML(esc(label("age_group", a, lang))) for a in AGE_GROUPS]
            + [
                x
                for g in GENDERS
                for x in (
                    w.HTML(esc(label("gender", g, lang))),
                    *(self._composition[(g, a)] for a in AGE_GROUPS),
                )
            ],
            layout=w.Layout(grid_template_columns=f"repeat({len(AGE_GROUPS) + 1}, auto)"),
        )
        self._group_box = w.VBox([self._group, self._dusun, grid])
        self._counts: dict[str, w.BoundedIntText] = {}
        self._rows = w.VBox()
        self._status = Status()
        save = button(t("paper.save", lang))
        save.on_click(lambda _: self.save())
        self._kind.observe(lambda _: self.refresh(frozenset()), "value")
        self._from.observe(lambda _: self._show_from(), "value")
        self.refresh(frozenset())
        self._show_from()
        super().__init__(
            ws,
            [
                w.HTML(
                    f"<h3>{esc(t('paper.title', lang))}</h3><p>{esc(t('paper.help', lang))}</p>"
                ),
                self._kind,
                self._from,
                self._people,
                self._group_box,
                self._rows,
                buttons(save),
                self._status,
            ],
        )

    KINDS = frozenset({"participants", "needs", "activities"})

    def _show_from(self) -> None:
        named = self._from.value == "named"
        self._people.layout.display = "" if named else "none"
        self._group_box.layout.display = "none" if named else ""

    def _target(self) -> tuple[str, str]:
        cls = kind_class(self._kind.value)
        field = next(k for k in cls.key_fields() if k != "participant")
        return field, str(cls.specs()[field].ref)

    def refresh(self, kinds: frozenset[str]) -> None:
        self._people.options = options(self._ws.snapshot(Participant), "name")
        _, ref = self._target()
        records: tuple[Any, ...] = self._ws.snapshot(ref)
        kept = {i: box.value for i, box in self._counts.items()}
        self._counts = {
            r.id: w.BoundedIntText(
                kept.get(r.id, 0),
                min=0,
                max=5000,
                description=r.display_name(),
                style={"description_width": "initial"},
                layout=w.Layout(width="auto"),
            )
            for r in records
        }
        self._rows.children = list(self._counts.values())

    def fill(self, **fields: Any) -> None:
        """Type into the panel: ``kind``, ``source`` ("named"/"group"), ``people`` (names),
        ``group``, ``dusun``, ``composition`` ({(gender, age): n}), ``counts`` ({name: n})."""
        if "kind" in fields:
            self._kind.value = fields["kind"]
        if "source" in fields:
            self._from.value = fields["source"]
        if "people" in fields:
            ids = {p.name: p.id for p in self._ws.snapshot(Participant)}
            self._people.value = tuple(ids[n] for n in fields["people"])
        if "group" in fields:
            self._group.value = fields["group"]
        if "dusun" in fields:
            self._dusun.value = fields["dusun"]
        for pair, n in fields.get("composition", {}).items():
            self._composition[pair].value = n
        by_name = {box.description: box for box in self._counts.values()}
        for name, n in fields.get("counts", {}).items():
            by_name[name].value = n

    def save(self) -> None:
        """Store the tally (refused with one message, nothing written, when it does not fit)."""
        counts = {i: box.value for i, box in self._counts.items() if box.value}
        group = None
        people: tuple[str, ...] = ()
        if self._from.value == "group":
            composition = {pair: box.value for pair, box in self._composition.items() if box.value}
            group = PaperGroup(self._group.value.strip(), composition, self._dusun.value.strip())
        else:
            people = tuple(self._people.value)
        try:
            written = paper_tally(self._ws, self._kind.value, counts, people=people, group=group)
        except PlanningError as err:
            self._status.error(err, self._lang)
            return
        for box in [*self._counts.values(), *self._composition.values()]:
            box.value = 0
        self._status.ok(t("paper.stored", self._lang, n=len(written)))


def _kinds() -> frozenset[str]:
    from planning import stages

    return frozenset(stages.kinds())
