"""`coopsync stock move`: units placed at a manual channel (a consignment corner) and back."""

from __future__ import annotations

from typing import Annotated

import typer

from coopsync.cli.context import ConfigOption, command
from coopsync.errors import ConfigError


def move(
    ctx: typer.Context,
    sku: Annotated[str, typer.Argument(help="Master SKU.")],
    quantity: Annotated[
        int | None, typer.Argument(min=1, help="Units (with --back: default all unsold).")
    ] = None,
    to: Annotated[str | None, typer.Option("--to", help="The manual channel they go to.")] = None,
    back: Annotated[
        bool, typer.Option("--back", help="Bring units back from a channel (--from).")
    ] = False,
    source: Annotated[
        str | None, typer.Option("--from", help="With --back: the channel they come from.")
    ] = None,
    note: Annotated[str, typer.Option("--note", help="Where and why.")] = "",
    config: ConfigOption = None,
) -> None:
    """Place QUANTITY units of SKU at a manual channel (no longer offered online; the corner's
    sales come out of them), or bring back what did not sell with --back."""
    with command(ctx, config) as cli:
        from coopsync.cli.sale import _known_sku
        from coopsync.cli.session import open_store
        from coopsync.engine.catalog_counts import record_catalog_counts
        from coopsync.engine.consignment import units_held
        from coopsync.ledger import position
        from coopsync.offline.sales import pick_channel
        from coopsync.state.records import StockMove
        from coopsync.state.timestamps import utc_now

        loaded = cli.load_config()
        sku = _known_sku(cli, loaded, sku)
        wanted = source if back else to
        if not back and to is None:
            raise ConfigError(cli.t("move.where"), hint=cli.t("move.where_hint"))
        name = pick_channel(loaded.enabled_channels(), wanted, cli.lang)
        now = utc_now()
        with open_store(loaded) as store:
            record_catalog_counts(loaded.catalog, store, now)
            moves = store.stock_moves()
            channels = {m.channel for m in moves} | {name}
            held = units_held(moves, {c: store.channel_sales(c, [sku]) for c in channels})
            here = held.get(name, {}).get(sku, 0)
            elsewhere = sum(units.get(sku, 0) for c, units in held.items() if c != name)
            entry = store.ledger_inputs([sku])[sku]
            available = position(entry, loaded.config.restock_returns).available
            if back:
                units = here if quantity is None else quantity
                if units < 1 or units > here:
                    raise ConfigError(cli.t("move.back_too_many", sku=sku, channel=name, n=here))
                change = -units
            else:
                units = quantity or 0
                free = available - here - elsewhere
                if units < 1 or units > free:
                    raise ConfigError(
                        cli.t("move.too_many", sku=sku, n=units, free=max(0, free)),
                        hint=cli.t("move.too_many_hint"),
                    )
                change = units
            store.add_stock_move(StockMove(name, sku, change, now, note))
        cli.echo(
            cli.t(
                "move.back" if back else "move.placed",
                sku=sku,
                n=units,
                channel=name,
                held=here + change,
                online=available - elsewhere - here - change,
            )
        )


def register(stock_app: typer.Typer) -> None:
    """Add `move` to the `stock` group (called by `coopsync.cli.stock.register`)."""
    stock_app.command(
        "move",
        epilog="Example: coopsync stock move KMJ-PRG-M 3 --to pojok   "
        "(then: coopsync stock move KMJ-PRG-M --back --from pojok)",
    )(move)
