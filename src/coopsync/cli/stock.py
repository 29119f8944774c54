"""`coopsync stock`: record a physical count or an adjustment, and show the stock of SKUs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from coopsync.cli.context import Cli, ConfigOption, command
from coopsync.errors import ConfigError, CoopsyncError
from coopsync.state import timestamps

if TYPE_CHECKING:  # the catalog and config models load when a command runs, not for --help
    from coopsync.config import LoadedConfig

stock_app = typer.Typer(
    rich_markup_mode=None,  # plain help: rich's markdown costs more than the rest of --help
    help="Physical counts and the stock position of each SKU.",
    no_args_is_help=True,
)


NoPullOption = Annotated[
    bool,
    typer.Option(
        "--no-pull",
        help="Do not import orders first (offline, e.g. at a bazaar); recount after the next sync.",
    ),
]


def _pull_orders_first(loaded: LoadedConfig, command: str, lang: str) -> str | None:
    """Import the orders shipped since the last run, so that the count is dated after them.

    A count says what is on the shelf now. An order that shipped before it but is first seen
    later (already completed) would otherwise be subtracted from the count a second time.
    Returns why the pull failed, or None.
    """
    import asyncio

    from coopsync.cli.session import run_engine
    from coopsync.engine.run import RunOptions
    from coopsync.i18n import t

    options = RunOptions("pull", record_as=command)
    try:
        result = asyncio.run(run_engine(loaded, options, simulate_buyers=False))
    except CoopsyncError as exc:
        return str(exc)
    if result.summary.exit_code != 0:
        return t("stock.pull_failed", lang)
    return None


def _warn_unpulled(cli: Cli, why: str | None) -> None:
    """Shown without -v: the count may need doing again."""
    cli.warn(cli.t("stock.unpulled", why=why) if why else cli.t("stock.no_pull"))


def _known_sku(cli: Cli, sku: str, skus: list[str]) -> None:
    if sku not in skus:
        raise ConfigError(cli.t("stock.no_sku", sku=sku))


@stock_app.command(
    "count",
    context_settings={"ignore_unknown_options": True},  # `count SKU -1` is explained, not refused
    epilog="Example: coopsync stock count BTK-001-M 12 (12 on the shelf now)",
)
def count(
    ctx: typer.Context,
    sku: Annotated[str, typer.Argument(help="Master SKU.")],
    quantity: Annotated[str, typer.Argument(help="Units on the shelf now.", metavar="QUANTITY")],
    reason: Annotated[str, typer.Option("--reason", help="Why (shown in history).")] = "",
    no_pull: NoPullOption = False,
    config: ConfigOption = None,
) -> None:
    """Record a physical count: QUANTITY units of SKU are on the shelf now.

    Orders are imported first, so that what shipped before the count is not subtracted again.
    """
    with command(ctx, config) as cli:
        from coopsync.cli.session import open_store
        from coopsync.state.choose import run_lock
        from coopsync.state.records import CountSource
        from coopsync.state.timestamps import utc_now

        units = _units(cli, quantity, sku)
        loaded = cli.load_config()
        _known_sku(cli, sku, loaded.catalog.skus())
        failed = None if no_pull else _pull_orders_first(loaded, "stock count", cli.lang)
        if failed or no_pull:
            _warn_unpulled(cli, failed)
        with run_lock(loaded, "stock count"), open_store(loaded) as store:
            store.add_count(sku, units, utc_now(), CountSource.COUNT, reason)
        cli.echo(cli.t("stock.counted", sku=sku, n=units))


def _units(cli: Cli, quantity: str, sku: str) -> int:
    """QUANTITY as a count: a whole number, not below zero (each said plainly)."""
    try:
        units = int(quantity)
    except ValueError:
        raise ConfigError(cli.t("stock.count_not_number", got=quantity)) from None
    if units < 0:
        raise ConfigError(cli.t("stock.count_negative", n=units, sku=sku))
    from coopsync.catalog import MAX_STOCK

    if units > MAX_STOCK:
        raise ConfigError(cli.t("stock.count_huge", n=units, sku=sku, limit=MAX_STOCK))
    return units


@stock_app.command(
    "adjust",
    context_settings={"ignore_unknown_options": True},
    epilog='Example: coopsync stock adjust BTK-001-M -2 --reason "rusak kena air"',
)
def adjust(
    ctx: typer.Context,
    sku: Annotated[str, typer.Argument(help="Master SKU.")],
    change: Annotated[str, typer.Argument(help="+N found or made, -N broken or lost.")],
    reason: Annotated[str, typer.Option("--reason", help="Why (required).")] = "",
    no_pull: NoPullOption = False,
    config: ConfigOption = None,
) -> None:
    """Change the shelf count of SKU by +N or -N (a new count from the current one)."""
    with command(ctx, config) as cli:
        from coopsync.cli.session import open_store
        from coopsync.ledger import position
        from coopsync.state.choose import run_lock
        from coopsync.state.records import CountSource
        from coopsync.state.timestamps import utc_now

        try:
            delta = int(change)
        except ValueError:
            raise ConfigError(cli.t("stock.change_not_number", got=change)) from None
        if not reason:
            raise ConfigError(cli.t("stock.needs_reason"))
        loaded = cli.load_config()
        _known_sku(cli, sku, loaded.catalog.skus())
        failed = None if no_pull else _pull_orders_first(loaded, "stock adjust", cli.lang)
        if failed or no_pull:
            _warn_unpulled(cli, failed)
        with run_lock(loaded, "stock adjust"), open_store(loaded) as store:
            inputs = store.ledger_inputs([sku])
            on_hand = (
                position(inputs[sku], loaded.config.restock_returns).on_hand
                if sku in inputs and inputs[sku].count is not None
                else loaded.catalog.by_sku(sku)[1].stock
            )
            new = on_hand + delta
            from coopsync.catalog import MAX_STOCK

            if new > MAX_STOCK:
                raise ConfigError(cli.t("stock.count_huge", n=new, sku=sku, limit=MAX_STOCK))
            if new < 0:
                raise ConfigError(
                    cli.t("stock.would_be_negative", sku=sku, on_hand=on_hand, change=delta)
                )
            store.add_count(sku, new, utc_now(), CountSource.ADJUST, reason)
        cli.echo(cli.t("stock.adjusted", sku=sku, old=on_hand, new=new, reason=reason))


@stock_app.command("show", epilog="Example: coopsync stock show BTK-001-M")
def show(
    ctx: typer.Context,
    sku: Annotated[str | None, typer.Argument(help="One SKU (default: all).")] = None,
    config: ConfigOption = None,
) -> None:
    """Show on hand, reserved and available units, and what each channel was last sent."""
    with command(ctx, config) as cli:
        from rich import box
        from rich.console import Console
        from rich.table import Table

        from coopsync.cli.session import open_store

        loaded = cli.load_config()
        skus = loaded.catalog.skus()
        if sku is not None:
            _known_sku(cli, sku, skus)
            skus = [sku]
        channels = list(loaded.enabled_channels())
        with open_store(loaded) as store:
            # The rule the report reads too: the ledger's, unpaid holds expiring now.
            stock = store.stock_positions(skus, loaded.config.restock_returns, timestamps.utc_now())
            pushed = {name: store.listings_for(name) for name in channels}
            counts = {s: store.last_count(s) for s in skus}
        table = Table(
            title=cli.t("stock.title"), title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False
        )
        columns = cli.t("stock.columns").split("|")
        for index, column in enumerate(columns):
            table.add_column(
                column,
                justify="left" if index in (0, 4) else "right",
                no_wrap=index == 0,
                min_width=len(column),
            )
        for name in channels:
            table.add_column(name, justify="right", min_width=len(name))
        for s in skus:
            here = stock.get(s)
            last = counts[s]
            row = [
                s,
                *(
                    ("-", "-", "-")
                    if here is None or last is None
                    else (str(here.on_hand), str(here.reserved), str(here.available))
                ),
                str(last.quantity) if last else cli.t("stock.not_yet"),
            ]
            for name in channels:
                listing = pushed[name].get(s)
                value = listing.pushed_stock if listing else None
                row.append("-" if value is None else str(value))
            table.add_row(*row)
        if not cli.quiet:
            console = Console(highlight=False)
            if not console.is_terminal:  # a log file or a pipe: room for every channel
                console = Console(highlight=False, width=max(120, 16 * (5 + len(channels))))
            console.print(table)


def register(app: typer.Typer) -> None:
    from coopsync.cli import stock_move

    stock_move.register(stock_app)
    app.add_typer(stock_app, name="stock", epilog="Example: coopsync stock show")
