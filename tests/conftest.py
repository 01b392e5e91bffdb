"""Shared fixtures: fresh workshops, the demo workshop, a home folder out of the user's."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from planning import create_workshop
from planning.demo import build_demo

ARTIFACTS = Path(__file__).parent / "artifacts"

# The stage notebooks run under nbval in kernels that inherit this process's environment:
# they open the demo workshop on purpose, built in a folder of this run's own.
os.environ.setdefault("PLANNING_HOME", tempfile.mkdtemp(prefix="planning-home-"))
os.environ.setdefault("PLANNING_WORKSHOP", "demo")


@pytest.fixture(autouse=True)
def _planning_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Keep every test's demo and workshops out of the user's home folder."""
    home = tmp_path_factory.getbasetemp() / "planning-home"
    home.mkdir(exist_ok=True)
    monkeypatch.setenv("PLANNING_HOME", str(home))
    monkeypatch.delenv("PLANNING_WORKSHOP", raising=False)


@pytest.fixture
def ws(tmp_path: Path):
    """A new, empty workshop in English."""
    workshop = create_workshop(
        tmp_path / "w.sqlite", title="Test workshop", desa="Sukamaju", language="en"
    )
    yield workshop
    workshop.close()


@pytest.fixture
def ws_id(tmp_path: Path):
    """A new, empty workshop in Bahasa Indonesia."""
    workshop = create_workshop(tmp_path / "w-id.sqlite", title="Lokakarya uji", language="id")
    yield workshop
    workshop.close()


# A PostgreSQL server the store's tests also run against (.ci/run starts a throwaway one):
# a URL to a database on it that the tests may create databases from, e.g.
# postgresql+psycopg://postgres@127.0.0.1:5433/postgres.
POSTGRES = "PLANNING_TEST_POSTGRES"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database for this test, dropped after it."""
    server = os.environ.get(POSTGRES, "")
    if not server:
        reason = f"{POSTGRES} is not set: no PostgreSQL server to test against (.ci/run starts one)"
        if os.environ.get("PLANNING_REQUIRE_POSTGRES"):
            pytest.fail(reason)
        pytest.skip(reason)
    import sqlalchemy as sa
    from sqlalchemy.pool import NullPool

    name = f"planning_test_{uuid.uuid4().hex[:16]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield sa.engine.make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a new workshop goes: a SQLite file, then a new PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "w.sqlite")
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo workshop, built once per test session; copy it before changing it."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    build_demo(path).close()
    return path


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path):
    """A private copy of the demo workshop, free to change."""
    from planning import open_workshop

    copy = tmp_path / "demo.sqlite"
    shutil.copy(demo_file, copy)
    workshop = open_workshop(copy)
    yield workshop
    workshop.close()


# Fixture notebooks are inputs of the handout tests, not notebooks to run on their own; the
# conftest files are plugins, not modules to search for doctests (two share the name).
collect_ignore_glob = ["fixtures/*", "browser/fixtures/*", "*/perf_check.py"]
collect_ignore = ["conftest.py", "browser/conftest.py"]


@pytest.hookimpl(trylast=True)  # after tests/browser/conftest.py has marked its tests
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip every test that needs Chromium (the ``browser`` marker) when it is missing,
    saying why, unless CI is set: there they run, and fail without it."""
    from offline_browser import skip_without_chromium

    skip = skip_without_chromium()
    if skip is None:
        return
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(skip)
