"""Fixtures shared by every test folder (keep this small; folders add their own conftest)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from pg_server import REQUIRE_ENV, PgServer, Unavailable
from pg_server import pg_server as start_pg_server

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True, scope="session")
def fakes_check_their_indexes() -> Iterator[None]:
    """Every platform fake checks its lookup indexes against its store around each request
    (coopsync.sandbox.sku_index): an index a change forgot fails the test that made it."""
    from coopsync.sandbox.marketplace import FakeMarketplace

    FakeMarketplace.check_indexes = True
    yield
    FakeMarketplace.check_indexes = False


@pytest.fixture
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture
def example_config() -> Path:
    """The sandbox shop from the README: must always validate with no environment."""
    return REPO_ROOT / "config.example.yaml"


@pytest.fixture
def run_cli() -> Callable[..., Result]:
    """Run `coopsync ARGS...` in-process; the result has exit_code, stdout and stderr."""
    from coopsync.cli.app import app

    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str | None] | None = None) -> Result:
        return runner.invoke(app, list(args), env=env)

    return invoke


# --- PostgreSQL: a real server the tests start themselves (see tests/pg_server.py) ---------


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """The session's PostgreSQL server; skips (fails under COOPSYNC_REQUIRE_POSTGRESQL=1) with
    the reason when none can be had."""
    try:
        with start_pg_server() as server:
            yield server
    except Unavailable as exc:
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(f"PostgreSQL is required here ({REQUIRE_ENV}=1) but: {exc}")
        pytest.skip(f"PostgreSQL tests skipped: {exc}")


@pytest.fixture
def pg_url(pg_server: PgServer) -> Iterator[str]:
    """A fresh, empty database on the session's server for this test; yields its URL
    (`postgresql://postgres@127.0.0.1:PORT/NAME`). Dropped afterwards."""
    with pg_server.database() as url:
        yield url
