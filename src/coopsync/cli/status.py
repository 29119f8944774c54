"""`coopsync status`: the last runs and how each channel is doing."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Annotated

import typer

from coopsync.cli.context import ConfigOption, command

if TYPE_CHECKING:
    from coopsync.state.records import RunRecord


def status(
    ctx: typer.Context,
    config: ConfigOption = None,
    runs: Annotated[int, typer.Option("--runs", "-n", help="How many recent runs to show.")] = 5,
) -> None:
    """Show the last runs and each channel's health (last success, last failure, its error)."""
    with command(ctx, config) as cli:
        from rich.console import Console

        from coopsync.cli.render_status import listing_reads_table, status_tables
        from coopsync.cli.session import open_store
        from coopsync.state.choose import lock_free, state_exists

        loaded = cli.load_config()
        zone = loaded.config.shop.timezone
        console = Console(highlight=False)
        if not state_exists(loaded):
            cli.echo(cli.t("cli.no_run_yet"))
            return
        from coopsync.engine.listings import listing_cursors

        with open_store(loaded) as opened, opened.snapshot() as store:  # one moment of a sync
            last = store.last_runs(runs)
            health = store.channel_health()
            cursors = {name: listing_cursors(store, name) for name in loaded.config.channels}
        table, channels_table = status_tables(
            interrupted(last, lock_free=lock_free(loaded)),
            health,
            list(loaded.config.channels),
            zone,
            cli.lang,
        )
        if not cli.quiet:
            console.print(table)
            console.print(channels_table)
            reads = {name: times for name, times in cursors.items() if any(times)}
            if reads:
                console.print(listing_reads_table(reads, zone, cli.lang))


def interrupted(runs: list[RunRecord], *, lock_free: bool) -> list[RunRecord]:
    """Runs that never finished, marked `interrupted` once no process can still be running
    them: the lock is free, or a later run started (runs take the lock one at a time)."""
    marked: list[RunRecord] = []
    newest_open = next((run.run_id for run in runs if run.finished_at is None), None)
    for run in runs:
        alive = run.run_id == newest_open and not lock_free
        if run.finished_at is None and run.status is None and not alive:
            run = replace(run, status="interrupted")
        marked.append(run)
    return marked


def register(app: typer.Typer) -> None:
    app.command(help=status.__doc__, epilog="Example: coopsync status -n 10")(status)
