"""Connecting to PostgreSQL: the state URL, the shop's schema, the SQL translation, migrations.

One schema per shop (`coopsync_<shop key>`), holding the same tables as a shop's SQLite file:
every query of the SQLite store runs unchanged inside it (`SET search_path`), a shop can be
dropped, dumped or copied alone, and shops never see each other's rows. A fleet reads across
shops by schema name (`shop_schemas`).

The URL's password never reaches a message: it is registered as a secret and every URL shown is
`display_url`'s (password masked). Connection errors are re-raised as `StateUnreachable`
(exit 2) with psycopg's reason, which names host and user but not the password.
"""

from __future__ import annotations

import functools
import hashlib
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from urllib.parse import SplitResult, urlsplit, urlunsplit

from coopsync.errors import ConfigError
from coopsync.secrets import redact, register_secret

if TYPE_CHECKING:
    import psycopg

SCHEMA_PREFIX = "coopsync_"
URL_SCHEMES = ("postgresql", "postgres")
# Two-key advisory locks: this first key is coopsync's ("coop"), the second the shop's.
LOCK_CLASS_RUN = 0x636F6F70
LOCK_CLASS_WRITE = 0x636F6F71
_MAX_IDENTIFIER = 63


class StateUnreachable(ConfigError):
    """The PostgreSQL state database cannot be reached or refused us (exit 2)."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(
            f"cannot open the state database {display_url(url)}: {redact(reason)}",
            hint=(
                "check that PostgreSQL is running and the URL (`state:` in the config or"
                " COOPSYNC_STATE_URL) names the right host, database, user and password"
            ),
        )
        self.code = "state.unreachable"
        self.params = {"url": display_url(url), "reason": redact(reason)}


class StateLost(ConfigError):
    """The PostgreSQL state database went away during a run (exit 2): what was committed
    before stays, and a rerun carries on from it."""

    def __init__(self, reason: str) -> None:
        super().__init__(
            f"the state database went away during the run: {redact(reason)}",
            hint=(
                "check that PostgreSQL is running and reachable, then run again: everything"
                " recorded before is kept and the rerun carries on"
            ),
        )
        self.code = "state.lost"
        self.params = {"reason": redact(reason)}


def state_error(exc: BaseException) -> StateLost | None:
    """A lost or broken connection to the state database, as the user's error (else None)."""
    psycopg = sys.modules.get("psycopg")
    if psycopg is None:
        return None
    if isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError):
        return StateLost(str(exc).strip() or type(exc).__name__)
    return None


def is_postgres_url(url: str | None) -> bool:
    return bool(url) and urlsplit(str(url)).scheme in URL_SCHEMES


def display_url(url: str) -> str:
    """The URL with its password masked (for messages)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[1]
    user = parts.username or ""
    masked: SplitResult = parts._replace(netloc=f"{user}:***@{netloc}")
    return urlunsplit(masked)


def register_url_secret(url: str) -> None:
    register_secret(urlsplit(url).password)


def shop_key(name: str) -> str:
    """A schema-safe key for a shop name: lower-case letters, digits and `_`, at most 63
    characters with the prefix (a long name ends in a short hash of the whole name)."""
    slug = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") or "shop"
    room = _MAX_IDENTIFIER - len(SCHEMA_PREFIX)
    if len(slug) > room:
        digest = hashlib.sha256(name.encode()).hexdigest()[:8]
        slug = f"{slug[: room - 9].rstrip('_')}_{digest}"
    return slug


def schema_for(key: str) -> str:
    if not re.fullmatch(r"[a-z0-9_]{1,54}", key):
        raise ConfigError(f"not a shop key: {key!r} (lower-case letters, digits and _ only)")
    return SCHEMA_PREFIX + key


_PLAIN_INSERT = re.compile(
    r"^\s*INSERT INTO (\w+)\s*\(([\w\s,]+)\)\s*VALUES\s*\(\s*\?(?:\s*,\s*\?)*\s*\)\s*$"
)


@functools.lru_cache(maxsize=512)
def translate(sql: str) -> str:
    """The shared store SQL with PostgreSQL's placeholders: `?` -> `%s`, `:name` ->
    `%(name)s`, `json_each(x)` -> `json_array_elements_text(CAST(x AS json))`."""
    sql = sql.replace("%", "%%")
    sql = re.sub(r"json_each\(([^()]*)\)", r"json_array_elements_text(CAST(\1 AS json))", sql)
    sql = re.sub(r"(?<![:\w]):([A-Za-z_]\w*)", r"%(\1)s", sql)
    return sql.replace("?", "%s")


class PgConnection:
    """A psycopg connection (autocommit) speaking the shared store SQL (`state.sql`)."""

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.raw = conn

    def execute(
        self, sql: str, parameters: Sequence[object] | Mapping[str, object] = (), /
    ) -> psycopg.Cursor[Any]:
        return self.raw.execute(translate(sql), parameters)

    def executemany(self, sql: str, parameters: Iterable[Sequence[object]], /) -> None:
        """Run `sql` once per row; a plain `INSERT ... VALUES (?, ...)` of many rows goes in
        as one COPY (a 10,000-line import is one round trip, not 10,000)."""
        rows = list(parameters)
        if not rows:
            return
        plain = _PLAIN_INSERT.match(sql)
        if plain is not None and len(rows) > 1:
            from psycopg import sql as pgsql

            columns = [pgsql.Identifier(name.strip()) for name in plain.group(2).split(",")]
            statement = pgsql.SQL("COPY {} ({}) FROM STDIN").format(
                pgsql.Identifier(plain.group(1)), pgsql.SQL(", ").join(columns)
            )
            with self.raw.cursor() as cursor, cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row(row)
            return
        with self.raw.cursor() as cursor:
            cursor.executemany(translate(sql), rows)

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return self.raw.info.transaction_status != TransactionStatus.IDLE


def connect(url: str, *, application_name: str = "coopsync") -> psycopg.Connection[Any]:
    """An autocommit connection; integral sums come back as int (as from SQLite)."""
    import psycopg
    from psycopg.types.numeric import NumericLoader

    register_url_secret(url)

    class IntegralNumeric(NumericLoader):
        def load(self, data: Any) -> Any:
            value = super().load(data)
            if isinstance(value, Decimal) and value == value.to_integral_value():
                return int(value)
            return value

    try:
        conn = psycopg.connect(
            url, autocommit=True, application_name=application_name, connect_timeout=10
        )
    except psycopg.Error as exc:
        raise StateUnreachable(url, str(exc).strip()) from None
    conn.adapters.register_loader("numeric", IntegralNumeric)
    return conn


def shop_schemas(conn: psycopg.Connection[Any]) -> list[str]:
    """The shop keys that have a schema in this database, sorted."""
    rows = conn.execute(
        "SELECT nspname FROM pg_namespace WHERE nspname LIKE %s ORDER BY nspname",
        (SCHEMA_PREFIX.replace("_", r"\_") + "%",),
    ).fetchall()
    return [str(name)[len(SCHEMA_PREFIX) :] for (name,) in rows]


def lock_key(schema: str) -> int:
    """The shop's advisory-lock key: a stable signed 32-bit number from its schema name."""
    digest = hashlib.sha256(schema.encode()).digest()
    return int.from_bytes(digest[:4], "big", signed=True)
