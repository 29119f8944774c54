"""`coopsync export whatsapp|csv`: a manual channel's price list now, not only after a sync."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from coopsync.cli.context import Cli, ConfigOption, command

if TYPE_CHECKING:
    from coopsync.config import LoadedConfig


async def _render(cli: Cli, loaded: LoadedConfig, name: str, style: str) -> str:
    from coopsync.cli.session import bystanders, open_store
    from coopsync.engine.catalog_counts import with_unrecorded_counts
    from coopsync.engine.consignment import units_held
    from coopsync.errors import ConfigError
    from coopsync.ledger import positions
    from coopsync.offline.export import PriceListExporter, channel_drafts
    from coopsync.runtime import open_channels
    from coopsync.state.timestamps import utc_now

    now = utc_now()
    catalog = loaded.catalog
    with open_store(loaded) as store:
        inputs = with_unrecorded_counts(store.ledger_inputs(catalog.skus()), catalog, store, now)
        stock = positions(inputs, loaded.config.restock_returns)
        available = {sku: max(0, p.available) for sku, p in stock.items()}
        moves = store.stock_moves()
        skus = sorted({m.sku for m in moves})
        held = units_held(
            moves, {c: store.channel_sales(c, skus) for c in {m.channel for m in moves}}
        )
        async with open_channels(
            loaded, store, utc_now, only=[name], simulate_buyers=False, persist=False
        ) as channels:
            adapter = channels.channels[name]
            if not isinstance(adapter, PriceListExporter):
                raise ConfigError(cli.t("export.no_price_list", channel=name))
            drafts = channel_drafts(
                catalog,
                name,
                channels.settings(name),
                adapter,
                available,
                bystanders(loaded, opened=channels.channels),
                held,
            )
            return adapter.render_price_list(drafts, style, now)


def register(app: typer.Typer) -> None:
    @app.command(
        "export",
        help="Print (or write) a manual channel's price list: a WhatsApp message or a CSV.",
        epilog="Example: coopsync export whatsapp --channel whatsapp > daftar-harga.txt",
    )
    def export(
        ctx: typer.Context,
        style: Annotated[Literal["whatsapp", "csv"], typer.Argument(help="whatsapp or csv.")],
        channel: Annotated[
            str | None,
            typer.Option("--channel", help="The manual channel (default: the first one)."),
        ] = None,
        output: Annotated[
            Path | None, typer.Option("--output", "-o", help="Write to this file.")
        ] = None,
        config: ConfigOption = None,
    ) -> None:
        """The price list with today's stock and the channel's prices, each variant's order
        code and how to order."""
        with command(ctx, config) as cli:
            import asyncio

            from coopsync.offline.sales import pick_channel

            loaded = cli.load_config()
            name = pick_channel(loaded.enabled_channels(), channel, cli.lang)
            text = asyncio.run(_render(cli, loaded, name, style))
            if output is None:
                typer.echo(text, nl=False)
                return
            output.write_text(text, encoding="utf-8-sig" if style == "csv" else "utf-8")
            cli.echo(cli.t("export.wrote", file=str(output)))
