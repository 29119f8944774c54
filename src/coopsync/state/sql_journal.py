"""The second half of what the SQLite and PostgreSQL stores share (see `sql_store`): the
token rows, channel memory, runs and the journal, moving a shop between stores, and the masking
of a dump.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from coopsync.adapters import Clock, TokenPair
from coopsync.secrets import redact, register_secret
from coopsync.state.records import ChannelHealth, RunRecord
from coopsync.state.sql import SqlConnection
from coopsync.state.timestamps import from_text, from_text_or_none, to_text

MASK = "***"
SECRET_COLUMNS = {"tokens": ("access_token", "refresh_token")}


class SqlJournal:
    """Needs the store's connection, its clock and the query of each channel's last error
    (`_LAST_ERRORS`, as each database words it). A store that seals its tokens overrides
    `_seal_token` and `_open_token`; each store's `save_tokens` writes `_token_row` as durably
    as its database can."""

    _conn: SqlConnection
    _clock: Clock
    _LAST_ERRORS: str

    # --- tokens ----------------------------------------------------------------------------
    def _seal_token(self, channel: str, kind: str, token: str) -> str:
        """A token as stored (`kind`: access or refresh); as it is unless the store seals it."""
        return token

    def _open_token(self, channel: str, kind: str, stored: str) -> str:
        """A stored token as the platform issued it."""
        return stored

    def load_tokens(self, channel: str) -> TokenPair | None:
        """The saved token pair of `channel`, if any."""
        row = self._conn.execute(
            "SELECT access_token, refresh_token, access_expires_at, refresh_expires_at"
            " FROM tokens WHERE channel = ?",
            (channel,),
        ).fetchone()
        if row is None:
            return None
        access = self._open_token(channel, "access", row[0])
        refresh = self._open_token(channel, "refresh", row[1])
        register_secret(access)
        register_secret(refresh)
        return TokenPair(access, refresh, from_text(row[2]), from_text_or_none(row[3]))

    def _token_row(self, channel: str, tokens: TokenPair) -> tuple[str | None, ...]:
        """The `SAVE_TOKENS` row of a token pair; its tokens are registered as secrets first,
        so that no log or error shows them."""
        register_secret(tokens.access_token)
        register_secret(tokens.refresh_token)
        refresh_expires = tokens.refresh_expires_at
        return (
            channel,
            self._seal_token(channel, "access", tokens.access_token),
            self._seal_token(channel, "refresh", tokens.refresh_token),
            to_text(tokens.access_expires_at),
            None if refresh_expires is None else to_text(refresh_expires),
            to_text(self._clock()),
        )

    # --- channel memory (KeyValueStore) ---------------------------------------------------
    def token_expiry(self, channel: str) -> datetime | None:
        """When the saved refresh token of `channel` expires (None: no tokens, or no expiry);
        reads no token."""
        row = self._conn.execute(
            "SELECT refresh_expires_at FROM tokens WHERE channel = ?", (channel,)
        ).fetchone()
        return None if row is None else from_text_or_none(row[0])

    def get_value(self, channel: str, key: str) -> str | None:
        """A remembered value of `channel` (e.g. an image id by content hash)."""
        row = self._conn.execute(
            "SELECT value FROM channel_memory WHERE channel = ? AND key = ?", (channel, key)
        ).fetchone()
        return None if row is None else str(row[0])

    def set_value(self, channel: str, key: str, value: str) -> None:
        """Remember a value for `channel`."""
        self._conn.execute(
            "INSERT INTO channel_memory (channel, key, value) VALUES (?, ?, ?)"
            " ON CONFLICT (channel, key) DO UPDATE SET value = excluded.value",
            (channel, key, value),
        )

    # --- runs and the journal ----------------------------------------------------------------
    def journal(
        self,
        run_id: int,
        channel: str,
        action: str,
        sku: str | None,
        detail: str,
        outcome: str,
        message: str,
        at: datetime,
    ) -> None:
        """Record one result; autocommit makes it durable against a crash before returning."""
        self._conn.execute(
            "INSERT INTO journal (run_id, channel, action, sku, detail, outcome, message, at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (run_id, channel, action, sku, detail, str(outcome), redact(message), to_text(at)),
        )

    def finish_run(
        self, run_id: int, at: datetime, status: str, summary: Mapping[str, object]
    ) -> None:
        """Close a run with its status and a JSON-able summary."""
        text = redact(json.dumps(dict(summary), ensure_ascii=False, default=str))
        self._conn.execute(
            "UPDATE runs SET finished_at = ?, status = ?, summary = ? WHERE id = ?",
            (to_text(at), status, text, run_id),
        )

    def last_runs(self, n: int = 10) -> list[RunRecord]:
        """The `n` most recent runs, newest first."""
        rows = self._conn.execute(
            "SELECT id, command, started_at, finished_at, status, summary FROM runs"
            " ORDER BY started_at DESC, id DESC LIMIT ?",
            (n,),
        )
        return [
            RunRecord(
                int(run_id),
                command,
                from_text(started),
                from_text_or_none(finished),
                status,
                json.loads(summary) if summary else {},
            )
            for run_id, command, started, finished, status, summary in rows
        ]

    def channel_health(self) -> dict[str, ChannelHealth]:
        """Last success and failure per channel, with the last failure's message."""
        last_errors = dict(self._conn.execute(self._LAST_ERRORS).fetchall())
        rows = self._conn.execute(
            "SELECT channel, MAX(CASE WHEN outcome = 'ok' THEN at END),"
            "       MAX(CASE WHEN outcome != 'ok' THEN at END)"
            " FROM journal GROUP BY channel ORDER BY channel"
        )
        return {
            channel: ChannelHealth(
                channel,
                from_text_or_none(ok_at),
                from_text_or_none(failed_at),
                last_errors.get(channel),
            )
            for channel, ok_at, failed_at in rows
        }

    # --- moving a shop between stores (state.copy) -------------------------------------------
    def row_count(self, table: str) -> int:
        row = self._conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()
        return int(row[0]) if row else 0

    def token_channels(self) -> list[str]:
        return [str(c) for (c,) in self._conn.execute("SELECT channel FROM tokens ORDER BY 1")]


def masked_rows(
    table: str, columns: list[str], rows: Iterable[Sequence[object]]
) -> list[dict[str, object]]:
    """A dumped table's rows as plain values: its secret columns masked, other text redacted."""
    secret = SECRET_COLUMNS.get(table, ())
    return [
        {
            column: masked(value, column in secret)
            for column, value in zip(columns, row, strict=True)
        }
        for row in rows
    ]


def masked(value: object, secret: bool) -> object:
    """A dumped value: a secret column masked, any other text redacted."""
    if secret:
        return MASK
    # Belt and braces: a platform message journalled before redaction existed, say.
    return redact(value) if isinstance(value, str) else value


SAVE_TOKENS = """
INSERT INTO tokens (channel, access_token, refresh_token, access_expires_at, refresh_expires_at,
                    saved_at)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (channel) DO UPDATE SET
    access_token = excluded.access_token,
    refresh_token = excluded.refresh_token,
    access_expires_at = excluded.access_expires_at,
    refresh_expires_at = excluded.refresh_expires_at,
    saved_at = excluded.saved_at
"""
