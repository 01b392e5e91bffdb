"""The participants' handouts of real workshops, built from templates/handout/notebooks.

Covers the demo workshop in Bahasa Indonesia and English (through the ``planning demo`` and
``planning handout`` commands), what a handout must never show, byte-for-byte repeatability, a
workshop whose every text is a script payload (also opened in headless Chromium) and the A4
print. A handout build takes 10 to 20 s (a kernel starts), so each set is built once per
module and the command-line builds run in the background while other builds run in this
process; the tests are ordered so that they overlap.
"""

from __future__ import annotations

import csv
import html
import itertools
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from offline_browser import needs_browser, offline_browser

from planning import create_workshop, open_workshop
from planning.handout import build_handouts
from planning.handout.build import handout_notebooks
from planning.needs.assessment import METHODS

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
DEMO_DATA = ROOT / "templates" / "data" / "demo"
MAX_BYTES = 1_500_000
GENERATED = "2026-11-28 10:00"
# Every stage's file, in print order, then the combined one.
REQUIRED = (*(f"{p.stem}.html" for p in handout_notebooks()), "handout.html")
STAMP = re.compile(r'<span class="handout-generated">[^<]*</span>')
PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
]
# Labels of the per-person fields a handout never shows (both languages, any case).
SENSITIVE_LABELS = ("rumah tangga miskin", "poor household", "penerima pkh", "pkh beneficiar")
# Words of each language, per stage: cover, needs, charts and agreement, tree, next steps.
WORDS = {
    "id": ["Siapa yang hadir", "Kajian kebutuhan", "Prioritas", "Hasil setiap metode",
           "Di mana kelompok sepakat", "Pohon masalah", "Langkah berikutnya", "Dibuat:",
           "Kemitraan: peta pemangku kepentingan", "Jembatan di peta",
           "Rencana aksi 2026", "Kerangka logis", "Uangnya",
           "Rencana Kegiatan Desa (RKP Desa) tahun 2026: hasil musyawarah, belum APBDes"],
    "en": ["Who took part", "Needs assessment", "Priorities", "Results of each method",
           "Where the group agrees", "Problem tree", "Next steps", "Generated:",
           "Partnerships: the stakeholder map", "Bridges of the map",
           "Action plan 2026", "Logical framework", "The money",
           "Village activity plan (RKP Desa) 2026: agreed in the musyawarah, not yet"],
}  # fmt: skip
# The demo's contact persons (templates/data/demo/stakeholders.csv): never in a handout.
DEMO_CONTACTS = ("0812-0000-01", "Bidan Yanti", "Kang Asep", "Pak Hendra")
# Charts of the action plan: the timeline, the budget by source and by bidang.
PLAN_CHARTS = 3


# --- helpers -------------------------------------------------------------------------------------


class _Page(HTMLParser):
    """What a browser would build from the file: tags with attributes, text, the <title>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.title = ""
        self._skip: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag in ("style", "title"):
            self._skip.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        if self._skip and self._skip[-1] == tag:
            self._skip.pop()

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)
        elif self._skip[-1] == "title":
            self.title += data

    @property
    def all_text(self) -> str:
        return "".join(self.text)


def _parse(document: str) -> _Page:
    page = _Page()
    page.feed(document)
    page.close()
    return page


def _assert_offline_and_script_free(path: Path) -> _Page:
    """Check that a handout file has no script, handler, outside URL or link; give it parsed."""
    doc = path.read_text(encoding="utf-8")
    lowered = doc.lower()
    assert "<script" not in lowered, path.name
    assert "http://" not in lowered and "https://" not in lowered, path.name
    page = _parse(doc)
    for tag, attrs in page.tags:
        assert tag not in ("script", "svg", "iframe", "object", "embed", "link"), (path.name, tag)
        handlers = [a for a in attrs if a.startswith("on")]
        assert not handlers, (path.name, tag, handlers)
        if "src" in attrs:
            assert attrs["src"].startswith("data:image/"), (path.name, tag, attrs["src"][:40])
        if "href" in attrs:
            assert attrs["href"].startswith("#"), (path.name, tag, attrs["href"])
    return page


def _env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PLANNING_HOME"] = str(home)
    env.pop("PLANNING_WORKSHOP", None)
    env.pop("PLANNING_LANGUAGE", None)
    return env


def _planning(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "planning.cli", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip


@dataclass
class _Job:
    """A ``planning`` command running in the background; its output goes to two files."""

    args: list[str]
    env: dict[str, str]
    logs: Path
    proc: subprocess.Popen[bytes] | None = None
    result: subprocess.CompletedProcess[str] | None = None

    def start(self) -> _Job:
        self.logs.mkdir(parents=True, exist_ok=True)
        with open(self.logs / "stdout", "wb") as out, open(self.logs / "stderr", "wb") as err:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "planning.cli", *self.args],
                cwd=ROOT, env=self.env, stdout=out, stderr=err,
            )  # fmt: skip
        return self

    def wait(self) -> subprocess.CompletedProcess[str]:
        if self.result is None:
            assert self.proc is not None
            code = self.proc.wait(timeout=600)
            self.result = subprocess.CompletedProcess(
                self.args, code,
                (self.logs / "stdout").read_text(encoding="utf-8"),
                (self.logs / "stderr").read_text(encoding="utf-8"),
            )  # fmt: skip
        return self.result

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


@dataclass
class _Jobs:
    root: Path
    env: dict[str, str]
    demo: _Job
    en: _Job | None = None
    started: list[_Job] = field(default_factory=list)


@dataclass
class Built:
    """One built handout set: the folder, the paths the build gave, the command's output."""

    out: Path
    paths: list[Path]
    stdout: str = ""
    workshop: Path | None = None

    def doc(self, name: str = "handout.html") -> str:
        return (self.out / name).read_text(encoding="utf-8")


