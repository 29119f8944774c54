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


def test_without_postgresql_the_fixture_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    import pg_server

    monkeypatch.delenv(pg_server.URL_ENV, raising=False)
    monkeypatch.setattr(pg_server, "find_pg_bin", lambda: None)
    with pytest.raises(pg_server.Unavailable, match="no PostgreSQL on this machine"):  # noqa: SIM117
        with pg_server.pg_server():
            pass
