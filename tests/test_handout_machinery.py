"""Does the handout machinery give safe, offline, printable HTML from the handout notebooks?

The fixture notebooks in tests/fixtures/handout carry script payloads in table cells, headers,
captions, alt texts, markdown and raw HTML output, a matplotlib figure, a DataFrame, an ipywidget
and JavaScript output; they print PLANNING_WORKSHOP to prove the kernel got it. The HTML pieces
themselves (planning.render) are tested in test_render.py.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from offline_browser import needs_browser, offline_browser

from planning.errors import Msg, PlanningError, ValidationError
from planning.handout import (
    COMBINED_NAME,
    HandoutError,
    UnsafeHandoutError,
    build_handouts,
    handout_dir,
    handout_notebooks,
)
from planning.handout.sanitise import check_offline, sanitise
from planning.paths import templates_dir
from planning.render import stylesheet

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "handout"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
NOTEBOOKS = sorted(FIXTURES.glob("*.ipynb"))
WORKSHOP = "desa-uji <b>&amp;.sqlite"
GENERATED = "2026-11-28 10:00"
PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
]
MAX_BYTES = 1_500_000


def _build(out: Path, language: str, **kw) -> tuple[list[Path], float]:
    start = time.perf_counter()
    paths = build_handouts(
        WORKSHOP, out, language=language, notebooks=NOTEBOOKS, progress=False, **kw
    )
    return paths, time.perf_counter() - start


@pytest.fixture(scope="module")
def built_id(tmp_path_factory) -> list[Path]:
    paths, seconds = _build(tmp_path_factory.mktemp("id"), "id", generated=GENERATED)
    print(f"\nbuild of {len(NOTEBOOKS)} fixture notebooks (id, one kernel): {seconds:.1f} s")
    return paths


@pytest.fixture(scope="module")
def built_en(tmp_path_factory) -> list[Path]:
    paths, seconds = _build(tmp_path_factory.mktemp("en"), "en")
    print(f"\nbuild of {len(NOTEBOOKS)} fixture notebooks (en, one kernel): {seconds:.1f} s")
    return paths


def _combined(paths: list[Path]) -> str:
    assert paths[-1].name == COMBINED_NAME == "handout.html"
    return paths[-1].read_text(encoding="utf-8")


class _Page(HTMLParser):
    """What a browser would build from the file: tags, attributes and text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag in ("style", "title"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("style", "title"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)

    def names(self) -> list[str]:
        return [t for t, _ in self.tags]


def _parse(document: str) -> _Page:
    page = _Page()
    page.feed(document)
    page.close()
    return page


# --- importing -------------------------------------------------------------------------------


def test_importing_handout_stays_cheap():
    """Does importing planning.handout and planning.render leave nbformat & co. unimported?"""
    code = (
        "import sys, planning.handout, planning.render; "
        "print(sorted(m for m in ('nbformat', 'nbclient', 'nbconvert', 'nh3', 'matplotlib', "
        "'jupyter_client') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


# --- sanitising --------------------------------------------------------------------------------


def test_sanitise_keeps_tables_and_drops_what_is_unsafe():
    """Does sanitise keep a real table and drop scripts, handlers and outside URLs?"""
    doc = (
        '<!DOCTYPE html><html lang="id"><head><title>t</title><style>p{}</style></head>'
        '<body class="x"><table><thead><tr><th>h</th></tr></thead><tbody><tr><td>1</td></tr>'
        "</tbody></table><script>alert(1)</script>"
        '<img src="https://example.org/a.png" onerror="alert(1)">'
        '<img src="data:image/png;base64,AAAA">'
        '<a href="https://example.org" onclick="x()">out</a><a href="#top">in</a>'
        "<p>see https://example.org</p><iframe src=x></iframe></body></html>"
    )
    out = sanitise(doc)
    page = _parse(out)
    assert [t for t in page.names() if t in ("table", "thead", "tbody", "tr", "th", "td")] == [
        "table", "thead", "tr", "th", "tbody", "tr", "td",
    ]  # fmt: skip
    assert "script" not in page.names() and "iframe" not in page.names()
    assert [a["src"] for t, a in page.tags if t == "img"] == ["data:image/png;base64,AAAA"]
    assert [a.get("href") for t, a in page.tags if t == "a"] == [None, "#top"]
    assert "see https://example.org" in "".join(page.text)  # readable, but not a link
    assert "https://" not in out and "onerror" not in out and "onclick" not in out


@pytest.mark.parametrize(
    "bad",
    [
        "<script>x</script>",
        '<img src="https://example.org/x.png">',
        '<p onclick="x()">a</p>',
        "<style>@import 'x.css';</style>",
        '<link rel="stylesheet" href="/x.css">',
    ],
)
def test_check_offline_refuses_unsafe_documents(bad):
    """Does the final check raise on a script, a handler, an outside URL or a CSS import?"""
    with pytest.raises(UnsafeHandoutError) as caught:
        check_offline(f'<html lang="en"><body>{bad}</body></html>')
    assert isinstance(caught.value, PlanningError) and isinstance(caught.value, ValueError)
    assert caught.value.key == "error.handout_unsafe" and caught.value.fields["problems"]


def test_sanitise_keeps_only_a_bar_width_as_inline_style():
    """Does sanitise keep a bar's width and drop every other inline style?"""
    doc = (
        "<html><head><title>t</title></head><body>"
        '<div class="planning-bar" style="width:42.5%"></div>'
        '<div style="width:420%">a</div><span style="width:5%">b</span>'
        '<div style="background:url(x.png)">c</div><p style="color:red">d</p></body></html>'
    )
    out = sanitise(doc)
    styles = [a["style"] for _, a in _parse(out).tags if "style" in a]
    assert styles == ["width:42.5%"]
    with pytest.raises(UnsafeHandoutError):
        check_offline('<html><body><p style="width:5%">x</p></body></html>')
    with pytest.raises(UnsafeHandoutError):
        check_offline('<html><body><div style="width:5%;background:red">x</div></body></html>')


def test_sanitise_refuses_a_document_without_body():
    """Is a template that gave no <body> an UnsafeHandoutError with its own key?"""
    with pytest.raises(UnsafeHandoutError) as caught:
        sanitise("<html><head></head></html>")
    assert caught.value.key == "error.handout_no_body"


def test_handout_dir_finds_the_handout_template():
    """Is the handout template found beside the package (or in planning/_templates)?"""
    assert (handout_dir() / "index.html.j2").is_file()
    assert handout_dir() == templates_dir() / "handout"
    assert handout_notebooks(FIXTURES) == NOTEBOOKS
    assert handout_notebooks()[0].name.startswith("01_")


def test_unknown_language_is_refused(tmp_path):
    """Is a language other than id or en refused before any kernel starts?"""
    with pytest.raises(ValidationError, match="Allowed: id, en") as caught:
        build_handouts("w", tmp_path, language="fr", notebooks=NOTEBOOKS)
    assert caught.value.field == Msg("field.language") and caught.value.value == "fr"
    assert isinstance(caught.value, ValueError)


def test_missing_or_clashing_notebooks_are_refused(tmp_path):
    """Are a missing notebook and a notebook called 'handout' refused with their own keys?"""
    with pytest.raises(HandoutError) as caught:
        build_handouts("w", tmp_path, language="en", notebooks=[tmp_path / "01_gone.ipynb"])
    assert caught.value.key == "error.handout_not_found"
    assert caught.value.fields["files"] == [str(tmp_path / "01_gone.ipynb")]
    clash = tmp_path / "handout.ipynb"
    clash.write_text("{}")
    with pytest.raises(HandoutError) as caught:
        build_handouts("w", tmp_path, language="en", notebooks=[clash])
    assert caught.value.key == "error.handout_names" and caught.value.fields["names"] == ["handout"]


def test_preprocessors_combine_and_note_widgets():
    """Does the combine step join the parts, mark each later part, and the widget step add ids?"""
    import nbformat

    from planning.handout.preprocessors import (
        WIDGET_VIEW,
        CombinePreprocessor,
        ScrubPreprocessor,
        WidgetNotePreprocessor,
    )

    def part(i: int):
        view = nbformat.v4.new_output("display_data", data={WIDGET_VIEW: {"model_id": "x"}})
        nb = nbformat.v4.new_notebook(
            cells=[nbformat.v4.new_markdown_cell(f"part {i}"), nbformat.v4.new_code_cell("w")]
        )
        nb.cells[1].outputs = [view]
        nb, _ = ScrubPreprocessor()(nb, {"handout_section": i})
        return nb

    parts = [part(0), part(1)]
    combined, _ = CombinePreprocessor(parts=parts)(parts[0], {})
    assert [c.id for c in combined.cells] == ["s0-c0", "s0-c1", "s1-c0", "s1-c1"]
    assert combined.cells[2].metadata["tags"] == ["handout-section"]
    assert "tags" not in parts[1].cells[0].metadata  # the parts are left as they were
    noted, _ = WidgetNotePreprocessor()(combined, {})
    state = noted.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    assert sorted(state) == ["s0-w0", "s1-w0"]


# --- building ----------------------------------------------------------------------------------


def test_build_writes_one_file_per_notebook_and_the_combined_handout(built_id):
    """Does a build write NN_name.html for each notebook and handout.html, each < 1.5 MB?"""
    assert [p.name for p in built_id] == [f"{nb.stem}.html" for nb in NOTEBOOKS] + ["handout.html"]
    for path in built_id:
        size = path.stat().st_size
        print(f"{path.name}: {size / 1024:.1f} KB")
        assert 0 < size < MAX_BYTES


@pytest.mark.parametrize("index", [0, 1, 2])
def test_output_is_offline_and_script_free(built_id, built_en, index):
    """Has every file no script tag, no event handler and no http(s) URL?"""
    for paths in (built_id, built_en):
        doc = paths[index].read_text(encoding="utf-8")
        lowered = doc.lower()
        assert "<script" not in lowered
        assert "http://" not in lowered and "https://" not in lowered
        page = _parse(doc)
        assert "script" not in page.names()
        for tag, attrs in page.tags:
            assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
            if "src" in attrs:
                assert attrs["src"].startswith("data:image/"), (tag, attrs["src"][:40])
            if "href" in attrs:
                assert attrs["href"].startswith("#"), (tag, attrs)


def test_language_sets_lang_and_words(built_id, built_en):
    """Is <html lang> set from the language, and the widget note and footer translated?"""
    doc_id, doc_en = _combined(built_id), _combined(built_en)
    assert re.search(r'<html lang="id">', doc_id) and re.search(r'<html lang="en">', doc_en)
    assert "Bagian interaktif ini" in doc_id and "Dibuat:" in doc_id
    assert "This interactive part" in doc_en and "Generated:" in doc_en
    assert "<title>Handout lokakarya — desa-uji &lt;b&gt;&amp;amp;</title>" in doc_id


def test_handout_has_the_shared_stylesheet_once(built_id):
    """Does every file carry the panels' stylesheet, once, after the handout's own CSS?"""
    css = stylesheet()
    for path in built_id:
        doc = path.read_text(encoding="utf-8")
        assert doc.count(css) == 1, path.name
        assert doc.index("body.handout {") < doc.index(css) < doc.index("</head>")


def test_payloads_are_shown_as_text(built_id):
    """Does each payload appear as text (escaped), never as a tag?"""
    doc = _combined(built_id)
    text = "".join(_parse(doc).text)
    for payload in PAYLOADS:
        assert payload in text
    for tag in ("svg", "script", "iframe"):
        assert f"<{tag}" not in doc.lower()
    imgs = [a for t, a in _parse(doc).tags if t == "img"]
    assert len(imgs) == 1 and imgs[0]["alt"] == "<script>alert(1)</script> votes chart"


def test_tables_are_real_tables(built_id):
    """Do tables (render.table, a DataFrame) keep real table/thead/td elements, not literal text?"""
    doc = _combined(built_id)
    page = _parse(doc)
    tables = [a for t, a in page.tags if t == "table"]
    assert [a.get("class") for a in tables] == ["planning-table", "dataframe", "planning-table"]
    names = page.names()
    assert names.count("thead") == 3 and names.count("tbody") == 3 and names.count("td") >= 10
    text = "".join(page.text)
    assert "<thead>" not in text and "<td" not in text and "<table" not in text
    assert [a.get("class") for t, a in page.tags if t == "td"][:3] == [None, None, "num"]
    assert "caption" in names


def test_outputs_inputs_widgets_and_env(built_id):
    """Are code inputs and prompts hidden, the widget replaced by a note, the env passed?"""
    doc = _combined(built_id)
    text = "".join(_parse(doc).text)
    workshop = os.path.abspath(WORKSHOP)  # the kernel runs in a temporary folder
    assert f"workshop: {workshop}" in text and "language: id" in text
    assert f"second notebook for {workshop}" in text
    assert "leftover from the first: False" in text  # the shared kernel was reset between them
    assert "import os" not in text and "In [" not in text and "Out[" not in text
    assert "IntSlider" not in text and doc.count('class="handout-widget-note') == 1
    assert "alert('js')" not in text and "raw html" in text
    assert "The <end> of the first notebook & more" in text
    assert '<span class="handout-generated">2026-11-28 10:00</span>' in doc


def test_combined_handout_contains_both_notebooks(built_id):
    """Does handout.html hold every notebook's content, in order, each part marked?"""
    combined = "".join(_parse(_combined(built_id)).text)
    first = "".join(_parse(built_id[0].read_text(encoding="utf-8")).text)
    second = "".join(_parse(built_id[1].read_text(encoding="utf-8")).text)
    assert "Fixture handout" in first and "Second part" not in first
    assert "Second part" in second and "Fixture handout" not in second
    assert combined.index("Fixture handout") < combined.index("Second part")
    assert "celltag_handout-section" in _combined(built_id)


def test_build_is_deterministic_apart_from_the_timestamp(built_id, tmp_path):
    """Does a second build (one kernel per notebook this time) give the same bytes?"""
    again, seconds = _build(tmp_path, "id", generated="2027-01-01 00:00", fresh_kernels=True)
    print(f"\nbuild with one kernel per notebook: {seconds:.1f} s")
    stamp = re.compile(r'<span class="handout-generated">[^<]*</span>')
    for first, second in zip(built_id, again, strict=True):
        a, b = first.read_text(encoding="utf-8"), second.read_text(encoding="utf-8")
        assert a != b
        assert stamp.sub("", a) == stamp.sub("", b), first.name


def test_failing_notebook_names_itself(tmp_path):
    """Does a failing handout notebook stop the build with its name and the cell's error?"""
    import nbformat

    bad = tmp_path / "03_broken.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1/0")])
    nbformat.write(nb, bad)
    with pytest.raises(HandoutError, match=r"(?s)03_broken.ipynb.*ZeroDivisionError") as caught:
        build_handouts("w", tmp_path / "out", language="en", notebooks=[bad], progress=False)
    err = caught.value
    assert isinstance(err, PlanningError) and isinstance(err, RuntimeError)
    assert err.key == "error.handout_failed" and err.fields["notebook"] == "03_broken.ipynb"
    assert err.fields["error"] == "ZeroDivisionError: division by zero"
    assert "1/0" in err.fields["details"] and "\x1b[" not in err.fields["details"]
    assert "ZeroDivisionError: division by zero" in err.message("id")
    assert "03_broken.ipynb" in err.message("id") and err.message("id") != err.message("en")