def _built_from(result: subprocess.CompletedProcess[str], out: Path, workshop: Path) -> Built:
    assert result.returncode == 0, f"{result.args} failed:\n{result.stderr[-3000:]}"
    paths = [Path(line) for line in result.stdout.splitlines() if line.endswith(".html")]
    return Built(out, paths, result.stdout, workshop)


# --- the builds, once per module -----------------------------------------------------------------


@pytest.fixture(scope="module")
def jobs(tmp_path_factory):
    """Start ``planning demo -o DIR`` in the background at once (it takes about 20 s)."""
    root = tmp_path_factory.mktemp("handouts")
    env = _env(root / "home")
    demo = _Job(["demo", "-o", str(root / "demo")], env, root / "logs-demo").start()
    state = _Jobs(root, env, demo, started=[demo])
    try:
        yield state
    finally:
        for job in state.started:
            job.stop()


@pytest.fixture(scope="module")
def demo_id(jobs) -> Built:
    """The demo's handouts as ``planning demo`` wrote them (the demo's language, id)."""
    workshop = jobs.root / "demo" / "demo-workshop.sqlite"
    built = _built_from(jobs.demo.wait(), jobs.root / "demo" / "handouts", workshop)
    # The English set is built from the same file by the other command, in the background,
    # while this process does the next build.
    jobs.en = _Job(
        ["handout", str(workshop), "-o", str(jobs.root / "en"), "--language", "en"],
        jobs.env, jobs.root / "logs-en",
    ).start()  # fmt: skip
    jobs.started.append(jobs.en)
    return built


@pytest.fixture(scope="module")
def demo_en(jobs, demo_id) -> Built:
    """The demo's handouts in English: ``planning handout DEMO -o DIR --language en``."""
    assert jobs.en is not None
    return _built_from(jobs.en.wait(), jobs.root / "en", demo_id.workshop)


@pytest.fixture(scope="module")
def demo_fixed(jobs, demo_id) -> Built:
    """The same demo workshop built again in this process, with a fixed time stamp."""
    ws = open_workshop(demo_id.workshop)
    try:
        title = ws.info().title  # what the command passes
    finally:
        ws.close()
    out = jobs.root / "fixed"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PLANNING_HOME", str(jobs.root / "home"))
        paths = build_handouts(
            str(demo_id.workshop), out, language="id", generated=GENERATED, title=title,
            progress=False,
        )  # fmt: skip
    return Built(out, paths, workshop=demo_id.workshop)


def _p(i: int, tag: str) -> str:
    """A payload made unique by its tag."""
    return f"{PAYLOADS[i % len(PAYLOADS)]} {tag}"


@dataclass
class Payload:
    built: Built
    shown: list[str]  # texts the handout shows
    hidden: list[str]  # texts it must never show
    title: str


