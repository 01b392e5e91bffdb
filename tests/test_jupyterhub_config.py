"""docs/jupyterhub/jupyterhub_config.py: the README's JupyterHub configuration, loaded as
JupyterHub loads it; its login; the service's seat per hub user. A real hub runs in
tests/browser/test_hub.py."""

from __future__ import annotations

import asyncio
import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest
from traitlets.config import Config

CONFIG = Path(__file__).resolve().parents[1] / "docs" / "jupyterhub" / "jupyterhub_config.py"
URL = "postgresql+psycopg://planning:rahasia@db.local/workshop"


@pytest.fixture
def hub_env(monkeypatch):
    monkeypatch.setenv("PLANNING_WORKSHOP", URL)
    monkeypatch.setenv("PLANNING_HUB_PASSWORD", "kursus-2026")
    monkeypatch.setenv("PLANNING_FACILITATOR_PASSWORDS", "siti=siti-rahasia budi=budi-rahasia")


def _load() -> Config:
    pytest.importorskip("jupyterhub", reason="JupyterHub is not installed here")
    config = Config()
    runpy.run_path(str(CONFIG), init_globals={"get_config": lambda: config})
    return config


def test_do_only_the_service_and_the_facilitators_get_the_database(hub_env):
    """Trainees have no server; the service and the facilitators' servers get the workshop."""
    c = _load()
    (service,) = c.JupyterHub.services
    assert service["name"] == "planning" and service["environment"]["PLANNING_WORKSHOP"] == URL
    assert service["environment"]["PLANNING_FACILITATORS"] == "budi,siti"
    assert c.Spawner.environment["PLANNING_WORKSHOP"] == URL
    roles = {role["name"]: role for role in c.JupyterHub.load_roles}
    assert not any(s == "self" or s.startswith("servers") for s in roles["user"]["scopes"])
    assert "self" in roles["facilitator"]["scopes"]
    assert roles["facilitator"]["users"] == ["budi", "siti"]
    assert not c.Authenticator.get("admin_users")  # nobody needs the admin password
    (templates,) = c.JupyterHub.template_paths
    assert (Path(templates) / "login.html").is_file()
    assert c.JupyterHub.template_vars["planning"]["button"] == "Masuk"


def test_does_everyone_land_on_their_page(hub_env):
    """After logging in: the facilitator's view for a facilitator, the trainee's page else."""
    landing = _load().JupyterHub.default_url
    siti = SimpleNamespace(current_user=SimpleNamespace(name="siti"))
    ani = SimpleNamespace(current_user=SimpleNamespace(name="ani"))
    assert landing(siti).endswith("/voila/render/00_facilitator.ipynb")
    assert landing(ani) == "/services/planning/"


def test_is_no_secret_written_in_the_file():
    """The database password and the course's passwords come from the environment only."""
    text = CONFIG.read_text(encoding="utf-8")
    assert "rahasia" not in text and "kursus-2026" not in text
    assert 'os.environ["PLANNING_WORKSHOP"]' in text
    assert 'os.environ["PLANNING_HUB_PASSWORD"]' in text


def test_does_the_login_let_in_whom_it_should(hub_env):
    """Facilitators by their own password, anyone else by the course's; no Unix account."""
    _load()
    from planning.room.hub_login import CourseAuthenticator

    auth = CourseAuthenticator(
        course_password="kursus-2026", facilitator_passwords={"siti": "siti-rahasia"}
    )

    def login(name: str, password: str) -> str | None:
        return asyncio.run(auth.authenticate(None, {"username": name, "password": password}))

    assert login("siti", "siti-rahasia") == "siti"
    assert login("siti", "kursus-2026") is None  # a trainee cannot be a facilitator
    assert login("Ani Rahayu", "kursus-2026") == "ani rahayu"  # as the hub keeps names
    assert login("ani", "salah") is None
    assert login("", "kursus-2026") is None
    assert CourseAuthenticator(course_password="pendek").course_password == "pendek"
    short = CourseAuthenticator(course_password="pendek")
    assert asyncio.run(short.authenticate(None, {"username": "a", "password": "pendek"})) is None


def test_does_jupyterhub_accept_the_file(hub_env):
    """JupyterHub loads the file and its traits accept every value."""
    app_module = pytest.importorskip("jupyterhub.app", reason="JupyterHub is not installed here")
    app = app_module.JupyterHub()
    app.load_config_file(str(CONFIG))
    from jupyterhub.spawner import SimpleLocalProcessSpawner

    from planning.room.hub_login import CourseAuthenticator

    assert CourseAuthenticator(config=app.config).course_password == "kursus-2026"
    spawner = SimpleLocalProcessSpawner(config=app.config)
    assert spawner.home_dir_template.endswith("{username}")


def test_is_a_hub_users_seat_kept(tmp_path):
    """The seat is keyed on the hub user: a reload or a restart finds the same name."""
    pytest.importorskip("jupyterhub", reason="JupyterHub is not installed here")
    from planning import create_workshop
    from planning.records import Participant
    from planning.room import state
    from planning.room.hub import hub_device

    with create_workshop(tmp_path / "w.sqlite", title="Kursus") as ws:
        ani = ws.add(Participant, name="Ani")
        state.claim(ws, hub_device("ani"), "Ani")
        assert state.seat_of(ws, hub_device("ani")) == ani
        assert state.seat_of(ws, hub_device("budi")) is None


def test_does_a_facilitator_get_the_notebooks_and_large_fonts(tmp_path):
    """Before a facilitator's JupyterLab starts: their copy of the notebooks, the settings."""
    pytest.importorskip("jupyterhub", reason="JupyterHub is not installed here")
    import os

    from planning.paths import labextensions_dir
    from planning.room.hub_login import prepare_facilitator

    spawner = SimpleNamespace(home_dir=str(tmp_path / "siti"), notebook_dir="", args=[])
    prepare_facilitator(spawner)
    assert (tmp_path / "siti" / "00_facilitator.ipynb").is_file()
    assert spawner.notebook_dir == str(tmp_path / "siti")
    settings = tmp_path / "siti" / ".planning-lab" / "user-settings"
    assert any(settings.rglob("themes.jupyterlab-settings"))
    assert ("--allow-root" in spawner.args) == (os.geteuid() == 0)
    # The notebooks run as they open, as in planning lab.
    assert f"--LabApp.extra_labextensions_path={labextensions_dir()}" in spawner.args
