"""`doctor` calls an empty or cut-short state file damaged, as `sync` does."""

from __future__ import annotations

import os
from pathlib import Path

from coopsync.onboarding.doctor import Status, state_check
from coopsync.state.sqlite import SqliteStore


def test_doctor_calls_an_empty_or_cut_short_state_file_damaged(tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite"
    assert state_check(state).status is Status.OK  # none yet: a new shop
    SqliteStore(state).close()
    assert state_check(state).status is Status.OK
    os.truncate(state, state.stat().st_size // 2)
    assert state_check(state).status is Status.FAIL
    state.write_bytes(b"")
    empty = state_check(state)
    assert empty.status is Status.FAIL and "empty" in str(empty.params)
