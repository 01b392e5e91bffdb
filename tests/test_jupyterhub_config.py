"""docs/jupyterhub/jupyterhub_config.py: the README's JupyterHub configuration, loaded as
JupyterHub loads it (and by JupyterHub itself when it is installed)."""

from __future__ import annotations

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
    monkeypatch.setenv("PLANNING_FACILITATORS", "siti,budi")


def _load() -> Config:
    config = Config()
    runpy.run_path(str(CONFIG), init_globals={"get_config": lambda: config})
    return config


def test_does_every_server_get_the_workshop_and_the_trainee_page(hub_env):
    """Each user's server gets the PostgreSQL workshop and opens the trainee's page in Voila."""
    c = _load()
    assert c.Spawner.environment["PLANNING_WORKSHOP"] == URL
    assert c.Spawner.default_url == "/voila/render/trainee.ipynb"
    assert c.Authenticator.admin_users == {"siti", "budi"}
    assert c.JupyterHub.services[0]["name"] == "idle-culler"


def test_does_a_facilitator_get_jupyterlab(hub_env):
    """A facilitator's server opens JupyterLab on the facilitator's view; a trainee's stays."""
    hook = _load().Spawner.pre_spawn_hook
    facilitator = SimpleNamespace(user=SimpleNamespace(name="siti"), default_url="/voila/x")
    trainee = SimpleNamespace(user=SimpleNamespace(name="ani"), default_url="/voila/x")
    hook(facilitator)
    hook(trainee)
    assert facilitator.default_url == "/lab/tree/00_facilitator.ipynb"
    assert trainee.default_url == "/voila/x"


def test_is_no_secret_written_in_the_file():
    """The database password and the course password come from the environment only."""
    text = CONFIG.read_text(encoding="utf-8")
    assert "rahasia" not in text and "kursus-2026" not in text
    assert 'os.environ["PLANNING_WORKSHOP"]' in text
    assert 'os.environ["PLANNING_HUB_PASSWORD"]' in text


def test_does_jupyterhub_accept_the_file(hub_env):
    """JupyterHub loads the file and its traits accept every value (skipped without it)."""
    app_module = pytest.importorskip("jupyterhub.app", reason="JupyterHub is not installed here")
    app = app_module.JupyterHub()
    app.load_config_file(str(CONFIG))
    spawner = app.config.Spawner
    assert spawner.default_url == "/voila/render/trainee.ipynb"
    from jupyterhub.authenticators.shared import SharedPasswordAuthenticator
    from jupyterhub.spawner import LocalProcessSpawner

    auth = SharedPasswordAuthenticator(config=app.config)
    assert auth.user_password == "kursus-2026"
    assert LocalProcessSpawner(config=app.config).mem_limit == 400 * 1024 * 1024