# --- in a browser ------------------------------------------------------------------------------


@pytest.mark.browser
@needs_browser
def test_handout_in_chromium_is_offline_printable_and_readable(built_id):
    """Does Chromium open the handout with no request out, no dialog, and print it on A4?"""
    ARTIFACTS.mkdir(exist_ok=True)
    path = built_id[-1]
    with offline_browser() as chromium:
        page = chromium.page(820, 1100)
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_timeout(300)
        facts = page.evaluate(
            """() => ({
                lang: document.documentElement.lang,
                tables: document.querySelectorAll('table thead th').length,
                images: [...document.images].map(i => [i.naturalWidth, i.complete]),
                font: parseFloat(getComputedStyle(document.body).fontSize),
                scripts: document.scripts.length,
            })"""
        )
        page.screenshot(path=str(ARTIFACTS / "handout_fixture.png"), full_page=True)
        phone = chromium.page(360, 740, device_scale_factor=2)
        phone.goto(path.as_uri(), wait_until="load")
        phone_font = phone.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        overflow = phone.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        phone.screenshot(path=str(ARTIFACTS / "handout_fixture_phone.png"), full_page=True)
        page.emulate_media(media="print")
        print_font = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        pdf_path = ARTIFACTS / "handout_fixture.pdf"
        page.pdf(path=str(pdf_path), format="A4", print_background=True)

    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf_path.read_bytes()))
    print(f"\nPDF: {pages} A4 page(s), {pdf_path.stat().st_size / 1024:.0f} KB; facts {facts}")
    assert chromium.blocked == [] and chromium.dialogs == []
    assert facts["lang"] == "id" and facts["scripts"] == 0
    assert facts["tables"] >= 8
    assert facts["images"] and all(w > 0 and done for w, done in facts["images"])
    assert facts["font"] >= 16 and phone_font >= 16
    assert print_font >= 11 * 96 / 72 - 0.01  # 11pt
    assert overflow <= 0, "the page is wider than a phone screen"
    assert 1 <= pages <= 4
