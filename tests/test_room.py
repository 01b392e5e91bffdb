"""The live room, headless: steps, names on devices, the trainee's page, the facilitator's view,
and what `planning serve` and `planning lab` are given. The served pages are in
tests/browser/test_room_served.py."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from pathlib import Path

import ipywidgets
import pytest

from planning import open_workshop
from planning.cli import main
from planning.errors import NotFoundError, ValidationError
from planning.needs.records import DotVote, Need
from planning.paths import RUN_ON_OPEN, labextensions_dir, notebooks_dir
from planning.records import Participant
from planning.room import chunks, state
from planning.room.checks import check_code, check_host, check_port
from planning.room.kernels import SlicedChannel, SlicedKernelClient
from planning.room.lab import PROJECTOR, lab_arguments, write_settings
from planning.room.qr import join_url, qr_data_uri, save_qr
from planning.room.serve import (
    FACILITATOR,
    TRAINEE,
    is_loopback,
    join_hosts,
    new_code,
    prepare_folder,
    voila_config,
)
from planning.stages import stage
from planning.widgets.facilitator import FacilitatorView
from planning.widgets.follow import FOLLOW
from planning.widgets.trainee import TraineePage

PEOPLE = [
    {"name": "Ani", "gender": "female", "group": "warga"},
    {"name": "Budi", "gender": "male", "group": "warga"},
    {"name": "Citra", "gender": "female", "group": "kader"},
]


@pytest.fixture
def room(ws):
    """A workshop with three participants and two needs."""
    ws.add_many(Participant, PEOPLE)
    ws.add_many(Need, [{"title": "Clean water"}, {"title": "Village road"}])
    return ws


# --- steps -----------------------------------------------------------------------------------


STEPS = ["needs", "scores", "dots", "pairwise", "rankings", "actors", "links", "goals", "towers",
         "activities", "votes", "stories", "story_votes", "scorecard", "review"]  # fmt: skip


def test_are_the_steps_declared_by_the_stages():
    """Does the step list come from the stages in order, each step's panels importable?"""
    assert [s.name for s in state.all_steps()] == STEPS
    assert state.all_steps() == (
        *stage("needs").steps,
        *stage("stakeholders").steps,
        *stage("actions").steps,
        *stage("followup").steps,
    )
    for step in state.all_steps():
        assert callable(step.panel("form")) and callable(step.panel("results"))


def test_does_a_step_open_for_everyone_and_stay_at_the_ends(room):
    """Is the open step shared through the workshop, and does next/previous stop at the ends?"""
    assert state.current(room).step.name == "needs"
    state.open_step(room, "dots")
    with open_workshop(room.url) as other:  # another kernel
        assert state.current(other).step.name == "dots"
    assert state.move(room, +1).step.name == "pairwise"
    state.open_step(room, "review")
    assert state.move(room, +1).step.name == "review"
    state.open_step(room, "needs")
    assert state.move(room, -1).step.name == "needs"


def test_is_an_unknown_step_refused_naming_the_steps(room):
    """Does opening a step that does not exist name the value and the steps there are?"""
    with pytest.raises(ValidationError) as err:
        state.open_step(room, "voting")
    message = err.value.message("en")
    assert "'voting'" in message and ", ".join(STEPS) in message


def test_how_long_has_a_step_been_open():
    """Does the timer count from when the step was opened?"""
    opened = state.OpenStep(state.find_step("dots"), "2026-11-28T10:00:00+00:00")
    assert opened.elapsed(dt.datetime(2026, 11, 28, 10, 12, 34, tzinfo=dt.UTC)) == 754


# --- names on devices ------------------------------------------------------------------------


def test_is_a_name_on_a_second_device_seen(room):
    """Does a name held on two devices show up as such, and go when one device gives it back?"""
    ani = state.claim(room, "d1", "Ani")
    assert state.others_holding(room, ani.id, "d2") == ["d1"]
    state.claim(room, "d2", "ani")
    assert state.holders(room) == {ani.id: ["d1", "d2"]}
    state.release(room, "d1")
    assert state.holders(room) == {ani.id: ["d2"]}
    assert state.seat_of(room, "d2") == ani and state.seat_of(room, "d1") is None


