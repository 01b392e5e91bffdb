"""Forms built from the records' specs: one engine for every editor and tally of the stages.

A form is declared, not written widget by widget (compare ipywidgets' ``interact``, which
derives a control from a description of the value). A record's field specs already know the
type, the choices in display order, the default, the bounds, whether the field is required and
how long it may be; a :class:`FormSpec` says only which fields, in which rows, where a widget or
an option list differs, and which fields the form leaves out on purpose.

- :class:`FieldControl` turns one field's spec into a widget and back.
- :class:`RecordForm` is a panel that adds, chooses, saves and removes records of one kind,
  with a status line and a table. Built for a trainee (a workshop opened with
  ``role="trainee"``) it has no chooser, no save and no remove: those controls do not exist in
  the trainee's kernel, and the store refuses the writes anyway (``planning.store.writes``).
- :class:`TallyPanel` is a panel of rows with "−" and "+" (dots, votes on activities, towers),
  every tap going through one command, :meth:`planning.store.Workshop.step`.

Every write of a panel goes through :meth:`planning.widgets.common.Panel.attempt`, which shows
a refused write as one message in the workshop's language and leaves the form as typed.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

import ipywidgets as w

from planning.i18n import catalogue, fmt_date, label, t
from planning.records import Participant, Record, Spec, several
from planning.render.html import esc
from planning.render.pictograms import (
    alt,
    choices_css,
    css_class,
    has_pictures,
    labelled,
    pictogram,
    speak_button,
    vote_css,
)
from planning.render.pictograms import found as picture_name
from planning.store import Workshop
from planning.widgets.common import (
    BIG,
    Panel,
    Status,
    button,
    buttons,
    options,
    participant_chooser,
)

__all__ = [
    "ACTIONS",
    "Control",
    "FieldControl",
    "FormSpec",
    "Heading",
    "QuickAdd",
    "RecordForm",
    "Slot",
    "TallyPanel",
    "Who",
    "chooser",
    "keep_options",
    "toggles",
    "words",
]

_LABEL = {"description_width": "initial"}
_FULL = w.Layout(width="100%", max_width="40em")
# A number field offered as buttons when it has at most this many values (interest 0-5...).
_MAX_BUTTONS = 6


@dataclass(frozen=True)
class Control:
    """How one field is shown where its spec's own widget does not fit.

    ``widget``: "text", "area", "dropdown", "toggles" (large buttons), "checks" (one toggle
    per choice, several at once), "checkbox" or "date"; "" takes the spec's own. ``options``
    names a method of the form giving ``[(label, value)]`` from other records (the actors of
    the map, the needs of stage 1); ``first`` the words of an empty first option. ``hint`` is
    the key of a placeholder, ``label`` of the words of the label where not the field's own.
    """

    widget: str = ""
    options: str = ""
    first: str = ""
    hint: str = ""
    label: str = ""


@dataclass(frozen=True)
class Heading:
    """A heading between the rows of a form (the key of its words)."""

    key: str


@dataclass(frozen=True)
class Slot:
    """A place in a form's layout for a widget of the form's own (suggestions, a hint)."""

    name: str


Item = str | tuple[str, ...] | Heading | Slot
# Where a form's buttons and status line go, when not after every row.
ACTIONS = Slot("actions")


@dataclass(frozen=True)
class FormSpec:
    """Which fields of a kind a form shows, in which rows, and which it leaves out by name.

    ``hidden`` fields are not shown: the form fills them itself (the participant a form is
    built for) or leaves their default. ``words`` is the catalogue prefix of the form's
    messages (``<words>.added``...; ``common.form.*`` where a stage has none of its own).
    """

    record: type[Record]
    layout: tuple[Item, ...]
    controls: Mapping[str, Control] = field(default_factory=dict)
    hidden: tuple[str, ...] = ()
    words: str = "common.form"
    trainee: tuple[Item, ...] = ()

    def layout_for(self, trainee: bool) -> tuple[Item, ...]:
        """Give the rows a form shows: a trainee's own (``trainee``: only what a trainee knows,
        the store keeps the other fields' defaults for the facilitator to complete) when the
        kind declares one, else the whole ``layout``."""
        return self.trainee if trainee and self.trainee else self.layout

    def shown(self, trainee: bool = False) -> tuple[str, ...]:
        """Give the fields the form shows (a trainee's form when ``trainee``), in layout
        order."""
        out: list[str] = []
        for item in self.layout_for(trainee):
            if isinstance(item, str):
                out.append(item)
            elif isinstance(item, tuple):
                out.extend(item)
        return tuple(out)

    def slots(self) -> tuple[str, ...]:
        """Give the names of the form's own widgets in its layout."""
        return tuple(i.name for i in self.layout if isinstance(i, Slot) and i != ACTIONS)

    def missing(self) -> list[str]:
        """Give what is wrong with the declaration: a field of the kind neither shown nor
        hidden, a name that is no field, a field named twice (empty when all is well)."""
        specs = self.record.specs()
        named = [*self.shown(), *self.hidden]
        problems = [f"{self.record.KIND}.{n}: neither shown nor hidden" for n in specs]
        problems = [p for p, n in zip(problems, specs, strict=True) if n not in named]
        problems += [f"{self.record.KIND}.{n}: not a field" for n in named if n not in specs]
        problems += [
            f"{self.record.KIND}.{n}: named twice" for n in set(named) if named.count(n) > 1
        ]
        problems += [
            f"{self.record.KIND}.{n}: a control for a field not shown"
            for n in self.controls
            if n not in self.shown()
        ]
        problems += [
            f"{self.record.KIND}.{n}: on a trainee's form only"
            for n in self.shown(trainee=True)
            if n not in self.shown()
        ]
        return problems


def words(prefix: str, what: str, lang: str, **fields: Any) -> str:
    """Give a form's words: ``<prefix>.<what>`` when the stage has them, else the common ones."""
    key = f"{prefix}.{what}"
    if key not in catalogue("en"):
        key = f"common.form.{what}"
    return t(key, lang, **fields)


def keep_options(box: Any, options: list[tuple[str, Any]], fallback: Any = None) -> None:
    """Give a chooser new options, keeping its choice when it is still offered (else
    ``fallback`` when offered, else the first). Nothing changes when the options are the
    same, so redrawing a panel never moves what a person chose."""
    options = list(options)
    if list(box.options) == options:
        return
    keep = box.value
    box.options = options
    values = [v for _, v in options]
    if keep in values:
        box.value = keep
    elif fallback in values:
        box.value = fallback
    elif values:
        box.value = values[0]


class FieldControl:
    """One field of a record as a widget: built from its spec, read and filled as the value
    the store takes (``value``), its options redrawn from other records (``set_options``)."""

    def __init__(self, kind: str, name: str, spec: Spec, control: Control, lang: str) -> None:
        self.kind, self.name, self.spec, self.control = kind, name, spec, control
        self.lang = lang
        self.how = control.widget or _default_widget(spec)
        text = t(control.label or f"field.{kind}.{name}", lang)
        self._toggles: dict[str, w.ToggleButton] = {}
        if self.how == "checks":
            self._toggles = {
                c: w.ToggleButton(
                    description=label(spec.group, c, lang), style=BIG, layout=w.Layout(width="auto")
                )
                for c in spec.choices
            }
            row = w.HBox(list(self._toggles.values()))
            row.add_class("planning-checks")
            heading = w.HTML(f'<span class="planning-text">{esc(text)}</span>')
            self.widget: w.Widget = w.VBox([heading, row])
        elif self.how in ("dropdown", "toggles"):
            options = self.own_options()
            if self.how == "toggles":
                self.widget = toggles(text, options, options[0][1] if options else None)
            else:
                self.widget = chooser(text, options)
        elif self.how == "checkbox":
            self.widget = w.Checkbox(description=text, indent=False)
        elif self.how == "date":
            self.widget = w.DatePicker(
                description=text, style=_LABEL, layout=w.Layout(width="auto")
            )
        else:
            cls = w.Textarea if self.how == "area" else w.Text
            hint = t(control.hint, lang) if control.hint else ""
            self.widget = cls(
                description=text, placeholder=hint, style={**_LABEL, **BIG}, layout=_FULL
            )
        self.widget.add_class("planning-field")
        self.text = text
        # A choice whose group has pictures shows the chosen one's picture and a large label;
        # with pictures on (``use_pictures``) it is a row of picture cards instead.
        self.picture: w.HTML | None = None
        self._cards: w.VBox | None = None  # drawn the first time pictures are asked for
        self._card: dict[Any, w.Button] = {}
        self.pictures = False
        if self.how in ("dropdown", "toggles") and spec.group and has_pictures(spec.group):
            self.picture = w.HTML()
            self.picture.add_class("planning-picture")
            self.widget.observe(lambda _: self._draw_picture(), "value")
        # A chooser of records (a need, an activity) reads the chosen one's name aloud on a
        # phone with a voice of the language.
        self.speak: w.HTML | None = None
        if self.how == "dropdown" and spec.type == "ref":
            self.speak = w.HTML()
            self.speak.add_class("planning-speak-box")
            self.widget.observe(lambda _: self._draw_speak(), "value")
        self.reset()
        self._draw_picture()
        self._draw_speak()
        self._box: w.Widget = self.widget
        if self.speak is not None:
            line = w.HBox([self.widget, self.speak])
            line.add_class("planning-fields")
            self._box = line
        if self.picture is not None:
            self._box = w.VBox([self._box, self.picture])

    @property
    def shown(self) -> w.Widget:
        """What a form lays out: the control, its read-aloud button beside it and its picture
        under it when it has them."""
        return self._box

    @property
    def can_show_pictures(self) -> bool:
        """Whether the field's choices have pictures to show as cards."""
        return self.picture is not None

    def use_pictures(self, on: bool) -> None:
        """Show the choices as picture cards with large labels (``on``), or as the control."""
        if self.picture is None or not isinstance(self._box, w.VBox) or on == self.pictures:
            return
        self.pictures = on
        if on and self._cards is None:
            self._cards = w.VBox()
            self._cards.add_class("planning-pic-field")
            self._draw_cards()
            self._box.children = (*self._box.children, self._cards)
        self._box.children[0].layout.display = "none" if on else ""
        self.picture.layout.display = "none" if on else ""
        if self._cards is not None:
            self._cards.layout.display = "" if on else "none"

    def _draw_cards(self) -> None:
        """Draw one card per choice (its picture above its words); a tap chooses it."""
        if self._cards is None:
            return
        group = self.spec.group
        self._card = {}
        pictures = []
        for words, code in self.widget.options:
            if code == "" or code is None:
                continue
            name = picture_name(group, str(code))
            card = w.Button(description=words, tooltip=words, layout=w.Layout(width="auto"))
            card.add_class("planning-pic-button")
            if name:
                card.add_class(css_class(name))
                pictures.append(name)
            card.on_click(lambda _, c=code: self._choose_card(c))
            self._card[code] = card
        style = w.HTML(f"<style>{choices_css(pictures)}</style>", layout=w.Layout(height="0px"))
        heading = w.HTML(f'<span class="planning-pic-heading">{esc(self.text)}</span>')
        row = w.Box(list(self._card.values()))
        row.add_class("planning-pic-grid")
        self._cards.children = [style, heading, row]
        self._mark_card()

    def _choose_card(self, code: Any) -> None:
        self.widget.value = code

    def _mark_card(self) -> None:
        """Mark the chosen card: its colour, and a check mark before its words."""
        for code, card in self._card.items():
            words = self.words_of(code) or str(code)
            chosen = code == self.widget.value
            card.description = f"✓ {words}" if chosen else words
            if chosen:
                card.add_class("planning-pic-chosen")
            else:
                card.remove_class("planning-pic-chosen")

    def words_of(self, code: Any) -> str:
        """Give the words a choice is offered with ("" when it is not offered)."""
        return next((text for text, v in self.widget.options if v == code), "")

    def _draw_picture(self) -> None:
        if self.picture is None:
            return
        code = self.widget.value
        words = self.words_of(code)
        self.picture.value = labelled(self.spec.group, code, words, self.lang) if code else ""
        self._mark_card()

    def _draw_speak(self) -> None:
        if self.speak is None:
            return
        code = self.widget.value
        words = self.words_of(code)
        self.speak.value = speak_button(words, self.lang) if code and words else ""

    def own_options(self) -> list[tuple[str, Any]]:
        """Give the options the spec itself offers (its choices, or numbers within bounds)."""
        spec = self.spec
        if spec.type in ("choice", "choices"):
            found: list[tuple[str, Any]] = [
                (label(spec.group, c, self.lang), c) for c in spec.choices
            ]
        elif spec.type == "int" and spec.low is not None and spec.high is not None:
            found = [(self.number_words(i), i) for i in range(int(spec.low), int(spec.high) + 1)]
        else:
            found = []
        if self.control.first:
            found = [(t(self.control.first, self.lang), ""), *found]
        return found

    def number_words(self, value: int) -> str:
        """Give the words of a number offered as a button (its label in the spec's group when
        it has one: "1 weak")."""
        key = f"{self.spec.group}.{value}"
        return t(key, self.lang) if self.spec.group and key in catalogue("en") else str(value)

    def set_options(self, options: Iterable[tuple[str, Any]]) -> None:
        """Offer these options (labels and values), keeping the choice when still offered."""
        offered = list(options)
        if self.control.first:
            offered = [(t(self.control.first, self.lang), ""), *offered]
        before = list(self.widget.options)
        keep_options(self.widget, offered, self.spec.default)
        if list(self.widget.options) != before:
            self._draw_cards()
            self._draw_speak()

    @property
    def value(self) -> Any:
        """What the field holds now, as the store takes it."""
        if self.how == "checks":
            return [c for c, b in self._toggles.items() if b.value]
        if self.how == "date":
            day = self.widget.value
            return day.isoformat() if day else ""
        value = self.widget.value
        return "" if value is None else value

    @value.setter
    def value(self, value: Any) -> None:
        if self.how == "checks":
            chosen = set(several(value) if isinstance(value, str) else value or ())
            for c, b in self._toggles.items():
                b.value = c in chosen
        elif self.how == "date":
            self.widget.value = _dt.date.fromisoformat(value[:10]) if value else None
        elif self.how in ("dropdown", "toggles"):
            offered = [v for _, v in self.widget.options]
            if value not in offered and isinstance(value, str) and value:
                # A value the list lacks (read from a file, another year's): offer it too.
                self.widget.options = [*self.widget.options, (value, value)]
            if value in offered or value:
                self.widget.value = value
        elif self.how == "checkbox":
            self.widget.value = bool(value)
        elif isinstance(value, float) and value.is_integer():
            self.widget.value = str(int(value))  # a whole number as typed, without ".0"
        else:
            self.widget.value = "" if value is None else str(value)

    def reset(self) -> None:
        """Give the field its default again (an empty form)."""
        default = self.spec.default
        if self.how in ("dropdown", "toggles"):
            values = [v for _, v in self.widget.options]
            if default in values:
                self.widget.value = default
            elif "" in values:
                self.widget.value = ""
            elif values:
                self.widget.value = values[0]
            return
        self.value = default


def chooser(description: str, options: list[tuple[str, Any]] | None = None) -> w.Dropdown:
    """Give a dropdown that chooses what a panel shows (not a field of a record)."""
    return w.Dropdown(
        description=description,
        options=options or [],
        style=_LABEL,
        layout=w.Layout(width="auto", max_width="40em"),
    )


def toggles(description: str, options: list[tuple[str, Any]], value: Any) -> w.ToggleButtons:
    """Give large buttons choosing one of a few things; they wrap on a phone."""
    box = w.ToggleButtons(
        description=description,
        options=options,
        value=value,
        style={**_LABEL, "button_width": "auto"},
        layout=w.Layout(width="auto", flex_flow="row wrap"),
    )
    box.add_class("planning-toggles")
    return box


class QuickAdd:
    """A row adding a record of another kind from all its fields, beside a form (a new type of
    link, a new influence question): the facilitator's, so never built on a trainee's
    workshop. ``add(**fields)`` stores it and gives whether it was stored; then the row empties."""

    def __init__(self, ws: Workshop, kind: type[Record], words: str, add: Any) -> None:
        self.controls = {
            n: FieldControl(kind.KIND, n, spec, Control(), ws.lang)
            for n, spec in kind.specs().items()
        }
        self._add = add
        go = button(t(words, ws.lang), "info")
        go.on_click(lambda _: self.submit())
        self.box = w.HBox([*(c.widget for c in self.controls.values()), go])
        self.box.add_class("planning-fields")

    def submit(self) -> None:
        """Store what the row holds; empty it once stored."""
        if self._add(**{n: c.value for n, c in self.controls.items()}):
            for c in self.controls.values():
                c.reset()


class Who:
    """Whom a panel acts for. The facilitator chooses a participant from a list (``box``); on a
    trainee's workshop there is no list, only the participant the panel was built for."""

    def __init__(self, ws: Workshop, kind: str, participant: str = "", css: str = "") -> None:
        self._ws = ws
        self._me = participant
        self.box: w.Dropdown | None = None
        if not ws.is_trainee:  # a trainee's kernel never holds a chooser of names
            self.box = participant_chooser(ws, kind)
            if css:
                self.box.add_class(css)
            self.choose(participant)

    @property
    def head(self) -> list[w.Widget]:
        """The list to show above the panel (none on a trainee's workshop)."""
        return [self.box] if self.box is not None else []

    @property
    def id(self) -> str:
        """The id of the participant chosen ("" while nobody is)."""
        if self.box is not None:
            return str(self.box.value or "")
        return next((p.id for p in self._ws.records(Participant) if self._me in (p.id, p.name)),
                    self._me)  # fmt: skip

    def choose(self, participant: str) -> None:
        """Choose who acts, by name or id ("" for nobody; the facilitator's list only)."""
        if self.box is not None:
            self.refresh()
            self.box.value = self._ws.find(Participant, participant).id if participant else ""

    def refresh(self) -> None:
        """List the participants there are now, keeping the one chosen."""
        if self.box is not None:
            people = options(self._ws.records(Participant), "name")
            keep_options(self.box, [("", ""), *people], "")

    def on_change(self, react: Any) -> None:
        """Call ``react()`` when someone else is chosen."""
        if self.box is not None:
            self.box.observe(lambda _: react(), names="value")


def _default_widget(spec: Spec) -> str:
    if spec.type == "longtext":
        return "area"
    if spec.type == "choice" and not spec.other:
        return "dropdown"
    if spec.type == "choices":
        return "checks"
    if spec.type == "ref":
        return "dropdown"
    if spec.type == "bool":
        return "checkbox"
    if spec.type == "date":
        return "date"
    if (
        spec.type == "int"
        and spec.low is not None
        and spec.high is not None
        and spec.high - spec.low < _MAX_BUTTONS
    ):
        return "toggles"
    return "text"


class RecordForm(Panel):
    """A panel that adds records of one kind and, for the facilitator, chooses one to save or
    remove; its fields, rows and options come from its class's ``FORM``.

    A subclass declares ``FORM`` and, where the stage has a command for it, overrides
    :meth:`create`, :meth:`update` and :meth:`delete`; :meth:`table_html` draws the table under
    the form; ``options_<name>`` methods named in ``FORM.controls`` give option lists from other
    records. Built on a trainee's workshop (or with ``trainee=True``) it has only the fields a
    trainee fills in and the add button.
    """

    FORM: ClassVar[FormSpec]
    KINDS: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, ws: Workshop, participant: str = "", *, trainee: bool = False) -> None:
        self._ws = ws
        self._lang = lang = ws.lang
        self._who = participant
        self.trainee = ws.is_trainee or bool(trainee)  # a trainee's workshop: always
        form = type(self).FORM
        specs = form.record.specs()
        self._controls = {
            name: FieldControl(
                form.record.KIND, name, specs[name], form.controls.get(name, Control()), lang
            )
            for name in form.shown(self.trainee)
            if not (self.trainee and specs[name].sensitive)
        }
        self._status = Status()
        self._table = w.HTML()
        self._add = button(t("common.add", lang))
        self._add.on_click(lambda _: self.add())
        self._pick: w.Dropdown | None = None
        controls: list[w.Widget] = [self._add]
        if not self.trainee:  # a trainee's kernel never holds them
            self._pick = chooser(self.say("edit_which"))
            self._pick.observe(lambda change: self.choose(change["new"] or ""), names="value")
            save = button(t("common.save", lang), "info")
            remove = button(t("common.remove", lang), "danger")
            save.on_click(lambda _: self.save())
            remove.on_click(lambda _: self.remove())
            controls += [save, remove]
        self._slots: dict[str, w.Widget] = {name: w.VBox() for name in form.slots()}
        self.build()
        self._slots[ACTIONS.name] = w.VBox([buttons(*controls), self._status])
        layout = form.layout_for(self.trainee)
        rows = [self._draw(item) for item in layout]
        if ACTIONS not in layout:
            rows.append(self._slots[ACTIONS.name])
        head = [self._pick] if self._pick is not None else []
        self.refresh()
        super().__init__(ws, [*head, *rows, self._table])

    # --- what a subclass may say -------------------------------------------------------------

    def build(self) -> None:
        """Make the form's own widgets (its slots), before the first refresh."""

    def create(self, fields: dict[str, Any]) -> Record:
        """Store a new record from the form's fields; give it."""
        return self._ws.add(type(self).FORM.record, **fields)

    def update(self, record_id: str, fields: dict[str, Any]) -> Record:
        """Store the form's fields into a record; give it."""
        return self._ws.edit(type(self).FORM.record, record_id, **fields)

    def delete(self, record_id: str) -> None:
        """Remove a record."""
        self._ws.remove(type(self).FORM.record, record_id)

    def table_html(self) -> str:
        """Give the table under the form ("" for none)."""
        return ""

    def choices(self) -> list[tuple[str, str]]:
        """Give the records the facilitator may choose to edit, as (name, id)."""
        records = self._ws.snapshot(type(self).FORM.record)
        return sorted(((self.name_of(r), r.id) for r in records), key=lambda o: o[0].casefold())

    def redrawn(self, kinds: frozenset[str]) -> None:
        """Redraw what the subclass adds, after the fields and the table."""

    # --- what a person sees and does ---------------------------------------------------------

    def say(self, what: str, **fields: Any) -> str:
        """Give the form's words for ``what`` (added, saved, removed, choose, new...)."""
        return words(type(self).FORM.words, what, self._lang, **fields)

    def control(self, name: str) -> FieldControl:
        """Give the control of one field."""
        return self._controls[name]

    @property
    def shown(self) -> tuple[str, ...]:
        """The fields this form shows (a trainee's has no sensitive one)."""
        return tuple(self._controls)

    @property
    def chosen(self) -> str:
        """The id of the record chosen to edit ("" for a new one, or on a trainee's form)."""
        return (self._pick.value or "") if self._pick is not None else ""

    @property
    def table(self) -> str:
        """The table under the form as shown (HTML)."""
        return str(self._table.value)

    @property
    def fields(self) -> dict[str, Any]:
        """What the form holds now, with the participant it was built for as the owner."""
        out = {name: c.value for name, c in self._controls.items()}
        owner = type(self).FORM.record.OWNER
        if owner and owner in type(self).FORM.hidden and self._who:
            out[owner] = self._who
        return out

    def fill(self, **fields: Any) -> None:
        """Type into the form (``name="BUMDes"``, ``resources=["funding"]``)."""
        for name, value in fields.items():
            self._controls[name].value = value

    def clear(self) -> None:
        """Empty the form: every field back to its default."""
        for c in self._controls.values():
            c.reset()

    def choose(self, record: str) -> None:
        """Show a record (name or id) in the form to edit it ("" for a new one)."""
        if self._pick is None:
            return
        cls = type(self).FORM.record
        if record and record not in [v for _, v in self._pick.options]:
            record = self._ws.find(cls, record).id
        if record != self._pick.value:
            self._pick.value = record  # observed: comes back here
            return
        if record:
            found = self._ws.get(cls, record)
            self.fill(**{name: getattr(found, name) for name in self._controls})

    def name_of(self, record: Record) -> str:
        """Give what the form's messages and its chooser call a record: its name or title; a
        record named by a choice or by another record (a ceiling's funding source, a reading's
        indicator) by the words of that choice or the other record's name, then its other key
        fields (a reading's day, a score's group and round), never an id."""
        keys = record.key_fields()
        spec = record.specs()[keys[0]] if keys else None
        if spec is None or spec.type not in ("choice", "ref"):
            return record.display_name()
        parts = (self._key_text(record, name) for name in keys)
        return " · ".join(p for p in parts if p)

    def _key_text(self, record: Record, name: str) -> str:
        spec, value = record.specs()[name], getattr(record, name)
        if spec.type == "choice" and isinstance(value, str):
            return label(spec.group, value, self._lang) if value else ""
        if spec.type == "ref" and spec.ref:
            if not value:
                return ""
            records: tuple[Record, ...] = self._ws.snapshot(spec.ref)
            other = next((r for r in records if r.id == value), None)
            return other.display_name() if other is not None else ""
        if spec.type == "date" and value:
            return fmt_date(value, self._lang)
        return "" if value is None else str(value)

    def added(self, record: Record) -> str:
        """Give the status line after a record was added."""
        return self.say("added", name=self.name_of(record))

    def add(self) -> None:
        """Store the form as a new record; keep what was typed when it is refused."""
        if self.attempt(self.create, self.fields, done=self.added):
            self.clear()

    def save(self) -> None:
        """Save the form into the record chosen (or add it when none is chosen)."""
        if not self.chosen:
            self.add()
            return
        self.attempt(
            self.update,
            self.chosen,
            self.fields,
            done=lambda r: self.say("saved", name=self.name_of(r)),
        )

    def remove(self) -> None:
        """Remove the record chosen (one undo brings it back)."""
        chosen = self.chosen
        if not chosen:
            self._status.info(self.say("choose"))
            return
        name = self.name_of(self._ws.get(type(self).FORM.record, chosen))
        if self.attempt(self.delete, chosen, done=lambda _: self.say("removed", name=name)):
            assert self._pick is not None
            self._pick.value = ""
            self.clear()

    def refresh(self, kinds: frozenset[str] = frozenset()) -> None:
        for c in self._controls.values():
            if c.control.options:
                c.set_options(getattr(self, c.control.options)())
            elif c.spec.type == "ref":
                c.set_options(self.records_of(c.spec.ref))
        if self._pick is not None:
            keep_options(self._pick, [(self.say("new"), ""), *self.choices()], "")
        self._table.value = self.table_html()
        self.redrawn(kinds)

    @property
    def can_show_pictures(self) -> bool:
        return any(c.can_show_pictures for c in self._controls.values())

    def use_pictures(self, on: bool) -> None:
        for c in self._controls.values():
            c.use_pictures(on)

    def records_of(self, kind: str) -> list[tuple[str, str]]:
        """Give the records of a kind as (name, id), sorted by name, for a chooser."""
        records: tuple[Record, ...] = self._ws.snapshot(kind)
        found = ((r.display_name(), r.id) for r in records)
        return sorted(found, key=lambda o: o[0].casefold())

    def shows(self) -> frozenset[str]:
        form = type(self).FORM
        refs = {s.ref for s in form.record.specs().values() if s.type == "ref"}
        return super().shows() | {form.record.KIND} | refs

    def _draw(self, item: Item) -> w.Widget:
        if isinstance(item, Heading):
            box = w.HTML(f'<h3 class="planning-section">{esc(t(item.key, self._lang))}</h3>')
            return box
        if isinstance(item, Slot):
            return self._slots[item.name]
        names = (item,) if isinstance(item, str) else item
        parts = [self._controls[n].shown for n in names if n in self._controls]
        if len(parts) == 1:
            return parts[0]
        line = w.HBox(parts)
        line.add_class("planning-fields")
        return line


