"""The fleet's procrastinate app: sync tasks, the periodic ticks, and stalled-job recovery.

- `coopsync:quiet_sync(shop)` and `coopsync:full_sync(shop)`: one sync of one shop. Their only
  argument is the shop's fleet name. Each is deferred with `queueing_lock="<kind>:<shop>"` (a
  shop waits in the queue once per kind, however many ticks pass) and `lock="shop:<shop>"`
  (never two jobs of one shop at once, on any number of workers).
- `coopsync:tick(timestamp)`: procrastinate's periodic task, registered twice (`quiet` every N
  minutes, `full` nightly); each tick queues one sync per shop. Procrastinate defers each tick
  once, whatever the number of workers.
- `coopsync:recover(timestamp)`: every minute, jobs of a worker that stopped sending its
  heartbeat (killed, machine gone) go back to the queue (procrastinate's stalled jobs).
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import procrastinate
from procrastinate import JobContext, RetryStrategy
from procrastinate.exceptions import AlreadyEnqueued

from coopsync.fleet import registry
from coopsync.fleet.runner import ShopRun, sync_shop

log = logging.getLogger("coopsync.fleet")

TASKS = {"quiet": "coopsync:quiet_sync", "full": "coopsync:full_sync"}
TICK_TASK = "coopsync:tick"
RECOVER_TASK = "coopsync:recover"
QUEUE = "coopsync"
# A crashed sync (an exception, not a channel failure) or a shop whose run lock is held by a
# hand-run sync: tried again after about 5 s, 25 s, 2 min and 10 min, then left to the next tick.
RETRY = RetryStrategy(max_attempts=5, exponential_wait=5)
STALLED_AFTER = 30.0  # seconds without a heartbeat before a worker's jobs are taken back


class LockHeldElsewhere(Exception):
    """The shop's run lock is held outside the fleet (a hand-run sync): try again later."""


@dataclass(frozen=True)
class Schedule:
    """When the ticks come, as cron lines in UTC (procrastinate's periodic tasks)."""

    quiet: str = "*/10 * * * *"
    full: str = "0 19 * * *"  # 02:00 WIB


def schedule_of(conn: Any) -> Schedule:
    return Schedule(
        quiet=registry.get_setting(conn, "schedule.quiet") or Schedule.quiet,
        full=registry.get_setting(conn, "schedule.full") or Schedule.full,
    )


def _url(context: JobContext) -> str:
    return str(context.additional_context["fleet_url"])


def _worker_name(context: JobContext) -> str:
    return str(context.worker_name or f"{socket.gethostname()}:{os.getpid()}")


async def run_shop_job(context: JobContext, shop: str, kind: str) -> ShopRun | None:
    """One shop's sync as a job: record it, run it, park what needs a person."""
    url = _url(context)
    job_id = context.job.id if context.job else None
    with registry.connect(url) as conn:
        found = registry.shop(conn, shop)
        if found is None:
            log.warning("shop %s is no longer in the fleet: job %s skipped", shop, job_id)
            return None
        if registry.job_done(conn, job_id):
            log.warning("job %s (shop %s) was done before its worker died: not again", job_id, shop)
            return None
        parked = registry.parked(conn, shop)
        others = [s.name for s in registry.shops(conn)]
        run_id = registry.start_run(conn, shop, job_id, kind, _worker_name(context))
    try:
        # In a thread with its own event loop: a sync's CPU work (a first sync of a big
        # catalog) must not hold up the worker's heartbeat, or other workers would take its
        # job back as stalled while it still runs.
        result = await asyncio.to_thread(
            _sync_in_thread, shop, found.config, kind, parked, dict(os.environ), others
        )
    except BaseException as exc:
        with registry.connect(url) as conn:
            registry.finish_run(conn, run_id, 5, "crashed", type(exc).__name__)
        raise
    with registry.connect(url) as conn:
        for channel in result.renewed:
            registry.resume(conn, shop, channel)
        for channel, reason in result.park.items():
            registry.park(conn, shop, channel, reason)
        registry.finish_run(conn, run_id, result.exit_code, result.outcome, result.message)
    if result.retry:
        raise LockHeldElsewhere(result.message)
    return result


