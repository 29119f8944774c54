"""`coopsync sync`, `push`, `pull` and `plan`: the engine's commands (thin: parse, run, render)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

import typer

from coopsync.cli.context import Cli, ConfigOption, command

if TYPE_CHECKING:
    from coopsync.engine.run import RunOptions, RunResult

ChannelsOption = Annotated[
    list[str] | None,
    typer.Option("--channel", "-C", metavar="NAME", help="Only this channel (repeat for several)."),
]
DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Work out and show the changes; send nothing.")
]
ForceOption = Annotated[
    bool,
    typer.Option("--force", help="Apply even a plan that would zero or delist most listings."),
]
KeepDriftOption = Annotated[
    bool,
    typer.Option(
        "--keep-drift",
        help="Report stock or prices changed on a channel, but leave them (default: catalog wins).",
    ),
]
FullOption = Annotated[
    bool,
    typer.Option(
        "--full",
        help="Read every listing on the channels, not only those changed since the last run "
        "(done anyway once a day: `full_read_hours`).",
    ),
]
SinceOption = Annotated[
    str | None,
    typer.Option(
        "--since",
        metavar="YYYY-MM-DD",
        help="Pull orders changed since this date (YYYY-MM-DD, shop time) instead of the last run "
        "(first run: 30 days back).",
        show_default=False,
    ),
]


def _run(cli: Cli, options: RunOptions, only: list[str] | None) -> RunResult:
    """Run the engine with a progress bar on a terminal, and log failures for cron."""
    import asyncio
    import logging

    from rich.console import Console

    from coopsync.cli.render import BarProgress
    from coopsync.cli.session import run_engine

    loaded = cli.load_config()
    console = Console(highlight=False)
    bar = BarProgress(console) if console.is_terminal and not cli.quiet else None
    if bar is not None:
        with bar:
            result = asyncio.run(run_engine(loaded, options, only=only, progress=bar))
    else:
        result = asyncio.run(run_engine(loaded, options, only=only))
    if cli.quiet or cli.log_format == "json":
        log = logging.getLogger("coopsync.sync")
        for failure in result.summary.failures():
            log.error(
                "[%s] %s%s: %s — %s",
                failure.channel,
                f"{failure.sku} " if failure.sku else "",
                failure.action,
                failure.message,
                failure.hint,
                extra={"channel": failure.channel, "sku": failure.sku, "action": failure.action},
            )
    return result


def _finish(cli: Cli, result: RunResult) -> None:
    from rich.console import Console

    from coopsync.cli.render import print_summary, summary_json

    if not cli.quiet:
        if cli.log_format == "json":
            from coopsync.state.timestamps import utc_now

            typer.echo(summary_json(result.summary, shop=cli.shop_name, at=utc_now()))
        else:
            print_summary(Console(highlight=False), result.summary, cli.lang)
    cli.exit(int(result.summary.exit_code))


def _options(
    command_name: str,
    cli: Cli,
    *,
    dry_run: bool = False,
    force: bool = False,
    keep_drift: bool = False,
    since: str | None = None,
    full: bool = False,
) -> RunOptions:
    from coopsync.cli.session import parse_since
    from coopsync.engine.run import RunOptions

    timezone = cli.load_config().config.shop.timezone if since else "UTC"
    return RunOptions(
        command_name,
        dry_run=dry_run,
        force=force,
        keep_drift=keep_drift,
        since=parse_since(since, timezone),
        full=full,
    )


def sync(
    ctx: typer.Context,
    config: ConfigOption = None,
    dry_run: DryRunOption = False,
    force: ForceOption = False,
    keep_drift: KeepDriftOption = False,
    since: SinceOption = None,
    channel: ChannelsOption = None,
    full: FullOption = False,
) -> None:
    """Pull orders, work out stock and prices, and push the differences to every channel; after
    writing stock, pull once more and correct what new orders touched."""
    with command(ctx, config) as cli:
        options = _options(
            "sync",
            cli,
            dry_run=dry_run,
            force=force,
            keep_drift=keep_drift,
            since=since,
            full=full,
        )
        _finish(cli, _run(cli, options, channel))


def push(
    ctx: typer.Context,
    config: ConfigOption = None,
    dry_run: DryRunOption = False,
    force: ForceOption = False,
    keep_drift: KeepDriftOption = False,
    channel: ChannelsOption = None,
    full: FullOption = False,
) -> None:
    """Pull orders, then create missing listings and push stock and prices (never stock older
    than the channel's own orders); after writing stock, pull once more and correct it."""
    with command(ctx, config) as cli:
        options = _options(
            "push", cli, dry_run=dry_run, force=force, keep_drift=keep_drift, full=full
        )
        _finish(cli, _run(cli, options, channel))


def pull(
    ctx: typer.Context,
    config: ConfigOption = None,
    since: SinceOption = None,
    channel: ChannelsOption = None,
    full: FullOption = False,
) -> None:
    """Import new and changed orders and adopt the channels' listings; push nothing."""
    with command(ctx, config) as cli:
        _finish(cli, _run(cli, _options("pull", cli, since=since, full=full), channel))


def plan(
    ctx: typer.Context,
    config: ConfigOption = None,
    output: Annotated[
        Literal["table", "json"], typer.Option("--format", "-f", help="table or json.")
    ] = "table",
    keep_drift: KeepDriftOption = False,
    channel: ChannelsOption = None,
) -> None:
    """Show what a sync would change on each channel; change nothing."""
    with command(ctx, config) as cli:
        from rich.console import Console

        from coopsync.cli.render import plan_json, plan_table, print_summary

        result = _run(cli, _options("plan", cli, keep_drift=keep_drift), channel)
        if result.plan is None:
            _finish(cli, result)
            return
        if output == "json":
            typer.echo(plan_json(result.plan))
        elif not cli.quiet:
            console = Console(highlight=False)
            console.print(plan_table(result.plan, cli.lang))
            print_summary(console, result.summary, cli.lang)
        cli.exit(int(result.summary.exit_code))


def register(app: typer.Typer) -> None:
    app.command(
        help=sync.__doc__,
        epilog="Example: coopsync sync -c coopsync.yaml (cron: coopsync -q sync; "
        "nightly: coopsync -q sync --full)",
    )(sync)
    app.command(help=push.__doc__, epilog="Example: coopsync push --dry-run")(push)
    app.command(help=pull.__doc__, epilog="Example: coopsync pull --since 2026-10-01")(pull)
    app.command(help=plan.__doc__, epilog="Example: coopsync plan --format json")(plan)
