"""`doctor` calls an empty or cut-short state file damaged, as `sync` does."""

from __future__ import annotations

import os
from pathlib import Path

from coopsync.onboarding.checks import Status
from coopsync.onboarding.doctor import state_check
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


def test_doctor_checks_a_shop_schema_on_postgresql(pg_url: str) -> None:
    import psycopg

    from coopsync.onboarding.doctor import problems_check
    from coopsync.state.choose import pg_problems
    from coopsync.state.postgres import PostgresStore

    assert pg_problems(pg_url, "shop_a") is None  # none yet: a new shop
    assert problems_check(pg_problems(pg_url, "shop_a")).status is Status.OK
    PostgresStore(pg_url, "shop_a").close()
    assert pg_problems(pg_url, "shop_a") == []
    with psycopg.connect(pg_url, autocommit=True) as raw:
        raw.execute("UPDATE coopsync_shop_a.coopsync_schema SET version = version + 5")
    newer = problems_check(pg_problems(pg_url, "shop_a"))
    assert newer.status is Status.FAIL and "newer coopsync" in str(newer.params)
