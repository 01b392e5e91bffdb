"""Do the HTML pieces escape every text, and do panels and handouts share one safe stylesheet?

Needs only the standard library and, for figures and charts, matplotlib: no workshop, no kernel.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from planning import render
from planning.render import charts
from planning.render.html import bars, table

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
]
METHOD_COLOURS = {
    "dots": "#d95f02",
    "matrix": "#1b9e77",
    "pairwise": "#7570b3",
    "borda": "#e7298a",
    "copeland": "#66a61e",
    "plurality": "#a6761d",
}


class _Page(HTMLParser):
    """What a browser would build from a piece: tags with attributes, rows, and the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.rows: list[tuple[str, list[tuple[str, dict[str, str], str]]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        self.tags.append((tag, attrs))
        if tag == "tr":
            self.rows.append((attrs.get("class", ""), []))
        elif tag in ("td", "th"):
            self.rows[-1][1].append((tag, attrs, ""))
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            kind, attrs, _ = self.rows[-1][1][-1]
            self.rows[-1][1][-1] = (kind, attrs, "".join(self._cell))
            self._cell = None

    def handle_data(self, data):
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)

    def names(self) -> list[str]:
        return [t for t, _ in self.tags]


def _parse(piece: str) -> _Page:
    page = _Page()
    page.feed(piece)
    page.close()
    return page


def _assert_inert(piece: str, payload: str) -> None:
    """The payload shows as text and adds no tag, no handler."""
    page = _parse(piece)
    assert "<script" not in piece and "<img" not in piece and "<svg" not in piece
    assert not [a for _, attrs in page.tags for a in attrs if a.startswith("on")]
    assert payload in "".join(page.text)


# --- escaping ------------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_text_argument_is_escaped(payload):
    """Does every helper show a payload as text, whichever argument it came in?"""
    pieces = {
        "table headers": table([payload, "b"], [["x", 1]]),
        "table cell": table(["a"], [[payload]]),
        "table caption": table(["a"], [], caption=payload),
        "group title": table(["a"], [], groups=[(payload, [], None)]),
        "group row": table(["a"], [], groups=[("g", [[payload]], None)]),
        "subtotal": table(["a"], [], groups=[("g", [], [payload])]),
        "total": table(["a"], [["x"]], total=[payload]),
        "header group": table(["a", "b"], [], header_groups=[(payload, 2)]),
        "header spanning both rows": table([payload, "b"], [], header_groups=[("", 1), ("c", 1)]),
        "bar label": bars([(payload, 1, "1")]),
        "bar value": bars([("a", 1, payload)]),
        "bars caption": bars([("a", 1, "1")], caption=payload),
        "heading": render.heading(payload, 1),
        "paragraph": render.paragraph(payload),
        "items": render.items([payload]),
        "note": render.note(payload),
        "card title": render.card(payload, render.paragraph("ok")),
        "esc": render.esc(payload),
    }
    for where, piece in pieces.items():
        try:
            _assert_inert(piece, payload)
        except AssertionError as err:
            raise AssertionError(f"{where}: {piece}") from err


@pytest.mark.parametrize("payload", PAYLOADS)
def test_figure_escapes_alt_and_caption(payload):
    """Are a figure's alt text and caption escaped, and the image an inline PNG?"""
    plt = charts._pyplot()
    fig, _ = plt.subplots(figsize=(2, 1))
    piece = render.figure(fig, alt=payload, caption=payload)
    page = _parse(piece)
    assert page.names() == ["figure", "img", "figcaption"]
    [img] = [a for t, a in page.tags if t == "img"]
    assert set(img) == {"src", "alt"}
    assert img["alt"] == payload and img["src"].startswith("data:image/png;base64,")
    assert "<script" not in piece and "<svg" not in piece and piece.count("<img") == 1
    assert payload in "".join(page.text)  # the caption


@pytest.mark.parametrize("payload", [*PAYLOADS, "planning-c-dots x", ""])
def test_a_colour_class_must_be_one_class_name(payload):
    """Is a colour class that is not a plain class name refused instead of written out?"""
    if payload == "":
        assert 'class="planning-bars"' in bars([("a", 1, "1")], colour_class="")
        return
    with pytest.raises(ValueError, match="not a CSS class name"):
        bars([("a", 1, "1")], colour_class=payload)


# --- bars ----------------------------------------------------------------------------------------


def test_bars_widths_against_the_largest_value():
    """Is each bar's width its value against the largest, as the only inline style?"""
    piece = bars(
        [("Air", 8, "8"), ("Jalan", 2, "2"), ("Nol", 0, "0"), ("Minus", -3, "-3"),
         ("NaN", float("nan"), "?"), ("Sepertiga", 8 / 3, "2,7")],
        colour_class="planning-c-dots",
        caption="Voting titik",
    )  # fmt: skip
    page = _parse(piece)
    widths = [a["style"] for t, a in page.tags if a.get("class") == "planning-bar"]
    assert widths == [
        "width:100.0%", "width:25.0%", "width:0.0%", "width:0.0%", "width:0.0%", "width:33.3%",
    ]  # fmt: skip
    styled = [(t, a["class"]) for t, a in page.tags if "style" in a]
    assert {c for _, c in styled} == {"planning-bar"} and {t for t, _ in styled} == {"div"}
    assert page.tags[0] == ("div", {"class": "planning-bars planning-c-dots"})
    values = [c for t, a in page.tags if (c := a.get("class", "")).startswith("planning-bar-")]
    assert values.count("planning-bar-label") == 6 and values.count("planning-bar-value") == 6
    assert "#" not in piece  # a colour is a class, never a hex value


def test_bars_with_no_rows_or_all_zero():
    """Do empty bars and bars of zeros give no width above 0 and no error?"""
    assert "planning-bar-row" not in bars([])
    assert "width:0.0%" in bars([("a", 0, "0")])


# --- tables --------------------------------------------------------------------------------------


def test_table_marks_numeric_columns_and_checks_widths():
    """Are numeric columns right-aligned, short rows padded and long rows refused?"""
    out = table(["a", "b"], [[1], [2, 3]], numeric=[-1])
    assert out.count('class="num"') == 3
    assert '<td class="num"></td>' in out
    with pytest.raises(ValueError, match="row 1 has 3 cells"):
        table(["a", "b"], [[1, 2, 3]])
    with pytest.raises(ValueError, match="numeric column 5"):
        table(["a"], [], numeric=[5])


def test_a_table_scrolls_in_its_own_box():
    """Is every table inside the planning-table-wrap box, which the stylesheet lets scroll?"""
    page = _parse(table(["a"], [["x"]]))
    assert page.tags[:2] == [
        ("div", {"class": "planning-table-wrap", "tabindex": "0"}),
        ("table", {"class": "planning-table"}),
    ]
    assert re.search(r"\.planning-table-wrap\s*\{[^}]*overflow-x:\s*auto", render.stylesheet())


def test_grouped_table_with_subtotals_total_and_two_level_headers():
    """Does an RKP-Desa-like table give group rows, subtotals, a total and a two-level head?"""
    headers = ["No", "Kegiatan", "Lokasi", "Jumlah (Rp)", "Sumber"]
    piece = table(
        headers,
        [],
        caption="RKP Desa",
        numeric=[3],
        header_groups=[("", 1), ("Kegiatan", 1), ("", 1),
                       ("Perkiraan Biaya dan Sumber Pembiayaan", 2)],
        groups=[
            ("Bidang Pembangunan", [[1, "Sumur bor", "Dusun I", "15.000.000", "DD"],
                                    [2, "Jalan", "Dusun II", "40.000.000", "DD"]],
             ["", "Jumlah", "", "55.000.000", ""]),
            ("Bidang Pemberdayaan", [[3, "Pelatihan kader", "Balai desa", "5.000.000", "ADD"]],
             None),
        ],
        total=["", "Jumlah total", "", "60.000.000", ""],
    )  # fmt: skip
    page = _parse(piece)
    names = page.names()
    assert names.count("thead") == 1 and names.count("tbody") == 2 and names.count("tfoot") == 1
    assert names.index("caption") < names.index("thead") < names.index("tbody")
    assert names.index("tfoot") > max(i for i, n in enumerate(names) if n == "tbody")
    (_, top), (_, bottom), *body = page.rows
    assert [(a.get("rowspan"), a.get("colspan"), a["scope"], text) for _, a, text in top] == [
        ("2", None, "col", "No"),
        ("2", None, "col", "Kegiatan"),
        ("2", None, "col", "Lokasi"),
        (None, "2", "colgroup", "Perkiraan Biaya dan Sumber Pembiayaan"),
    ]
    assert [(a.get("class"), text) for _, a, text in bottom] == [
        ("num", "Jumlah (Rp)"),
        (None, "Sumber"),
    ]
    kinds = [cls for cls, _ in body]
    assert kinds == [
        "planning-group", "", "", "planning-subtotal", "planning-group", "", "planning-total",
    ]  # fmt: skip
    group = body[0][1]
    assert [(k, a["colspan"], a["scope"], text) for k, a, text in group] == [
        ("th", "5", "rowgroup", "Bidang Pembangunan")
    ]
    subtotal = body[3][1]
    assert [text for _, _, text in subtotal] == ["", "Jumlah", "", "55.000.000", ""]
    assert subtotal[3][1] == {"class": "num"}
    assert [text for _, _, text in body[-1][1]][3] == "60.000.000"


def test_ungrouped_rows_come_before_the_groups():
    """Are plain rows shown first, in their own tbody, then each group?"""
    page = _parse(table(["a"], [["first"]], groups=[("g", [["second"]], None)]))
    texts = [cells[0][2] for _, cells in page.rows]
    assert texts == ["a", "first", "g", "second"]
    assert page.names().count("tbody") == 2


def test_grouped_table_checks_every_width():
    """Are a subtotal, a total or header groups that do not fit the columns refused?"""
    with pytest.raises(ValueError, match="subtotal of 'g' has 3 cells"):
        table(["a", "b"], [], groups=[("g", [], [1, 2, 3])])
    with pytest.raises(ValueError, match="row 2 has 3 cells"):
        table(["a", "b"], [[1]], groups=[("g", [[1, 2, 3]], None)])
    with pytest.raises(ValueError, match="total has 3 cells"):
        table(["a", "b"], [], total=[1, 2, 3])
    with pytest.raises(ValueError, match="header groups cover 3 columns"):
        table(["a", "b"], [], header_groups=[("x", 3)])
    with pytest.raises(ValueError, match="header groups cover 2 columns"):
        table(["a", "b"], [], header_groups=[("x", 0), ("y", 2)])


# --- other pieces --------------------------------------------------------------------------------


def test_figure_is_inline_png_and_stable():
    """Does the same figure give the same bytes, with the alt text escaped and the figure closed?"""
    plt = charts._pyplot()

    def make():
        fig, ax = plt.subplots(figsize=(3, 2))
        ax.plot([1, 2, 3], [3, 1, 2])
        return fig

    open_before = plt.get_fignums()
    first = render.figure(make(), alt=PAYLOADS[0], caption=PAYLOADS[2])
    second = render.figure(make(), alt=PAYLOADS[0], caption=PAYLOADS[2])
    assert first == second
    assert first.startswith('<figure class="planning-figure"><img src="data:image/png;base64,')
    assert "<script" not in first and "<svg" not in first
    assert plt.get_fignums() == open_before


def test_html_wrapper_shows_html_and_a_stable_repr():
    """Does Html display as HTML in a notebook and repr without a memory address?"""
    piece = render.Html(render.heading("A"), render.paragraph("b"))
    assert piece._repr_html_() == "<h2>A</h2><p>b</p>"
    assert repr(piece) == "Html(18 characters)"


# --- the stylesheet ------------------------------------------------------------------------------


def _rules(css: str) -> list[tuple[str, str]]:
    """Give (selector, declarations) of every rule, inside @media blocks too."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    return [
        (sel.strip(), body)
        for sel, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css)
        if not sel.strip().startswith("@")
    ]


def test_stylesheet_loads_nothing():
    """Has the stylesheet no url(), no @import, no outside address and no '<'?"""
    css = render.stylesheet()
    lowered = css.lower()
    for bad in ("url(", "@import", "http:", "https:", "<", "expression(", "javascript:"):
        assert bad not in lowered, bad


def test_stylesheet_restyles_only_planning_classes():
    """Does every selector start from a planning- class, so JupyterLab itself is untouched?"""
    rules = _rules(render.stylesheet())
    assert len(rules) > 30
    for selector, _ in rules:
        for part in selector.split(","):
            assert ".planning-" in part, part


def test_stylesheet_has_every_class_the_pieces_use():
    """Are the classes of the pieces, the guide, the status line and the banner all styled?"""
    selectors = " ".join(sel for sel, _ in _rules(render.stylesheet()))
    for cls in [
        "planning-table-wrap", "planning-table", "num", "planning-group", "planning-subtotal",
        "planning-total", "planning-bars", "planning-bars-caption", "planning-bar-row",
        "planning-bar-label", "planning-bar-track", "planning-bar", "planning-bar-value",
        "planning-card", "planning-note", "planning-figure", "planning-items", "planning-guide",
        "planning-guide-title", "planning-guide-time", "planning-status", "planning-status-ok",
        "planning-status-error", "planning-status-info", "planning-demo-banner", "planning-panel",
    ]:  # fmt: skip
        assert re.search(rf"\.{cls}(?![\w-])", selectors), cls


def test_method_colour_classes():
    """Does each method's colour class give the chart colour of that method?"""
    css = render.stylesheet()
    found = dict(
        re.findall(r"\.planning-c-([\w-]+)\s*\{\s*--planning-colour:\s*(#[0-9a-f]{6})", css)
    )
    for method, colour in METHOD_COLOURS.items():
        assert found[method] == colour, method
    assert len(found) > len(METHOD_COLOURS)  # and some neutral ones


def test_guide_status_and_banner_look():
    """Are the guide box, the status line's kinds and the demo banner styled as specified?"""
    rules = dict(_rules(render.stylesheet()))
    guide = rules[".planning-guide"]
    assert "border-left: 6px solid #1b9e77" in guide and "background: #f3faf7" in guide
    assert "font-size: 22px" in rules[".planning-guide-title"]
    assert "font-weight: 700" in rules[".planning-guide-title"]
    assert "color: #1b7837" in rules[".planning-status-ok"]
    error = rules[".planning-status-error"]
    assert "color: #b2182b" in error and "font-weight: 700" in error
    assert "color: #333333" in rules[".planning-status-info"]
    assert "background: #fff3b0" in rules[".planning-demo-banner"]


def test_stylesheet_passes_the_handout_offline_check():
    """Would a handout with the stylesheet in its head pass check_offline?"""
    from planning.handout import check_offline

    check_offline(
        f'<html lang="id"><head><style>{render.stylesheet()}</style></head>'
        f"<body>{bars([('a', 1, '1')], colour_class='planning-c-dots')}</body></html>"
    )


# --- charts --------------------------------------------------------------------------------------


def test_bar_chart_is_readable_at_the_handout_size():
    """Are the chart's tick labels at least 12 pt, at a size that shows unscaled in a handout?"""
    plt = charts._pyplot()
    labels = ["Air bersih untuk dusun yang paling jauh dari sumber air", "Jalan", "Sekolah $5"]
    fig = charts.bar_chart(labels, [12, 7, 1.5], title="Voting titik", lang="id", digits=1)
    try:
        ax = fig.axes[0]
        sizes = [t.get_fontsize() for t in ax.get_yticklabels() + ax.get_xticklabels()]
        assert sizes and min(sizes) >= 12
        assert min(t.get_fontsize() for t in ax.texts) >= 12
        assert ax.title.get_fontsize() >= 12
        # 96 px per inch: 7.2 in is 691 px, narrower than the handout's 48rem column.
        assert fig.get_figwidth() * 96 <= 768
        assert [round(b.get_width(), 1) for b in ax.patches] == [12, 7, 1.5]
        assert ax.get_yticklabels()[2].get_text() == r"Sekolah \$5"
    finally:
        plt.close(fig)
    assert charts.method_chart is charts.bar_chart