@pytest.fixture(scope="module")
def payload(jobs) -> Payload:
    """A workshop whose every text field is a script payload, with every section filled."""
    root = jobs.root / "payload"
    root.mkdir()
    info = {
        "title": _p(0, "title"), "desa": _p(1, "desa"), "kecamatan": _p(2, "kecamatan"),
        "kabupaten": _p(0, "kabupaten"), "facilitator": _p(1, "facilitator"),
    }  # fmt: skip
    ws = create_workshop(root / "payload.sqlite", date="2026-11-20", language="en", **info)
    people = [_p(i, f"person-{i}") for i in range(3)]
    hidden_person = _p(1, "hidden-person")  # did not consent: never named
    needs = [_p(i, f"need-{i}") for i in range(3)]
    criteria = [_p(i, f"criterion-{i}") for i in range(2)]
    raters = [_p(i, f"rater-{i}") for i in range(3)]
    dusun = [_p(i + 1, f"dusun-{i}") for i in range(4)]
    need_dusun = [_p(i + 2, f"need-dusun-{i}") for i in range(3)]
    actors = [_p(i, f"actor-{i}") for i in range(3)]
    contacts = [_p(i, f"contact-{i}") for i in range(3)]  # personal: never shown
    questions = [_p(i + 1, f"question-{i}") for i in range(3)]
    link_type = _p(2, "link-type")
    plan_texts = {k: _p(i, f"plan-{k}") for i, k in enumerate(
        ("objective", "activity", "where", "unit", "indicator", "verification", "risk",
         "mitigation"))}  # fmt: skip
    tree = [  # (text, role, parent)
        (_p(0, "cause-0"), "cause", ""),
        (_p(1, "cause-1"), "cause", _p(0, "cause-0")),
        (_p(2, "effect-0"), "effect", ""),
        (_p(0, "effect-1"), "effect", _p(2, "effect-0")),
    ]
    try:
        for i, name in enumerate([*people, hidden_person]):
            ws.add("participants", name=name, gender=("female", "male")[i % 2],
                   dusun=dusun[i], consent=name != hidden_person, poor_household=True,
                   pkh=True)  # fmt: skip
        for i, title in enumerate(needs):
            ws.add("needs", title=title, description=_p(i, f"description-{i}"),
                   category="health", dusun=need_dusun[i], households=10 * (i + 1),
                   proposed_by=people[i] if i < 2 else hidden_person)  # fmt: skip
        for i, name in enumerate(criteria):
            ws.add("criteria", name=name, weight=1 + i, description=_p(i, f"about-{i}"))
        for r, rater in enumerate(raters):
            for j, need in enumerate(needs):
                for k, criterion in enumerate(criteria):
                    ws.add("scores", rater=rater, need=need, criterion=criterion,
                           value=1 + (r + j + 2 * k) % 5)  # fmt: skip
        for i, person in enumerate(people):
            for j, need in enumerate(needs):
                ws.add("dot_votes", participant=person, need=need, dots=1 + (i + j) % 2)
            for rank, need in enumerate(needs[i:] + needs[:i], start=1):
                ws.add("rankings", participant=person, need=need, rank=rank)
        for a, b in itertools.combinations(needs, 2):
            ws.add("pairwise", need_a=a, need_b=b, winner=a)
        for text, role, parent in tree:
            ws.add("problem_tree", need=needs[0], text=text, role=role, parent=parent)
        for i, actor in enumerate(actors):
            ws.add("stakeholders", name=actor, sector=("community_group", "government", "ngo")[i],
                   stance="supportive", interest=4, resources="funding, training",
                   contact=contacts[i], notes=_p(i, f"actor-note-{i}"))  # fmt: skip
            ws.add("influence_questions", name=questions[i])
            ws.add("influence", stakeholder=actor, question=questions[0], height=i + 2)
        ws.add("link_types", name=link_type, two_way=True)
        ws.add("links", source=actors[1], target=actors[0], type="funding", note=_p(0, "note"))
        ws.add("links", source=actors[2], target=actors[1], type=link_type)
        objective = ws.add("objectives", text=plan_texts["objective"], need=needs[0])
        act = ws.add("activities", title=plan_texts["activity"], need=needs[0],
                     objective=objective.id, strategy="training", sub_bidang="2.2",
                     lead=actors[1], partners=actors[0], dusun=plan_texts["where"],
                     unit=plan_texts["unit"], start="2026-03-01", end="2026-05-31",
                     cost=12_000_000, source="dana_desa")  # fmt: skip
        ws.add("indicators", name=plan_texts["indicator"], activity=act.id, unit="orang",
               baseline=1, target=5, target_date="2026-06-30",
               verification=plan_texts["verification"], outcome="participation")  # fmt: skip
        ws.add("risks", text=plan_texts["risk"], activity=act.id,
               mitigation=plan_texts["mitigation"])  # fmt: skip
        ws.add("ceilings", source="dana_desa", amount=50_000_000)
        title = ws.info().title
    finally:
        ws.close()
    out = root / "handouts"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PLANNING_HOME", str(jobs.root / "home"))
        paths = build_handouts(
            str(root / "payload.sqlite"), out, language="en", generated=GENERATED,
            title=title, progress=False,
        )  # fmt: skip
    shown = [*info.values(), *people, *dusun[:3], *needs, *need_dusun, *people[:2],
             *(text for text, _, _ in tree), *actors, *questions,
             *plan_texts.values()]  # fmt: skip
    return Payload(Built(out, paths), shown, [hidden_person, *raters, *contacts], title)


