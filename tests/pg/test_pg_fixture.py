"""The PostgreSQL test fixture itself: a real server, a fresh database per test."""

from __future__ import annotations

import pytest


def test_pg_url_is_a_fresh_database_that_takes_writes(pg_url: str) -> None:
    import psycopg

    with psycopg.connect(pg_url) as conn:
        tables = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()
        assert tables == (0,)
        conn.execute("CREATE TABLE t (n integer)")
        conn.execute("INSERT INTO t VALUES (1), (2)")
        assert conn.execute("SELECT sum(n) FROM t").fetchone() == (3,)
        version = conn.execute("SHOW server_version_num").fetchone()
        assert version is not None and int(version[0]) >= 130000


@pytest.mark.parametrize("round_", [1, 2])
def test_each_test_gets_its_own_database(pg_url: str, round_: int) -> None:
    import psycopg

    with psycopg.connect(pg_url) as conn:
        # The table made by the other round (or the test above) is not here.
        conn.execute("CREATE TABLE only_mine (n integer)")
