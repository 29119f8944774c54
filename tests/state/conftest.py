"""Fixtures for the state store tests: a fresh SQLite store on a moveable clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from state_factories import TOKEN_KEY, FakeClock

from coopsync.state.postgres import PostgresStore
from coopsync.state.sqlite import SqliteStore


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def state_path(tmp_path: Path) -> Path:
    return tmp_path / ".coopsync" / "state.db"


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    """Each store test runs on both stores: the conformance of PostgresStore to SqliteStore."""
    return str(request.param)


@pytest.fixture
def open_store(
    request: pytest.FixtureRequest, backend: str, state_path: Path, clock: FakeClock
) -> Callable[[], SqliteStore | PostgresStore]:
    """Open (again) the test's store: the same SQLite file, or the same shop's schema."""
    if backend == "sqlite":
        return lambda: SqliteStore(state_path, clock=clock)
    url = request.getfixturevalue("pg_url")
    return lambda: PostgresStore(url, "test_shop", clock=clock, token_key=TOKEN_KEY)


@pytest.fixture
def store(open_store: Callable[[], SqliteStore | PostgresStore]) -> Iterator[SqliteStore]:
    with open_store() as opened:
        yield opened  # type: ignore[misc]


@pytest.fixture
def sqlite_store(state_path: Path, clock: FakeClock) -> Iterator[SqliteStore]:
    """The SQLite store alone, for what only a file has (permissions, header, the file)."""
    with SqliteStore(state_path, clock=clock) as opened:
        yield opened