# --- a workshop of payloads (built while `planning demo` runs) -----------------------------------


def test_payload_workshop_shows_every_text_escaped(payload):
    """Does every payload appear as text, escaped, in every section, and never as markup?"""
    assert [p.name for p in payload.built.paths] == list(REQUIRED)
    doc = payload.built.doc()
    page = _assert_offline_and_script_free(payload.built.out / "handout.html")
    text = page.all_text
    missing = [s for s in payload.shown if s not in text]
    assert not missing, f"not shown as text: {missing}"
    for raw in PAYLOADS:
        assert html.escape(raw, quote=False).split(" ")[0] in doc  # e.g. &lt;script&gt;alert(1)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; title" in doc
    assert "&lt;img src=x onerror=alert(1)&gt; desa" in doc
    assert '"&gt;&lt;svg onload=alert(1)&gt; kecamatan' in doc
    assert page.title == payload.title  # the <title> is escaped too
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt; title</title>" in doc
    for tag, attrs in page.tags:
        assert "onerror" not in attrs and "onload" not in attrs, (tag, attrs)
    images = [a for t, a in page.tags if t == "img"]
    expected = len(METHODS) + 2 + PLAN_CHARTS
    assert len(images) == expected, "a chart per method, one tree, the plan's charts, no other"
    assert all(a["src"].startswith("data:image/png;base64,") for a in images)
    assert any(PAYLOADS[0] in a.get("alt", "") for a in images)  # alt text kept as text
    for name in REQUIRED[:-1]:
        _assert_offline_and_script_free(payload.built.out / name)


def test_payload_workshop_hides_who_did_not_consent_and_who_scored(payload):
    """Is a participant without consent never named (not even as proposer), nor any rater?"""
    for path in payload.built.paths:
        doc = path.read_text(encoding="utf-8")
        for secret in payload.hidden:
            tag = secret.rsplit(" ", 1)[-1]  # the unique part, escaped or not
            assert tag not in doc, (path.name, tag)
        lowered = doc.lower()
        assert not [w for w in SENSITIVE_LABELS if w in lowered], path.name
    assert "1 participant(s) chose not to be named." in payload.built.doc()


@pytest.mark.browser
@needs_browser
def test_payload_handout_in_chromium_runs_nothing_and_requests_nothing(payload):
    """Does Chromium open the payload handout with no dialog, no script and no request out?"""
    ARTIFACTS.mkdir(exist_ok=True)
    with offline_browser() as chromium:
        page = chromium.page(820, 1100)
        page.goto((payload.built.out / "handout.html").as_uri(), wait_until="load")
        page.wait_for_timeout(500)  # an onerror would fire after the load
        facts = page.evaluate(
            """() => ({
                scripts: document.scripts.length,
                injected: document.querySelectorAll('svg, iframe, object, embed').length,
                handlers: [...document.querySelectorAll('*')]
                    .flatMap(e => [...e.attributes].map(a => a.name))
                    .filter(n => n.startsWith('on')),
                images: [...document.images].map(i => [i.src.slice(0, 22), i.naturalWidth]),
                text: document.body.innerText,
                title: document.title,
            })"""
        )
        page.screenshot(path=str(ARTIFACTS / "handout_payload.png"), full_page=True)
    assert chromium.dialogs == [], chromium.dialogs
    assert chromium.blocked == [], chromium.blocked
    assert facts["scripts"] == 0 and facts["injected"] == 0 and facts["handlers"] == []
    assert len(facts["images"]) == len(METHODS) + 2 + PLAN_CHARTS
    assert all(src == "data:image/png;base64," and w > 0 for src, w in facts["images"])
    assert "<script>alert(1)</script> title" in facts["text"]
    assert '"><svg onload=alert(1)> need-2' in facts["text"]
    assert facts["title"] == payload.title


# --- the demo workshop ---------------------------------------------------------------------------


def _demo_non_consenting() -> list[str]:
    with open(DEMO_DATA / "participants.csv", encoding="utf-8-sig", newline="") as fh:
        return [row["name"] for row in csv.DictReader(fh) if row["consent"].strip() == "tidak"]


def test_demo_command_writes_the_handouts(demo_id):
    """Does `planning demo -o DIR` print the handouts' paths and write DIR/handouts/handout.html?"""
    assert demo_id.workshop is not None and demo_id.workshop.is_file()
    assert (demo_id.out / "handout.html").is_file()
    assert [p.name for p in demo_id.paths] == list(REQUIRED)
    assert all(p.parent == demo_id.out and p.is_file() for p in demo_id.paths)
    assert str(demo_id.workshop) in demo_id.stdout


