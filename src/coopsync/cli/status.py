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
        from rich.table import Table

        from coopsync.cli.render import local
        from coopsync.cli.session import open_store, state_path

        loaded = cli.load_config()
        zone = loaded.config.shop.timezone
        console = Console(highlight=False)
        if not state_path(loaded).exists():
            cli.echo("No run yet: start with `coopsync sync`.")
            return
        with open_store(loaded) as store:
            last = store.last_runs(runs)
            health = store.channel_health()
        table = Table(title="Last runs", title_justify="left")
        for column in ("#", "command", "started", "took", "status", "changes", "failures"):
            table.add_column(column)
        for run in last:
            took = (
                f"{(run.finished_at - run.started_at).total_seconds():.0f}s"
                if run.finished_at
                else "-"
            )
            channels = run.summary.get("channels", {})
            changes = failures = 0
            if isinstance(channels, dict):
                for outcome in channels.values():
                    if isinstance(outcome, dict):
                        changes += sum(
                            int(outcome.get(k, 0) or 0)
                            for k in ("created", "adopted", "updated", "stock_set", "prices_set")
                        )
                        failures += len(outcome.get("failures", []) or [])
            state = run.status or ("running" if run.finished_at is None else "?")
            style = {"ok": "green", "failures": "yellow"}.get(state, "red")
            table.add_row(
                str(run.run_id),
                run.command,
                local(run.started_at, zone),
                took,
                f"[{style}]{state}[/{style}]",
                str(changes),
                str(failures),
            )
        channels_table = Table(title="Channels", title_justify="left")
        for column in ("channel", "health", "last success", "last failure", "last error"):
            channels_table.add_column(column)
        for name in loaded.config.channels:
            entry = health.get(name)
            if entry is None:
                channels_table.add_row(name, "[dim]no run yet[/dim]", "-", "-", "")
                continue
            channels_table.add_row(
                name,
                "[green]ok[/green]" if entry.healthy else "[red]failing[/red]",
                local(entry.last_success_at, zone),
                local(entry.last_failure_at, zone),
                entry.last_error or "",
            )
        if not cli.quiet:
            console.print(table)
            console.print(channels_table)


def register(app: typer.Typer) -> None:
    app.command(help=status.__doc__, epilog="Example: coopsync status -n 10")(status)