@pytest.mark.parametrize("device", ["", "not hex!", "a" * 40])
def test_is_a_bad_device_id_refused(room, device):
    """Is a device id that is not a short hex id refused, saying what is allowed?"""
    with pytest.raises(ValidationError) as err:
        state.claim(room, device, "Ani")
    assert "digits and the letters a-f" in err.value.message("en")


# --- the trainee's page ----------------------------------------------------------------------


def test_does_a_trainee_pick_a_name_and_get_the_open_step(room):
    """Picking a name: it shows at the top, then only the open step's form."""
    page = TraineePage(room, device="a1")
    assert page.names == ["Ani", "Budi", "Citra"] and page.name == "" and page.form is None
    page.search("cit")
    assert page.names == ["Citra"]
    page.search("zz")
    assert page.names == []
    page.pick("Budi")
    assert page.name == "Budi" and page.step == "needs"
    assert type(page.form).__name__ == "NeedForm"


def test_is_a_name_in_use_asked_about_and_the_facilitator_told(room):
    """A second device picking a name in use: asked first; after yes, the facilitator sees it."""
    view = FacilitatorView(room)
    TraineePage(room, device="b1").pick("Ani")
    second = TraineePage(room, device="b2")
    second.pick("Ani")
    assert "Ani" in second.question and second.name == ""
    second.decline()
    assert second.question == "" and second.name == ""
    second.pick("Ani")
    second.confirm()
    assert second.name == "Ani"
    view.look()
    assert "Ani (2 devices)" in view.warnings


def test_does_a_reload_keep_the_name(room):
    """Does the same device (a reload) come back to its name without picking again?"""
    TraineePage(room, device="c1").pick("Citra")
    again = TraineePage(room, device="c1")
    assert again.name == "Citra" and again.step == "needs"
    again.change_name()
    assert again.name == "" and state.seat_of(room, "c1") is None


def test_is_every_input_credited_to_who_entered_it(room):
    """Is a need a trainee adds stored by them, and does the history say so?"""
    page = TraineePage(room, device="e1")
    page.pick("Citra")
    page.form.fill(title="Health post", description="closer to the river")
    page.form.add()
    assert page.form.status == "Added: Health post"
    need = room.find(Need, "Health post")
    assert need.entered_by == "Citra" and need.proposed_by == "Citra"
    assert room.history()[-1].by == "Citra"
    assert "Health post" in page.form.mine


def test_is_a_refused_need_kept_as_typed(room):
    """Does an empty title give a message naming the field and keep the description typed?"""
    page = TraineePage(room, device="e2")
    page.pick("Ani")
    page.form.fill(title="", description="near the school")
    page.form.add()
    assert page.form.status == "Need is required: a non-empty text."
    assert page.form.fields["description"] == "near the school"
    assert len(room.records(Need)) == 2


def test_do_the_trainees_follow_the_facilitator(room):
    """When the facilitator opens the next step, does every trainee's page show its form?"""
    view = FacilitatorView(room)
    ani, budi = TraineePage(room, device="f1"), TraineePage(room, device="f2")
    ani.pick("Ani")
    budi.pick("Budi")
    view.go_to("dots")
    FOLLOW.tick()
    assert ani.step == budi.step == "dots"
    assert type(ani.form).__name__ == "DotVotePanel"
    ani.form.step(room.find(Need, "Clean water").id, +1)
    assert room.records(DotVote)[0].participant == room.find(Participant, "Ani").id


def test_do_the_later_stages_steps_give_a_trainee_their_forms(room):
    """Actors, links, towers, activities and votes: does a trainee get each form, and is what
    they enter credited to them and counted as their contribution?"""
    view = FacilitatorView(room)
    page = TraineePage(room, device="a7")
    page.pick("Citra")
    view.go_to("actors")
    FOLLOW.tick()
    assert type(page.form).__name__ == "StakeholderForm"
    # A trainee adds; choosing any actor to edit or remove it is the facilitator's, and its
    # controls do not exist in the trainee's kernel.
    assert page.form.trainee and page.form._pick is None
    assert "contact" not in page.form.shown
    page.form.fill(name="Posyandu Melati", sector="community_group")
    page.form.add()
    page.form.fill(name="Puskesmas", sector="government")
    page.form.add()
    actor = room.find("stakeholders", "Posyandu Melati")
    assert actor.entered_by == "Citra"
    FOLLOW.tick()
    assert "Citra" in view.contributors and "data:image/png" in view.results.drawing
    view.go_to("links")
    FOLLOW.tick()
    assert type(page.form).__name__ == "LinkForm"
    page.form.fill(source="Puskesmas", target="Posyandu Melati", type="training")
    page.form.add()
    [link] = room.records("links")
    assert link.entered_by == "Citra" and link.target == actor.id
    view.go_to("towers")
    view.gate.anyway()  # no influence question yet: the facilitator opens it anyway
    FOLLOW.tick()
    assert type(page.form).__name__ == "InfluenceTowers"
    # a new question is the facilitator's: no text box on a trainee's towers
    assert not [x for x in _walk(page.form) if isinstance(x, ipywidgets.Text)]
    view.go_to("activities")
    FOLLOW.tick()
    assert type(page.form).__name__ == "ActivityForm"
    view.go_to("votes")
    view.gate.anyway()  # no activity yet
    FOLLOW.tick()
    assert type(page.form).__name__ == "ActivityVotePanel"
    assert type(view.results).__name__ == "VoteCountsPanel"