def test_same_workshop_gives_the_same_handout(demo_id, demo_fixed):
    """Do two builds of the demo (command, and in-process) differ only in the time stamp?"""
    assert [p.name for p in demo_fixed.paths] == list(REQUIRED)
    for name in REQUIRED:
        ours, theirs = demo_fixed.doc(name), demo_id.doc(name)
        assert f'<span class="handout-generated">{GENERATED}</span>' in ours, name
        assert len(STAMP.findall(ours)) == 1 and len(STAMP.findall(theirs)) == 1, name
        a = STAMP.sub("", ours).encode("utf-8")
        b = STAMP.sub("", theirs).encode("utf-8")
        assert a == b, f"{name} differs apart from the time stamp"


# --- printing ------------------------------------------------------------------------------------


PRINT_WIDTH = 680  # CSS px inside A4's 15 mm margins (handout.css @page): 180 mm at 96 px/inch
_PRINT_FACTS = """() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('table, figure, img, pre, h1, h2, p, ul')]
        .filter(e => e.getBoundingClientRect().right > width + 1)
        .map(e => `${e.tagName} ${Math.round(e.getBoundingClientRect().width)}px `
                  + e.textContent.trim().slice(0, 30));
    return {
        wide,
        scroll: document.documentElement.scrollWidth,
        width,
        font: parseFloat(getComputedStyle(document.body).fontSize),
        images: [...document.images].map(i => i.naturalWidth),
    };
}"""


def _pdf_pages(path: Path) -> int:
    if shutil.which("pdfinfo"):
        out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
        found = re.search(r"^Pages:\s+(\d+)", out.stdout, re.MULTILINE)
        if found:
            return int(found.group(1))
    return len(re.findall(rb"/Type\s*/Page(?!s)", path.read_bytes()))


@pytest.mark.browser
@needs_browser
def test_demo_handout_prints_on_a4(demo_id):
    """Does Chromium print the demo's combined handout on A4, each stage within its pages?"""
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / "handout_demo_id.pdf"
    shot = ARTIFACTS / "handout_demo_first_page.png"
    with offline_browser() as chromium:
        page = chromium.page(794, 1123)
        page.goto((demo_id.out / "handout.html").as_uri(), wait_until="load")
        page.emulate_media(media="print")
        page.screenshot(path=str(shot))  # the top of the first page, as printed
        # The width A4 leaves inside the 15 mm margins of handout.css, at 96 px per inch.
        page.set_viewport_size({"width": PRINT_WIDTH, "height": 1123})
        facts = page.evaluate(_PRINT_FACTS)
        page.pdf(path=str(pdf), format="A4", print_background=True)
        parts = {}
        for name in REQUIRED[:-1]:
            page.goto((demo_id.out / name).as_uri(), wait_until="load")
            part = ARTIFACTS / f"handout_demo_id_{Path(name).stem}.pdf"
            page.pdf(path=str(part), format="A4", print_background=True)
            parts[Path(name).stem] = _pdf_pages(part)

    pages = _pdf_pages(pdf)
    boxes = [
        [float(x) for x in box.split()]
        for box in re.findall(rb"/MediaBox\s*\[([^\]]*)\]", pdf.read_bytes())
    ]
    print(f"\nhandout_demo_id.pdf: {pages} A4 page(s), {pdf.stat().st_size / 1024:.0f} KB; "
          f"MediaBox {sorted({tuple(b) for b in map(tuple, boxes)})}; "
          f"print font {facts['font']:.2f} px; wider than the printable width: "
          f"{facts['wide'] or 'nothing'}")  # fmt: skip
    assert chromium.blocked == []
    print(f"pages per stage: {parts}")
    # The demo is a whole workshop: 21 activities with their tables (RKP Desa, DU-RKPDesa,
    # logframe, RACI) are most of the pages. Each part has its budget, so a part that grows
    # (a table that no longer fits the width, a chart on a page of its own) is caught; the
    # combined handout is its parts, without a blank page between them.
    # The map's part holds the actors' goals, the map's questions (paths, brokers) and the
    # partners suggested for each priority need: ten pages on the demo.
    budget = {"01_cover": 6, "02_needs": 14, "03_stakeholders": 11, "04_actions": 25,
              "05_board": 1, "06_followup": 15, "09_next_steps": 2}  # fmt: skip
    assert parts.keys() == budget.keys()
    assert all(1 <= parts[k] <= budget[k] for k in budget), (parts, budget)
    assert pages == sum(parts.values()), (pages, parts)
    # A4 is 595.3 x 841.9 pt; Chromium rounds the page to whole pixels (595.9 x 842.9).
    assert len(boxes) >= pages and all(
        b[:2] == [0, 0] and abs(b[2] - 595.3) < 1.5 and abs(b[3] - 841.9) < 1.5 for b in boxes
    ), boxes[:3]
    assert facts["font"] >= 11 * 96 / 72 - 0.01  # 11pt on paper
    assert facts["images"] and all(w > 0 for w in facts["images"])