def _sync_in_thread(
    shop: str,
    config: str,
    kind: str,
    parked: list[registry.Parked],
    environ: dict[str, str],
    others: list[str],
) -> ShopRun:
    return asyncio.run(sync_shop(shop, config, kind, parked=parked, environ=environ, others=others))


async def quiet_sync(context: JobContext, shop: str) -> None:
    await run_shop_job(context, shop, "quiet")


async def full_sync(context: JobContext, shop: str) -> None:
    await run_shop_job(context, shop, "full")


async def queue_syncs(
    app: procrastinate.App,
    url: str,
    kind: str,
    tick: str,
    *,
    only: Sequence[str] | None = None,
) -> dict[str, int]:
    """One sync of `kind` per shop in the fleet, for `tick`. A shop already waiting in the
    queue for this kind is not queued twice; a shop already queued for this tick (a tick
    retried after its worker died) neither: the tick row is written before the job."""
    task = app.tasks[TASKS[kind]]
    queued: dict[str, int] = {}
    with registry.connect(url) as conn:
        names = [s.name for s in registry.shops(conn) if only is None or s.name in only]
        for name in names:
            if not registry.claim_tick(conn, tick, name):
                continue
            conn.commit()
            try:
                job_id = await task.configure(
                    queueing_lock=f"{kind}:{name}", lock=f"shop:{name}"
                ).defer_async(shop=name)
            except AlreadyEnqueued:
                continue
            registry.record_tick(conn, tick, name, job_id)
            conn.commit()
            queued[name] = job_id
    return queued


async def tick(context: JobContext, timestamp: int, kind: str = "quiet") -> None:
    at = datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="minutes")
    queued = await queue_syncs(context.app, _url(context), kind, f"{kind}@{at}")
    log.info("tick %s %s: %d shops queued", kind, at, len(queued))


async def recover_stalled(app: procrastinate.App, stalled_after: float = STALLED_AFTER) -> int:
    """Put the jobs of workers gone silent back in the queue; how many."""
    stalled = list(
        await app.job_manager.get_stalled_jobs(queue=QUEUE, seconds_since_heartbeat=stalled_after)
    )
    for job in stalled:
        await app.job_manager.retry_job(job)
        log.warning("job %s (%s) of a silent worker is queued again", job.id, job.task_name)
    return len(stalled)


async def recover(context: JobContext, timestamp: int) -> None:
    stalled_after = float(context.additional_context.get("stalled_after", STALLED_AFTER))
    await recover_stalled(context.app, stalled_after)


def make_app(url: str) -> procrastinate.App:
    """The procrastinate app on the fleet database (open it before use)."""
    from procrastinate import PsycopgConnector

    app = procrastinate.App(connector=PsycopgConnector(conninfo=url))
    # Registered on each app by full name (a module-level Blueprint would be renamed again by
    # every `add_tasks_from` in the same process).
    app.task(name=TASKS["quiet"], queue=QUEUE, pass_context=True, retry=RETRY)(quiet_sync)
    app.task(name=TASKS["full"], queue=QUEUE, pass_context=True, retry=RETRY)(full_sync)
    app.task(name=TICK_TASK, queue=QUEUE, pass_context=True)(tick)
    app.task(name=RECOVER_TASK, queue=QUEUE, pass_context=True)(recover)
    return app


def add_periodic(app: procrastinate.App, schedule: Schedule) -> None:
    """Register the quiet and nightly ticks and the stalled-job recovery (a running worker)."""
    task = app.tasks[TICK_TASK]
    app.periodic(cron=schedule.quiet, periodic_id="quiet", task_kwargs={"kind": "quiet"})(task)
    app.periodic(cron=schedule.full, periodic_id="full", task_kwargs={"kind": "full"})(task)
    app.periodic(cron="* * * * *", periodic_id="recover")(app.tasks[RECOVER_TASK])


def ensure_schema(conn: Any) -> None:
    """The fleet's tables and procrastinate's, created when missing (many workers may start at
    once: an advisory lock lets one of them do it)."""
    from procrastinate.schema import SchemaManager

    registry.ensure_schema(conn)
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (registry.SCHEMA_LOCK + 1,))
        row = conn.execute("SELECT to_regclass('procrastinate_jobs') AS found").fetchone()
        if row is None or row["found"] is None:
            conn.execute(SchemaManager.get_schema())
