"""The part of a database connection the shared store queries use (sqlite_orders, sqlite_sales).

`sqlite3.Connection` is one; `coopsync.state.pg_conn.PgConnection` (psycopg underneath, the same
SQL with its placeholders translated) is the other. The queries written against it stay in the
SQL both databases speak: no `MAX(a, b)`, subqueries in FROM carry an alias, JSON lists go through
`json_each(?)` (translated for PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Protocol


class Rows(Protocol):
    """What a query returns: rows as tuples, and how many rows a write touched."""

    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class SqlConnection(Protocol):
    """`execute` and `executemany` with `?` placeholders (or `:name` with a mapping)."""

    def execute(self, sql: str, parameters: Any = ..., /) -> Rows: ...

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> object: ...