# --- both languages (the English set built in the background meanwhile) --------------------------


@pytest.mark.parametrize("language", ["id", "en"])
def test_demo_handouts_are_offline_small_and_complete(language, demo_id, demo_en):
    """Has every demo handout file no script and no URL, < 1.5 MB, every stage, the language?"""
    built = demo_id if language == "id" else demo_en
    sizes = {}
    for name in REQUIRED:
        path = built.out / name
        assert path.is_file(), name
        sizes[name] = path.stat().st_size
        _assert_offline_and_script_free(path)
    print(f"\ndemo handouts ({language}): "
          + ", ".join(f"{n} {s / 1024:.1f} KB" for n, s in sizes.items()))  # fmt: skip
    assert all(0 < s < MAX_BYTES for s in sizes.values()), sizes

    doc = built.doc()
    assert f'<html lang="{language}">' in doc
    text = _parse(doc).all_text
    title = "Musyawarah Perencanaan Partisipatif Desa Sukamaju"  # templates/data/demo/workshop.csv
    stages = [title, *WORDS[language]]
    missing = [w for w in stages if w not in text]
    assert not missing, f"missing from the combined {language} handout: {missing}"
    at = [text.index(w) for w in (title, WORDS[language][1], WORDS[language][6])]
    assert at == sorted(at), "cover, needs and next steps out of order"
    other = WORDS["en" if language == "id" else "id"]
    assert not [w for w in other if w in text], "words of the other language"
    images = [a for t, a in _parse(doc).tags if t == "img"]
    # A chart per method, the problem tree, the map, the plan's charts and the photo of the
    # follow-up's visit to the pipes.
    assert len(images) == len(METHODS) + 2 + PLAN_CHARTS + 1

    # Each stage's own file holds its stage.
    cover = _parse(built.doc("01_cover.html")).all_text
    needs = _parse(built.doc("02_needs.html")).all_text
    steps = _parse(built.doc("09_next_steps.html")).all_text
    assert title in cover and WORDS[language][1] not in cover
    assert WORDS[language][1] in needs and WORDS[language][2] in needs and title not in needs
    assert WORDS[language][6] in steps and WORDS[language][1] not in steps
    partners = _parse(built.doc("03_stakeholders.html")).all_text
    assert WORDS[language][8] in partners and WORDS[language][1] not in partners


def test_demo_handouts_never_show_a_contact_person(demo_id, demo_en):
    """Is no contact person of the stakeholder map (a personal field) in any handout file?"""
    with open(DEMO_DATA / "stakeholders.csv", encoding="utf-8-sig", newline="") as fh:
        given = [row["contact"] for row in csv.DictReader(fh) if row["contact"]]
    assert len(given) >= 4
    for built in (demo_id, demo_en):
        for name in REQUIRED:
            doc = built.doc(name)
            shown = [c for c in (*given, *DEMO_CONTACTS) if c in doc]
            assert not shown, f"{built.out.name}/{name} shows {shown}"


def test_demo_handouts_never_name_who_did_not_consent(demo_id, demo_en):
    """Are participants without consent, and poor-household / PKH labels, absent everywhere?"""
    hidden = _demo_non_consenting()
    assert sorted(hidden) == ["Lilis Suryani", "Neneng Hasanah", "Tati Rohaeti", "Ujang Rahmat"]
    for built in (demo_id, demo_en):
        for name in REQUIRED:
            doc = built.doc(name)
            lowered = doc.lower()
            named = [h for h in hidden if h.lower() in lowered]
            assert not named, f"{built.out.name}/{name} names {named}"
            # Only as the head of a column of counts (whose decisions carried: groups of five
            # or more, else "< 5"), never beside a person.
            lowered = re.sub(r"<th[^>]*>(rumah tangga miskin|poor households)</th>", "", lowered)
            labels = [w for w in SENSITIVE_LABELS if w in lowered]
            assert not labels, f"{built.out.name}/{name} shows {labels}"
    # The cover says that some chose not to be named, and names the others.
    assert "4 peserta memilih tidak disebut namanya." in demo_id.doc()
    assert "4 participant(s) chose not to be named." in demo_en.doc()
    assert "Siti Aminah" in demo_id.doc("01_cover.html")


def test_handout_command_prints_the_paths(demo_en):
    """Does `planning handout PATH -o DIR --language en` exit 0 and print each file's path?"""
    assert [p.name for p in demo_en.paths] == list(REQUIRED)
    assert demo_en.paths == [demo_en.out / name for name in REQUIRED]
    assert all(p.is_file() for p in demo_en.paths)


