"""`coopsync fleet sync`, `schedule` and `worker`: queue syncs, set when the ticks come, work
the queue. The queue, its locks and retries and the periodic ticks are procrastinate's."""

from __future__ import annotations

from typing import Annotated

import typer

from coopsync.cli.context import command


def sync(
    ctx: typer.Context,
    names: Annotated[
        list[str] | None, typer.Argument(help="Only these shops (default: every shop).")
    ] = None,
    full: Annotated[
        bool, typer.Option("--full", help="A full sync (every listing read), as at night.")
    ] = False,
) -> None:
    """Queue one sync per shop now; the workers do it (a shop already waiting is not queued
    twice)."""
    import asyncio

    from coopsync.cli.fleet_db import fleet_db, fleet_url, known_shop

    with command(ctx) as cli:
        from coopsync.fleet import registry
        from coopsync.fleet.jobs import make_app, queue_syncs
        from coopsync.state.timestamps import utc_now

        url = fleet_url(ctx, cli)
        with fleet_db(ctx, cli) as conn:
            every = [s.name for s in registry.shops(conn)]
            for name in names or []:
                known_shop(cli, conn, name)
        if not every:
            cli.echo(cli.t("fleet.empty"))
            return
        kind = "full" if full else "quiet"
        tick = f"{kind}@now-{utc_now().isoformat(timespec='microseconds')}"

        async def queue() -> dict[str, int]:
            app = make_app(url)
            async with app.open_async():
                return await queue_syncs(app, url, kind, tick, only=names or None)

        queued = asyncio.run(queue())
        waiting = len(names or every) - len(queued)
        cli.echo(cli.t("fleet.queued", count=len(queued), kind=kind, waiting=waiting))
        cli.note(f"tick {tick}")


def schedule(
    ctx: typer.Context,
    every: Annotated[
        int | None,
        typer.Option("--every", metavar="MINUTES", help="Quiet sync every N minutes (10)."),
    ] = None,
    nightly: Annotated[
        str | None,
        typer.Option("--nightly", metavar="HH:MM", help="Full sync each night at (02:00)."),
    ] = None,
    timezone: Annotated[
        str, typer.Option("--timezone", help="Time zone of --nightly.")
    ] = "Asia/Jakarta",
) -> None:
    """Show or set when the workers sync every shop: a quiet sync every N minutes and a full
    sync each night (procrastinate periodic tasks, run by `fleet worker`)."""
    from coopsync.cli.fleet_db import fleet_db

    with command(ctx) as cli:
        from zoneinfo import ZoneInfo

        from coopsync.errors import ConfigError
        from coopsync.fleet import registry
        from coopsync.fleet.jobs import schedule_of
        from coopsync.fleet.status import next_tick
        from coopsync.state.timestamps import utc_now

        changed = False
        with fleet_db(ctx, cli) as conn:
            if every is not None:
                if every < 1 or every > 60 or 60 % every:
                    error = ConfigError(f"--every {every} does not divide an hour")
                    error.code, error.params = "fleet.bad_every", {"minutes": every}
                    raise error
                cron = "* * * * *" if every == 1 else f"*/{every} * * * *"
                registry.set_setting(conn, "schedule.quiet", cron)
                changed = True
            if nightly is not None:
                registry.set_setting(conn, "schedule.full", _nightly_cron(nightly, timezone))
                changed = True
            conn.commit()
            chosen = schedule_of(conn)
        now = utc_now()
        zone = ZoneInfo(timezone)
        cli.echo(
            cli.t(
                "fleet.schedule",
                quiet=chosen.quiet,
                full=chosen.full,
                next_quiet=next_tick(chosen.quiet, now).astimezone(zone).strftime("%H:%M %Z"),
                next_full=next_tick(chosen.full, now)
                .astimezone(zone)
                .strftime("%Y-%m-%d %H:%M %Z"),
            )
        )
        if changed:
            cli.echo(cli.t("fleet.schedule_restart"))


def _nightly_cron(text: str, timezone: str) -> str:
    """`02:00` in the shop's zone as a UTC cron line (Indonesia keeps no summer time)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from coopsync.errors import ConfigError

    try:
        hour, minute = (int(part) for part in text.split(":"))
        local = datetime(2026, 1, 1, hour, minute, tzinfo=ZoneInfo(timezone))
    except (ValueError, KeyError):
        error = ConfigError(f"--nightly {text} is not a time of day")
        error.code, error.params = "fleet.bad_time", {"time": text}
        raise error from None
    utc = local.astimezone(ZoneInfo("UTC"))
    return f"{utc.minute} {utc.hour} * * *"


def worker(
    ctx: typer.Context,
    once: Annotated[
        bool,
        typer.Option("--once", help="Work through what is queued, then stop (cron, tests)."),
    ] = False,
    name: Annotated[
        str | None, typer.Option("--name", help="The worker's name in logs and runs.")
    ] = None,
    concurrency: Annotated[
        int, typer.Option("--concurrency", min=1, help="Shops synced at once by this worker.")
    ] = 1,
    stalled_after: Annotated[
        float,
        typer.Option(
            "--stalled-after",
            min=0.5,
            help="Seconds without a heartbeat before a worker's jobs are taken back.",
        ),
    ] = 30.0,
) -> None:
    """Sync shops from the queue until stopped (Ctrl+C, SIGTERM: the shop being synced is
    finished first). Start as many as wanted, on any machine that reaches the database; a
    running worker also queues the scheduled ticks."""
    import asyncio
    import os
    import socket

    from coopsync.cli.fleet_db import fleet_db, fleet_url

    with command(ctx) as cli:
        from coopsync.fleet.jobs import (
            QUEUE,
            add_periodic,
            make_app,
            recover_stalled,
            schedule_of,
        )

        url = fleet_url(ctx, cli)
        with fleet_db(ctx, cli) as conn:
            chosen = schedule_of(conn)
        worker_name = name or f"{socket.gethostname()}:{os.getpid()}"

        async def work() -> int:
            app = make_app(url)
            if not once:
                add_periodic(app, chosen)
            async with app.open_async():
                recovered = await recover_stalled(app, stalled_after)
                await app.run_worker_async(
                    queues=[QUEUE],
                    name=worker_name,
                    wait=not once,
                    concurrency=concurrency,
                    additional_context={"fleet_url": url, "stalled_after": stalled_after},
                    update_heartbeat_interval=max(stalled_after / 3, 0.2),
                    stalled_worker_timeout=stalled_after,
                    fetch_job_polling_interval=min(5.0, max(stalled_after / 3, 0.2)),
                    listen_notify=not once,
                    delete_jobs="successful",
                )
            return recovered

        recovered = asyncio.run(work())
        if recovered:
            cli.note(cli.t("fleet.recovered", count=recovered))
        if once:
            cli.note(cli.t("fleet.worker_done", name=worker_name))


def register(app: typer.Typer) -> None:
    app.command(
        help=sync.__doc__, epilog="Example: coopsync fleet sync   |   coopsync fleet sync --full"
    )(sync)
    app.command(
        help=schedule.__doc__,
        epilog="Example: coopsync fleet schedule --every 10 --nightly 02:00",
    )(schedule)
    app.command(
        help=worker.__doc__,
        epilog="Example: coopsync fleet worker   (systemd: docs/fleet.md)   |   "
        "coopsync fleet worker --once",
    )(worker)