# --- the facilitator's view ------------------------------------------------------------------


def test_does_the_facilitator_see_inputs_from_other_kernels(room):
    """A dot cast in another kernel: results and contributors redraw on the next look."""
    view = FacilitatorView(room)
    view.go_to("dots")
    assert "Nobody has contributed" in view.contributors
    with open_workshop(room.url, by="Budi") as other:  # a trainee's kernel
        from planning.needs.commands import cast_dot

        cast_dot(other, "Budi", "Village road", 2)
    FOLLOW.tick()
    assert "1 of 3 participants" in view.contributors and "Budi" in view.contributors
    assert "Village road" in view.results.html


def test_does_the_view_show_the_steps_timer_and_join_address(room):
    """Steps in order, a timer from the guide's minutes, the join address and its QR code."""
    view = FacilitatorView(room)
    assert view.steps == STEPS
    assert "Trainees cannot join yet" in view.join
    view.next()
    view.gate.anyway()  # no criteria yet
    assert view.step == "scores"
    assert view.timer.startswith("Time: 0:0") and "of 30 minutes" in view.timer
    view.previous()
    view.go_to("pairwise and more")
    assert "'pairwise and more'" in view.status
    state.set_join(room, "http://127.0.0.2:8866/", "4821")
    view = FacilitatorView(room)
    assert "http://127.0.0.2:8866/" in view.join and "4821" in view.join
    assert "data:image/svg+xml" in view.join


def test_does_a_typed_name_reach_the_view_as_text(room):
    """Is a name with markup shown as text on the facilitator's view and the trainee's page?"""
    room.add(Participant, name="<img src=x onerror=alert(1)>")
    page = TraineePage(room, device="a9")
    page.pick("<img src=x onerror=alert(1)>")
    assert "&lt;img" in page._you.value
    state.claim(room, "a8", "<img src=x onerror=alert(1)>")
    view = FacilitatorView(room)
    assert "<img src=x" not in view._warn.value


@pytest.mark.slow
def test_does_the_button_write_the_handouts_to_download(demo, tmp_path: Path):
    """Does the handouts button write every handout and offer each one for download?"""
    view = FacilitatorView(demo)
    written = view.write_handouts(tmp_path / "out")
    assert [p.name for p in written][-1] == "handout.html"
    assert view.files.count('download="') == len(written)
    assert "data:text/html;base64," in view.files


# --- what serve and lab are given ------------------------------------------------------------


@pytest.mark.parametrize(
    ("check", "value", "words"),
    [
        (check_host, "room-laptop", "an IP address of this machine"),
        (check_port, "80000", "a whole number from 1 to 65535"),
        (check_port, "eighty", "a whole number from 1 to 65535"),
        (check_code, "12", "4 to 12 digits or letters"),
        (check_code, "12 34", "4 to 12 digits or letters"),
    ],
)
def test_is_a_bad_serve_setting_refused(check, value, words):
    """Does a bad host, port or code name the value and what is allowed?"""
    with pytest.raises(ValidationError) as err:
        check(value)
    assert repr(value) in err.value.message("en") and words in err.value.message("en")


def test_serve_refuses_bad_input_with_exit_2(ws, capsys):
    """Does `planning serve` refuse a bad host or a missing file with status 2, no traceback?"""
    assert main(["serve", str(Path(ws.url.removeprefix("sqlite:///"))), "--host", "x"]) == 2
    assert "Server address (--host): 'x' is not allowed" in capsys.readouterr().err
    assert main(["serve", "nowhere.sqlite"]) == 2
    assert "nowhere.sqlite" in capsys.readouterr().err