def test_handout_command_refuses_an_unknown_language(demo_file, tmp_path):
    """Does `--language xx` exit 2 with a message naming the languages, writing nothing?"""
    out = tmp_path / "out"
    result = _planning("handout", str(demo_file), "-o", str(out), "--language", "xx",
                       env=_env(tmp_path / "home"))  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("planning handout:")
    assert "'xx'" in result.stderr and "id, en" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert not out.exists()


def test_handout_command_refuses_a_missing_workshop(tmp_path):
    """Does a workshop file that does not exist give exit 2 and a message, creating nothing?"""
    missing, out = tmp_path / "nope.sqlite", tmp_path / "out"
    result = _planning("handout", str(missing), "-o", str(out), env=_env(tmp_path / "home"))
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("planning handout:") and str(missing) in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert not missing.exists() and not out.exists()


@pytest.mark.browser
@needs_browser
@pytest.mark.parametrize(
    "language",
    [
        "id",
        "en",
    ],
)  # fmt: skip
def test_demo_handout_fits_the_a4_width_at_11pt(language, demo_id, demo_en):
    """Does nothing in the printed handout need more than A4's width (which would shrink it)?"""
    built = demo_id if language == "id" else demo_en
    with offline_browser() as chromium:
        page = chromium.page(PRINT_WIDTH, 1123)
        page.goto((built.out / "handout.html").as_uri(), wait_until="load")
        page.emulate_media(media="print")
        facts = page.evaluate(_PRINT_FACTS)
    shrink = facts["width"] / max(facts["width"], facts["scroll"])
    print(
        f"\nprint layout ({language}): {facts['scroll']} px needed, {facts['width']} px on A4;"
        f" pages shrunk to {shrink:.0%}; too wide: {facts['wide'] or 'nothing'}"
    )
    assert facts["wide"] == [] and facts["scroll"] <= facts["width"], facts["wide"]


# --- on a phone ----------------------------------------------------------------------------------


_PHONE_FACTS = """() => {
    const clipped = [];
    for (const c of document.querySelectorAll('caption, figcaption, .planning-bars-caption')) {
        if (c.getBoundingClientRect().width === 0) continue;
        const words = document.createRange();
        words.selectNodeContents(c);
        const r = words.getBoundingClientRect();
        let right = innerWidth;  // the nearest box that cuts what sticks out
        for (let e = c.parentElement; e; e = e.parentElement) {
            if (getComputedStyle(e).overflowX !== 'visible') {
                right = Math.min(right, e.getBoundingClientRect().right);
                break;
            }
        }
        if (r.right > right + 1 || r.left < -1) clipped.push(c.innerText.slice(0, 40));
    }
    const pictures = [...document.images].filter(i => i.getBoundingClientRect().width > 0)
        .filter(i => !i.closest('.planning-photo'))  // a visit's photo has no text to read
        .map(i => ({alt: i.alt.slice(0, 30), textPx: i.dataset.textPx
            ? parseFloat(i.dataset.textPx) * i.getBoundingClientRect().width / i.naturalWidth
            : null}));
    const bars = [...document.querySelectorAll('.planning-bars *')]
        .filter(e => e.getBoundingClientRect().width > 0 && e.childElementCount === 0
                     && e.textContent.trim())
        .map(e => parseFloat(getComputedStyle(e).fontSize));
    return {clipped, pictures, bars, scroll: document.documentElement.scrollWidth};
}"""
# --- the action plan and its information board --------------------------------------------------


def test_demo_action_plan_handout_has_the_plan_in_the_villages_formats(demo_id, demo_en):
    """Does the plan's part show the activities, the logframe, the RKP Desa and DU-RKPDesa in
    their forms' columns, the money and the checks, in each language, and no contact person?"""
    plan = _parse(demo_id.doc("04_actions.html")).all_text
    for words in ("Rencana aksi 2026", "Kerangka logis", "Rencana Kerja Pemerintah Desa (RKP Desa)",
                  "Jumlah (Rp)", "Daftar Usulan RKP Desa (DU-RKPDesa)",
                  "Rp844.300.000", "Pembagian Setara (dengan pelengkapan)",
                  "Yang masih kurang dalam rencana", "Siapa melakukan apa (RACI)"):  # fmt: skip
        assert words in plan, words
    english = _parse(demo_en.doc("04_actions.html")).all_text
    assert "Action plan 2026" in english and "Rp844,300,000" in english
    # The RKP Desa's columns keep the form's words, in either language.
    assert "Prakiraan Pola Pelaksanaan" in plan and "Bidang/Jenis Kegiatan" in plan
    assert "Bidang / type of activity" in english and "Amount (Rp)" in english
    for built in (demo_id, demo_en):
        for name in REQUIRED:
            assert "0812-0000" not in built.doc(name), name  # the map's contact persons


