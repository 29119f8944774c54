"""Fixtures for the state store tests: a fresh SQLite store on a moveable clock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from state_factories import FakeClock

from coopsync.state.sqlite import SqliteStore


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def state_path(tmp_path: Path) -> Path:
    return tmp_path / ".coopsync" / "state.db"


@pytest.fixture
def store(state_path: Path, clock: FakeClock) -> Iterator[SqliteStore]:
    with SqliteStore(state_path, clock=clock) as opened:
        yield opened