def test_codes_hosts_and_addresses():
    """A new code is six digits; loopback needs no code; the QR address carries the code."""
    code = new_code()
    assert len(code) == 6 and code.isdigit()
    assert is_loopback("127.0.0.2") and not is_loopback("192.168.1.10")
    assert check_host(" 127.0.0.2 ") == "127.0.0.2"
    assert join_hosts("127.0.0.2") == ["127.0.0.2"]
    assert join_hosts("0.0.0.0")[-1] == "127.0.0.1"
    assert join_url("http://127.0.0.2:8866/", code).endswith(f"/?token={code}")
    assert qr_data_uri("http://127.0.0.2:8866/").startswith("data:image/svg+xml")


def test_is_the_qr_code_saved_as_svg(tmp_path: Path):
    """Is the QR code an SVG file?"""
    path = save_qr("http://127.0.0.2:8866/?token=123456", tmp_path / "join.svg")
    assert path.read_text(encoding="utf-8").lstrip().startswith(("<?xml", "<svg"))


def test_what_voila_is_given():
    """Preheated trainee kernels only, culling, the offline template, the device header."""
    c = voila_config(
        host="127.0.0.2",
        port=8866,
        code="4821",
        lang="id",
        cull_after=60,
        pool_size=2,
        preheat=True,
        runtime_dir="/tmp",
    )
    assert c.VoilaConfiguration.preheat_kernel is True
    assert c.VoilaKernelManager.kernel_pools_config == {
        "default": {"pool_size": 0},
        TRAINEE: {"pool_size": 2},
    }
    assert c.VoilaConfiguration.template == "planning" and c.Voila.token == "4821"
    assert c.MappingKernelManager.cull_idle_timeout == 60
    assert c.VoilaConfiguration.http_header_envs == ["X-Planning-Device"]
    assert c.HTMLExporter.language_code == "id"
    assert c.KernelManager.client_factory is SlicedKernelClient


CHUNK = b"(self.webpackChunk_X=self.webpackChunk_X||[]).push([[1],{1:()=>{}}])"
LICENSED = b"/*! For license information please see 2.voila.js.LICENSE.txt */\n" + CHUNK
RUNTIME = b"var _JUPYTERLAB;(()=>{})();"


def test_are_the_pages_chunks_joined_and_the_rest_left_out(tmp_path: Path, monkeypatch):
    """Plain chunk files (a licence's comment first or not) are joined, each its own
    statement; a runtime, a missing file and a path out of the folder are left out."""
    static = tmp_path / "static"
    static.mkdir()
    (static / "1.voila.js").write_bytes(CHUNK + b"//# sourceMappingURL=1.voila.js.map")
    (static / "2.voila.js").write_bytes(LICENSED)
    (static / "3.voila.js").write_bytes(RUNTIME)
    (static / "voila.js").write_bytes(RUNTIME)
    listed = {
        "preload": ["static/voila.js", "static/gone.js"],
        "bundles": {"voila": ["static/1.voila.js", "static/2.voila.js", "static/3.voila.js",
                              "static/9.voila.js", "static/../static/1.voila.js"]},
    }  # fmt: skip
    (tmp_path / chunks.LIST_NAME).write_text(json.dumps(listed), encoding="utf-8")
    monkeypatch.setattr(chunks, "list_path", lambda: tmp_path / chunks.LIST_NAME)
    load = chunks.build([str(static)], [])
    assert load.preload == ("static/voila.js",)
    (bundle,) = load.bundles
    assert bundle.files == ("static/1.voila.js", "static/2.voila.js")
    assert bundle.raw.count(b"\n;\n") == 1 and gzip.decompress(bundle.gzipped) == bundle.raw
    assert re.fullmatch(r"voila\.[0-9a-f]{20}\.js", bundle.name)
    assert load.metadata() == {
        "preload": ["voila/static/voila.js"],
        "scripts": [f"voila/planning/chunks/{bundle.name}"],
    }
    (static / "2.voila.js").write_bytes(LICENSED + b" ")
    assert chunks.build([str(static)], []).bundles[0].name != bundle.name  # a new version


