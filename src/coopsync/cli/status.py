"""`coopsync status`: the last runs and how each channel is doing."""

from __future__ import annotations

from typing import Annotated

import typer

from coopsync.cli.context import ConfigOption, command


def status(
    ctx: typer.Context,
    config: ConfigOption = None,
    runs: Annotated[int, typer.Option("--runs", "-n", help="How many recent runs to show.")] = 5,
) -> None:
    """Show the last runs and each channel's health (last success, last failure, its error)."""
    with command(ctx, config) as cli:
        from rich.console import Console

        from coopsync.cli.render import status_tables
        from coopsync.cli.session import open_store, state_path

        loaded = cli.load_config()
        zone = loaded.config.shop.timezone
        console = Console(highlight=False)
        if not state_path(loaded).exists():
            cli.echo(
                "Belum pernah jalan: mulai dengan `coopsync sync`."
                if cli.lang == "id"
                else "No run yet: start with `coopsync sync`."
            )
            return
        with open_store(loaded) as store:
            last = store.last_runs(runs)
            health = store.channel_health()
        table, channels_table = status_tables(
            last, health, list(loaded.config.channels), zone, cli.lang
        )
        if not cli.quiet:
            console.print(table)
            console.print(channels_table)


def register(app: typer.Typer) -> None:
    app.command(help=status.__doc__, epilog="Example: coopsync status -n 10")(status)