@pytest.mark.browser
@needs_browser
def test_demo_handout_reads_on_a_phone(demo_id):
    """On a 390 px phone: is no caption cut, and is every picture's text at least 12 px?"""
    ARTIFACTS.mkdir(exist_ok=True)
    with offline_browser() as chromium:
        page = chromium.page(390, 844)
        page.goto((demo_id.out / "handout.html").as_uri(), wait_until="load")
        facts = page.evaluate(_PHONE_FACTS)
        page.screenshot(path=str(ARTIFACTS / "handout_demo_phone_390.png"), full_page=True)
    assert facts["clipped"] == []
    assert facts["scroll"] <= 390
    # The method charts are text bars on a phone; the problem tree keeps its own size.
    assert len(facts["bars"]) > len(METHODS) * 8 and min(facts["bars"]) >= 12
    assert facts["pictures"], "the problem tree, the map and the plan's charts are shown"
    # Every picture says how tall its text is (data-text-px), and it reads on the phone.
    for picture in facts["pictures"]:
        assert picture["textPx"] is not None and picture["textPx"] >= 12, picture


@needs_browser
def test_information_board_prints_on_one_a4_or_one_a3_sheet(demo_id):
    """Does the board page print on a single sheet of A4, and of A3, its text at least 11pt?"""
    ARTIFACTS.mkdir(exist_ok=True)
    board = demo_id.out / "05_board.html"
    text = _parse(board.read_text(encoding="utf-8")).all_text
    assert "belum APBDes · Desa Sukamaju" in text and "Belum terdanai" in text
    sheets = {}
    with offline_browser() as chromium:
        page = chromium.page(794, 1123)
        page.goto(board.as_uri(), wait_until="load")
        page.emulate_media(media="print")
        font = page.evaluate(
            "() => parseFloat(getComputedStyle(document.querySelector('.planning-board')).fontSize)"
        )
        page.screenshot(path=str(ARTIFACTS / "board_print.png"), full_page=True)
        for paper in ("A4", "A3"):
            pdf = ARTIFACTS / f"board_{paper}.pdf"
            page.pdf(path=str(pdf), format=paper, print_background=True)
            boxes = re.findall(rb"/MediaBox\s*\[([^\]]*)\]", pdf.read_bytes())
            sheets[paper] = (_pdf_pages(pdf), [float(x) for x in boxes[0].split()])
    assert chromium.blocked == []
    assert font >= 11 * 96 / 72 - 0.01
    assert sheets["A4"][0] == 1 and abs(sheets["A4"][1][2] - 595.3) < 1.5, sheets
    assert sheets["A3"][0] == 1 and abs(sheets["A3"][1][2] - 841.9) < 1.5, sheets


@pytest.mark.browser
@needs_browser
def test_demo_followup_report_prints_on_a4_and_reads_on_a_phone(demo_id):
    """Does the musyawarah's report (realisation, progress with its photo, lights, stories,
    score card, map) and its draft berita acara fit A4's width in print and 390 px on a phone,
    naming nobody who did not consent?"""
    ARTIFACTS.mkdir(exist_ok=True)
    path = demo_id.out / "06_followup.html"
    text = _parse(path.read_text(encoding="utf-8")).all_text
    for words in ("Realisasi menurut sumber dana", "Kemajuan setiap kegiatan", "Lampu",
                  "Perubahan paling penting", "Kartu penilaian masyarakat",
                  "Peta kemitraan sebelum dan sesudah", "Tengkulak Gabah",
                  "Berita acara musyawarah desa", "Ketua BPD"):  # fmt: skip
        assert words in text, words
    assert "Neneng Hasanah" not in text
    with offline_browser() as chromium:
        page = chromium.page(PRINT_WIDTH, 1123)
        page.goto(path.as_uri(), wait_until="load")
        page.emulate_media(media="print")
        facts = page.evaluate(_PRINT_FACTS)
        pdf = ARTIFACTS / "handout_demo_followup.pdf"
        page.pdf(path=str(pdf), format="A4", print_background=True)
        phone = chromium.page(390, 844)
        phone.goto(path.as_uri(), wait_until="load")
        on_phone = phone.evaluate(_PHONE_FACTS)
        phone.screenshot(path=str(ARTIFACTS / "handout_followup_phone_390.png"), full_page=True)
    assert facts["wide"] == [] and facts["scroll"] <= facts["width"], facts["wide"]
    assert facts["images"] and all(w > 0 for w in facts["images"])  # the pipe's photo
    assert 1 <= _pdf_pages(pdf) <= 15
    assert on_phone["clipped"] == [] and on_phone["scroll"] <= 390
    assert chromium.blocked == []
