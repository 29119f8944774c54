"""The fleet's own tables in PostgreSQL: which shops, which channels wait for a person, how
each run went, which tick queued which job, and the schedule.

Nothing here is a secret: a shop is a name and the path of its config; a parked channel holds
the reason a person must act on (messages are redacted before they get here). Procrastinate
keeps its jobs in its own tables beside these.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg
from psycopg.rows import dict_row

SCHEMA_LOCK = 0x636F6F70  # pg_advisory_xact_lock key: one worker creates the tables at a time

SCHEMA = """
CREATE TABLE IF NOT EXISTS coopsync_fleet_shops (
    name text PRIMARY KEY,
    config text NOT NULL,
    display_name text NOT NULL,
    added_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS coopsync_fleet_parked (
    shop text NOT NULL REFERENCES coopsync_fleet_shops(name) ON DELETE CASCADE,
    channel text NOT NULL,
    reason text NOT NULL,
    parked_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (shop, channel)
);
CREATE TABLE IF NOT EXISTS coopsync_fleet_runs (
    id bigserial PRIMARY KEY,
    shop text NOT NULL REFERENCES coopsync_fleet_shops(name) ON DELETE CASCADE,
    job_id bigint,
    kind text NOT NULL,
    worker text NOT NULL,
    started_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    exit_code integer,
    outcome text,
    message text NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS coopsync_fleet_runs_shop ON coopsync_fleet_runs (shop, id DESC);
CREATE TABLE IF NOT EXISTS coopsync_fleet_ticks (
    tick text NOT NULL,
    shop text NOT NULL REFERENCES coopsync_fleet_shops(name) ON DELETE CASCADE,
    job_id bigint,
    queued_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tick, shop)
);
CREATE TABLE IF NOT EXISTS coopsync_fleet_settings (
    key text PRIMARY KEY,
    value text NOT NULL
);
"""


@dataclass(frozen=True)
class FleetShop:
    name: str
    config: str
    display_name: str
    added_at: datetime


@dataclass(frozen=True)
class Parked:
    shop: str
    channel: str
    reason: str
    parked_at: datetime


@dataclass(frozen=True)
class FleetRun:
    id: int
    shop: str
    job_id: int | None
    kind: str
    worker: str
    started_at: datetime
    finished_at: datetime | None
    exit_code: int | None
    outcome: str | None
    message: str


@contextmanager
def connect(url: str) -> Iterator[psycopg.Connection[dict[str, Any]]]:
    """A short connection to the fleet database (commits when the block ends cleanly)."""
    with psycopg.connect(url, row_factory=dict_row, connect_timeout=10) as conn:
        yield conn


def ensure_schema(conn: psycopg.Connection[Any]) -> None:
    """Create the fleet's tables if they are missing (safe with many workers starting)."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
        conn.execute(SCHEMA)


# ---- shops -------------------------------------------------------------------------------------
def add_shop(conn: psycopg.Connection[Any], name: str, config: str, display_name: str) -> bool:
    """Register a shop (or point it at a new config); True when it is new."""
    row = conn.execute(
        """INSERT INTO coopsync_fleet_shops (name, config, display_name) VALUES (%s, %s, %s)
           ON CONFLICT (name) DO UPDATE SET config = EXCLUDED.config,
                                            display_name = EXCLUDED.display_name
           RETURNING (xmax = 0) AS inserted""",
        (name, config, display_name),
    ).fetchone()
    return bool(row and row["inserted"])


def remove_shop(conn: psycopg.Connection[Any], name: str) -> bool:
    cursor = conn.execute("DELETE FROM coopsync_fleet_shops WHERE name = %s", (name,))
    return cursor.rowcount > 0


def shops(conn: psycopg.Connection[Any]) -> list[FleetShop]:
    rows = conn.execute(
        "SELECT name, config, display_name, added_at FROM coopsync_fleet_shops ORDER BY name"
    ).fetchall()
    return [FleetShop(**row) for row in rows]


def shop(conn: psycopg.Connection[Any], name: str) -> FleetShop | None:
    row = conn.execute(
        "SELECT name, config, display_name, added_at FROM coopsync_fleet_shops WHERE name = %s",
        (name,),
    ).fetchone()
    return FleetShop(**row) if row else None


# ---- parked channels ---------------------------------------------------------------------------
def park(conn: psycopg.Connection[Any], shop_name: str, channel: str, reason: str) -> None:
    conn.execute(
        """INSERT INTO coopsync_fleet_parked (shop, channel, reason) VALUES (%s, %s, %s)
           ON CONFLICT (shop, channel) DO UPDATE SET reason = EXCLUDED.reason""",
        (shop_name, channel, reason),
    )


def resume(conn: psycopg.Connection[Any], shop_name: str, channel: str | None = None) -> int:
    """Unpark one channel of a shop, or all of them; how many were parked."""
    if channel is None:
        cursor = conn.execute("DELETE FROM coopsync_fleet_parked WHERE shop = %s", (shop_name,))
    else:
        cursor = conn.execute(
            "DELETE FROM coopsync_fleet_parked WHERE shop = %s AND channel = %s",
            (shop_name, channel),
        )
    return cursor.rowcount


def parked(conn: psycopg.Connection[Any], shop_name: str | None = None) -> list[Parked]:
    rows = conn.execute(
        """SELECT shop, channel, reason, parked_at FROM coopsync_fleet_parked
           WHERE %(shop)s::text IS NULL OR shop = %(shop)s ORDER BY shop, channel""",
        {"shop": shop_name},
    ).fetchall()
    return [Parked(**row) for row in rows]


# ---- runs and ticks ----------------------------------------------------------------------------
def start_run(
    conn: psycopg.Connection[Any], shop_name: str, job_id: int | None, kind: str, worker: str
) -> int:
    row = conn.execute(
        """INSERT INTO coopsync_fleet_runs (shop, job_id, kind, worker) VALUES (%s, %s, %s, %s)
           RETURNING id""",
        (shop_name, job_id, kind, worker),
    ).fetchone()
    assert row is not None
    return int(row["id"])


def finish_run(
    conn: psycopg.Connection[Any], run_id: int, exit_code: int, outcome: str, message: str
) -> None:
    conn.execute(
        """UPDATE coopsync_fleet_runs SET finished_at = now(), exit_code = %s, outcome = %s,
                  message = %s WHERE id = %s""",
        (exit_code, outcome, message[:2000], run_id),
    )


def job_done(conn: psycopg.Connection[Any], job_id: int | None) -> bool:
    """Whether a run of this job already finished (its worker died before procrastinate heard
    of it: the retried job must not sync the shop again)."""
    if job_id is None:
        return False
    row = conn.execute(
        """SELECT 1 FROM coopsync_fleet_runs WHERE job_id = %s AND finished_at IS NOT NULL
           AND outcome <> 'crashed' LIMIT 1""",
        (job_id,),
    ).fetchone()
    return row is not None


def runs(
    conn: psycopg.Connection[Any], shop_name: str | None = None, limit: int = 1000
) -> list[FleetRun]:
    rows = conn.execute(
        """SELECT id, shop, job_id, kind, worker, started_at, finished_at, exit_code, outcome,
                  message
           FROM coopsync_fleet_runs WHERE %(shop)s::text IS NULL OR shop = %(shop)s
           ORDER BY id DESC LIMIT %(limit)s""",
        {"shop": shop_name, "limit": limit},
    ).fetchall()
    return [FleetRun(**row) for row in rows]


def claim_tick(conn: psycopg.Connection[Any], tick: str, shop_name: str) -> bool:
    """Note that `tick` queues this shop; False when it already did (a tick run twice)."""
    row = conn.execute(
        """INSERT INTO coopsync_fleet_ticks (tick, shop) VALUES (%s, %s)
           ON CONFLICT (tick, shop) DO NOTHING RETURNING shop""",
        (tick, shop_name),
    ).fetchone()
    return row is not None


def record_tick(conn: psycopg.Connection[Any], tick: str, shop_name: str, job_id: int) -> None:
    conn.execute(
        "UPDATE coopsync_fleet_ticks SET job_id = %s WHERE tick = %s AND shop = %s",
        (job_id, tick, shop_name),
    )


def tick_jobs(conn: psycopg.Connection[Any], tick: str) -> dict[str, int | None]:
    """The job each shop got from a tick (None: it was already waiting in the queue)."""
    rows = conn.execute(
        "SELECT shop, job_id FROM coopsync_fleet_ticks WHERE tick = %s", (tick,)
    ).fetchall()
    return {row["shop"]: row["job_id"] for row in rows}


# ---- settings ----------------------------------------------------------------------------------
def get_setting(conn: psycopg.Connection[Any], key: str) -> str | None:
    row = conn.execute(
        "SELECT value FROM coopsync_fleet_settings WHERE key = %s", (key,)
    ).fetchone()
    return str(row["value"]) if row else None


def set_setting(conn: psycopg.Connection[Any], key: str, value: str) -> None:
    conn.execute(
        """INSERT INTO coopsync_fleet_settings (key, value) VALUES (%s, %s)
           ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value""",
        (key, value),
    )


def delete_setting(conn: psycopg.Connection[Any], key: str) -> None:
    conn.execute("DELETE FROM coopsync_fleet_settings WHERE key = %s", (key,))
