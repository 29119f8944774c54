"""The PostgreSQL store's tokens (sealed), channel memory, runs and journal, and support (dump,
moving a shop between stores): the second half of `PostgresStore`, kept apart for size.

The SQL is the SQLite store's; tokens are sealed with the shop's key (`token_seal`) and a dump
masks them anyway.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import datetime

from coopsync.adapters import Clock, TokenPair
from coopsync.state.pg_conn import PgConnection
from coopsync.state.sql_store import SAVE_TOKENS, SqlStore, masked_rows
from coopsync.state.timestamps import to_text
from coopsync.state.token_seal import TokenSeal

_LAST_ERRORS = """
SELECT channel, message FROM (
    SELECT channel, message,
           ROW_NUMBER() OVER (PARTITION BY channel ORDER BY at DESC, id DESC) AS newest
    FROM journal WHERE outcome != 'ok'
) AS ranked WHERE newest = 1
"""


class PgSupport(SqlStore):
    """Needs the store's connection, seal, clock, schema and write transaction."""

    _LAST_ERRORS = _LAST_ERRORS

    _conn: PgConnection
    _seal: TokenSeal
    _clock: Clock
    schema: str

    def _transaction(self) -> AbstractContextManager[PgConnection]:
        raise NotImplementedError

    # --- tokens (sealed with the shop's key) and channel memory ------------------------------
    def _seal_token(self, channel: str, kind: str, token: str) -> str:
        return self._seal.seal(channel, kind, token)

    def _open_token(self, channel: str, kind: str, stored: str) -> str:
        return self._seal.open(channel, kind, stored)

    def save_tokens(self, channel: str, tokens: TokenPair) -> None:
        """Persist sealed, durably (synchronous_commit on) before returning."""
        row = self._token_row(channel, tokens)
        with self._transaction() as conn:
            conn.raw.execute("SET LOCAL synchronous_commit = on")
            conn.execute(SAVE_TOKENS, row)

    # --- runs and the journal ----------------------------------------------------------------
    def start_run(self, command: str, at: datetime) -> int:
        row = self._conn.execute(
            "INSERT INTO runs (command, started_at) VALUES (?, ?) RETURNING id",
            (command, to_text(at)),
        ).fetchone()
        assert row is not None
        return int(row[0])

    # --- moving a shop between stores (state.copy) -------------------------------------------
    def export_rows(self, table: str) -> tuple[list[str], list[tuple[object, ...]]]:
        """Every row of `table` as stored (tokens: use load_tokens)."""
        cursor = self._conn.execute(f'SELECT * FROM "{table}"')
        rows = [tuple(row) for row in cursor.fetchall()]
        return [d.name for d in cursor.description or ()], rows

    def import_rows(self, table: str, columns: list[str], rows: list[tuple[object, ...]]) -> None:
        """Insert rows exported from another store, as they are; ids go on after the largest."""
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        with self._transaction() as conn:
            conn.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)
            if "id" in columns:
                conn.raw.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'),"
                    f' (SELECT COALESCE(MAX(id), 0) + 1 FROM "{table}"), false)',
                    (f"{self.schema}.{table}",),
                )

    # --- support -----------------------------------------------------------------------------
    def tables(self) -> list[str]:
        """The shop's tables (the schema version table excluded), sorted."""
        rows = self._conn.execute(
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema = ? AND table_type = 'BASE TABLE' ORDER BY table_name",
            (self.schema,),
        )
        return [str(name) for (name,) in rows if name != "coopsync_schema"]

    def dump(self) -> dict[str, list[dict[str, object]]]:
        """Every table as rows of plain values, tokens masked (for `--debug` and support)."""
        result: dict[str, list[dict[str, object]]] = {}
        for table in self.tables():
            cursor = self._conn.raw.execute(f'SELECT * FROM "{table}"')
            columns = [d.name for d in cursor.description or ()]
            result[table] = masked_rows(table, columns, cursor)
        return result