class TallyPanel(Panel):
    """Rows of things to count, each with "−", its count and "+": dots on needs, votes on
    activities, the height of actors' towers. Every tap is one :meth:`step`, which goes through
    :meth:`planning.store.Workshop.step`; the store checks the budget and the bounds.

    A subclass gives the rows (:meth:`items`) and names the field of ``COUNTED`` a row stands
    for (``ITEM``). When the kind is a participant's own (its ``OWNER``: dots, votes), the
    facilitator chooses who (a list above the rows, with the class ``WHO``); on a trainee's
    workshop there is no list, the panel is the trainee's own. ``WORDS`` is the prefix of the
    words saying to choose someone first (``<WORDS>.choose``).
    """

    COUNTED: ClassVar[type[Record]]
    ITEM: ClassVar[str] = ""
    WORDS: ClassVar[str] = "common.form"
    WHO: ClassVar[str] = "planning-who"

    def __init__(
        self,
        ws: Workshop,
        participant: str = "",
        *,
        head: Iterable[w.Widget] = (),
        foot: Iterable[w.Widget] = (),
    ) -> None:
        self._ws = ws
        self._lang = ws.lang
        owner = type(self).COUNTED.OWNER
        participant = participant or (ws.by if ws.is_trainee and owner else "")
        self._who = participant
        self._voter = Who(ws, type(self).COUNTED.KIND, participant, self.WHO) if owner else None
        if self._voter is not None:
            self._voter.on_change(self._chose)
            head = [*self._voter.head, *head]
        self._status = Status()
        self._rows = w.VBox()
        self._rows.add_class("planning-tally")
        self._shape: tuple[tuple[str, str], ...] = ()
        self._signs: tuple[str, str] = ("", "")
        self._counts: dict[str, w.HTML] = {}
        self._summary = w.HTML()
        self.refresh()
        pictures = w.HTML(f"<style>{vote_css()}</style>", layout=w.Layout(height="0px"))
        super().__init__(ws, [pictures, *head, self._summary, self._rows, self._status, *foot])

    # --- what a subclass says ----------------------------------------------------------------

    def items(self) -> list[tuple[str, str]]:
        """Give the rows: (id, name) of what is counted."""
        raise NotImplementedError

    @property
    def who(self) -> str:
        """The id of the participant whose counts these are ("" while nobody is chosen, and
        for a count nobody owns)."""
        return self._voter.id if self._voter is not None else ""

    def choose(self, participant: str) -> None:
        """Choose whose counts to show and step, by name or id (the facilitator's panel)."""
        if self._voter is not None:
            self._voter.choose(participant)

    def counts(self) -> dict[str, int]:
        """Give the count of each row now (a missing row counts 0): the participant's own, for
        a kind a participant owns."""
        cls, who = type(self).COUNTED, self.who
        found = (r for r in self._ws.snapshot(cls) if not cls.OWNER or getattr(r, cls.OWNER) == who)
        return {getattr(r, self.ITEM): getattr(r, cls.COUNT) for r in found}

    def key(self, item: str) -> dict[str, Any]:
        """Give the fields naming the record in which a row's count is kept."""
        owner = type(self).COUNTED.OWNER
        return {self.ITEM: item, **({owner: self.who} if owner else {})}

    def count_html(self, item: str, count: int) -> str:
        """Give how a row's count is drawn."""
        return f'<b class="planning-count" aria-live="polite">{count}</b>'

    def summary_html(self) -> str:
        """Give the line above the rows (what is left to give...)."""
        return ""

    def done_words(self, item: str, delta: int, count: int | None) -> str:
        """Give the status line after a step (``count`` None: nothing changed)."""
        return ""

    def signs(self) -> tuple[str, str]:
        """Give the words of a row's two buttons: lower and raise."""
        return ("−", "+")

    def picture(self, item: str) -> tuple[str, str]:
        """Give the (choice group, code) whose pictogram a row shows beside its title (a
        need's category...), or ("", "") for none."""
        return ("", "")

    def ready(self) -> bool:
        """Whether a step can be taken now (a participant chosen, a question...); when not,
        say why in the status line."""
        if self._voter is not None and not self.who:
            self._status.info(words(self.WORDS, "choose", self._lang))
            return False
        return True

    # --- what a person does ------------------------------------------------------------------

    def step(self, item: str, delta: int) -> None:
        """Raise (+1) or lower (-1) a row's count."""
        if not self.ready():
            return
        self.attempt(
            self._ws.step,
            type(self).COUNTED,
            delta,
            done=lambda count: self.done_words(item, delta, count),
            **self.key(item),
        )

    def refresh(self, kinds: frozenset[str] = frozenset()) -> None:
        if self._voter is not None and "participants" in kinds:
            self._voter.refresh()
        items, signs = tuple(self.items()), self.signs()
        if (items, signs) != (self._shape, self._signs):
            self._shape, self._signs = items, signs
            self._build(items)
        counts = self.counts()
        for item, box in self._counts.items():
            box.value = self.count_html(item, counts.get(item, 0))
        self._summary.value = self.summary_html()

    def shows(self) -> frozenset[str]:
        refs = {s.ref for s in type(self).COUNTED.specs().values() if s.type == "ref"}
        return super().shows() | {type(self).COUNTED.KIND} | refs

    def _chose(self) -> None:
        self._status.value = ""
        self.refresh()

    def _build(self, items: tuple[tuple[str, str], ...]) -> None:
        rows = []
        self._counts = {}
        for item, name in items:
            minus = button(self._signs[0], "", tooltip=f"{alt('vote.minus', self._lang)}: {name}")
            plus = button(
                self._signs[1], "success", tooltip=f"{alt('vote.plus', self._lang)}: {name}"
            )
            minus.add_class("planning-tally-minus")
            plus.add_class("planning-tally-plus")
            minus.on_click(lambda _, i=item: self.step(i, -1))
            plus.on_click(lambda _, i=item: self.step(i, +1))
            count = w.HTML()
            self._counts[item] = count
            group, code = self.picture(item)
            picture = pictogram(group, code, self._lang) if group else ""
            title = w.HTML(
                f"{picture}{speak_button(name, self._lang)}"
                f'<span class="planning-text">{esc(name)}</span>',
                layout=w.Layout(min_width="8em", flex="1 1 10em"),
            )
            line = w.HBox([minus, count, plus, title])
            line.add_class("planning-row")
            rows.append(line)
        self._rows.children = rows