def test_is_the_recorded_list_of_the_trainee_page_found_in_voila():
    """The shipped list names files the installed Voila and widget manager serve."""
    from voila.paths import collect_static_paths
    from voila.utils import get_voila_labextensions_path

    listed = chunks.chunk_list()
    assert listed["preload"] and listed["voila"] and listed["widgets"]
    static = collect_static_paths(["voila", "nbconvert"], "lab")
    found = chunks.build(static, get_voila_labextensions_path())
    assert {b.name.split(".")[0] for b in found.bundles} == {"voila", "widgets"}
    joined = {f for b in found.bundles for f in b.files}
    assert joined == set(listed["voila"]) | set(listed["widgets"])
    assert set(found.preload) == set(listed["preload"])


def test_are_the_served_notebooks_titled_for_the_workshop(room, tmp_path: Path):
    """Do the served copies carry the workshop's title (the page's title)?"""
    prepare_folder(room, tmp_path)
    for name, word in ((TRAINEE, "Trainee"), (FACILITATOR, "Facilitator")):
        nb = json.loads((tmp_path / name).read_text(encoding="utf-8"))
        assert nb["metadata"]["title"] == f"{word} · Test workshop"


def test_what_jupyterlab_is_given(tmp_path: Path):
    """Projector settings in an overrides.json of the session's own settings folder."""
    path = write_settings(tmp_path)
    assert json.loads(path.read_text()) == PROJECTOR
    themes = tmp_path / "user-settings/@jupyterlab/apputils-extension/themes.jupyterlab-settings"
    assert json.loads(themes.read_text())["overrides"]["content-font-size1"] == "22px"
    args = lab_arguments(tmp_path / "nb", tmp_path, 8888, "abc", False)
    assert f"--LabApp.app_settings_dir={tmp_path / 'settings'}" in args
    assert "--ServerApp.ip=127.0.0.1" in args and "--IdentityProvider.token=abc" in args
    assert f"--LabApp.extra_labextensions_path={labextensions_dir()}" in args


def test_is_the_run_on_open_extension_shipped_built():
    """The extension that runs a notebook as it opens is in the package, built: JupyterLab
    loads the file its package.json names, and the shipped notebooks ask for it (all but the
    trainee's page, which only Voila serves)."""
    folder = labextensions_dir() / RUN_ON_OPEN
    meta = json.loads((folder / "package.json").read_text(encoding="utf-8"))
    assert meta["name"] == RUN_ON_OPEN and meta["jupyterlab"]["extension"] is True
    assert (folder / meta["jupyterlab"]["_build"]["load"]).is_file()
    for notebook in sorted(notebooks_dir().glob("*.ipynb")):
        asks = json.loads(notebook.read_text(encoding="utf-8"))["metadata"].get("planning", {})
        assert asks.get("run_on_open", False) is (notebook.name != "trainee.ipynb"), notebook


def test_does_a_person_not_in_the_list_get_a_message(room):
    """Picking a name that is not listed says so; the listed people are counted, not named,
    unless every one of them agreed to be named (issue 20)."""
    page = TraineePage(room, device="99")
    page.pick("Dewi")
    assert "Dewi" in page.status and "3" in page.status and "Ani" not in page.status
    with pytest.raises(NotFoundError):
        state.claim(room, "99", "Dewi")


def test_does_a_sliced_wait_read_a_message_and_time_out():
    """Does the sliced channel give a message that is there, and raise Empty after its
    timeout, not before?"""
    import asyncio
    import time
    from queue import Empty

    import zmq
    import zmq.asyncio
    from jupyter_client.session import Session

    async def run() -> tuple[str, float]:
        ctx = zmq.asyncio.Context()
        a, b = ctx.socket(zmq.PAIR), ctx.socket(zmq.PAIR)
        a.bind("inproc://sliced")
        b.connect("inproc://sliced")
        session = Session()
        channel = SlicedChannel(a, session)
        session.send(b, "kernel_info_reply", {"status": "ok"})
        msg = await channel.get_msg()
        start = time.monotonic()
        with pytest.raises(Empty):
            await channel.get_msg(timeout=1.2)
        waited = time.monotonic() - start
        a.close()
        b.close()
        ctx.term()
        return msg["msg_type"], waited

    kind, waited = asyncio.run(run())
    assert kind == "kernel_info_reply" and 1.1 < waited < 3


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)
