"""`coopsync sale`: sales made off the marketplaces (a bazaar, the corner, a chat order)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from coopsync.cli.context import Cli, ConfigOption, command
from coopsync.errors import ConfigError
from coopsync.state import timestamps

if TYPE_CHECKING:
    from coopsync.config import LoadedConfig
    from coopsync.state.choose import Store
    from coopsync.state.records import HandSale

sale_app = typer.Typer(
    rich_markup_mode=None,  # plain help: rich's markdown costs more than the rest of --help
    help="Sales made off the marketplaces: at a bazaar, the corner, or ordered in a chat.",
    no_args_is_help=True,
)

ChannelOption = Annotated[
    str | None,
    typer.Option("--channel", help="The manual channel (default: the first manual channel)."),
]


def _available(store: Store, loaded: LoadedConfig, sku: str) -> int:
    from coopsync.ledger import position

    entry = store.ledger_inputs([sku])[sku]
    return position(entry, loaded.config.restock_returns, timestamps.utc_now()).available


def _known_sku(cli: Cli, loaded: LoadedConfig, sku: str) -> str:
    if loaded.catalog.get(sku) is not None:
        return sku
    for known in loaded.catalog.skus():
        if known.upper() == sku.upper():
            return known
    raise ConfigError(cli.t("sale.no_sku", sku=sku), hint=cli.t("sale.no_sku_hint"))


@sale_app.command(
    "add",
    epilog='Example: coopsync sale add KMJ-PRG-M 2 --channel bazaar --note "Bazar UMKM 12 Des"',
)
def add(
    ctx: typer.Context,
    sku: Annotated[str, typer.Argument(help="Master SKU sold.")],
    quantity: Annotated[int, typer.Argument(min=1, help="Units sold.")],
    channel: ChannelOption = None,
    price: Annotated[
        str | None,
        typer.Option("--price", help="Price per unit (default: the channel's price), e.g. 25000."),
    ] = None,
    note: Annotated[str, typer.Option("--note", help="Who bought, where, why.")] = "",
    config: ConfigOption = None,
) -> None:
    """Record a sale made by hand: it leaves the stock now and the next sync lowers the
    stock shown on the marketplaces."""
    with command(ctx, config) as cli:
        from coopsync.cli.session import open_store
        from coopsync.offline.sales import pick_channel, record_sales, unit_price
        from coopsync.rupiah import NotRupiah, format_rupiah, parse_rupiah
        from coopsync.state.records import HandSale, SaleItem
        from coopsync.state.timestamps import utc_now

        loaded = cli.load_config()
        sku = _known_sku(cli, loaded, sku)
        name = pick_channel(loaded.enabled_channels(), channel, cli.lang)
        if price is None:
            each = unit_price(loaded.catalog, sku, name, loaded.channels[name])
        else:
            try:
                each = parse_rupiah(price)
            except NotRupiah as exc:
                raise ConfigError(str(exc), hint=cli.t("sale.price_hint")) from None
            if each < 1:
                raise ConfigError(cli.t("sale.price_low", price=price))
        now = utc_now()
        with open_store(loaded) as store:
            sale = HandSale(
                channel=name,
                order_id=store.next_hand_sale_id(),
                source="hand",
                sold_at=now,
                items=(SaleItem(sku, quantity, each),),
                note=note,
                sender="",
                recorded_at=now,
            )
            record_sales(store, loaded.catalog, [sale], now)
            left = _available(store, loaded, sku)
        cli.echo(
            cli.t(
                "sale.added",
                id=sale.order_id,
                sku=sku,
                n=quantity,
                price=format_rupiah(each),
                channel=name,
                left=left,
            )
        )
        if left < 0:
            cli.error(cli.t("sale.oversold", sku=sku, n=-left))


def _when(sale: HandSale, timezone: str) -> str:
    from zoneinfo import ZoneInfo

    return sale.sold_at.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M")


@sale_app.command("list", epilog="Example: coopsync sale list --limit 20")
def list_sales(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option("--limit", min=1, help="How many, newest first.")] = 50,
    config: ConfigOption = None,
) -> None:
    """The sales recorded by hand or from a chat, newest first, with their ids (for undo)."""
    with command(ctx, config) as cli:
        from rich import box
        from rich.console import Console
        from rich.table import Table

        from coopsync.cli.session import open_store
        from coopsync.rupiah import format_rupiah

        loaded = cli.load_config()
        with open_store(loaded) as store:
            sales = store.hand_sales(limit)
        if not sales:
            cli.echo(cli.t("sale.none"))
            return
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
        for column in cli.t("sale.columns").split("|"):
            table.add_column(column)
        timezone = loaded.config.shop.timezone
        for sale in sales:
            items = ", ".join(
                f"{i.sku} ×{i.quantity} @{format_rupiah(i.unit_price)}" for i in sale.items
            )
            who = " · ".join(part for part in (sale.sender, sale.note) if part)
            state = cli.t("sale.undone") if sale.undone_at else ""
            table.add_row(sale.order_id, _when(sale, timezone), sale.channel, items, who, state)
        if not cli.quiet:
            Console(highlight=False, width=160).print(table)


@sale_app.command("undo", epilog="Example: coopsync sale undo H-3")
def undo(
    ctx: typer.Context,
    sale_id: Annotated[str, typer.Argument(metavar="ID", help="The id `sale list` shows.")],
    config: ConfigOption = None,
) -> None:
    """Take back a sale recorded by mistake: its units are back in stock at the next sync."""
    with command(ctx, config) as cli:
        from coopsync.cli.session import open_store
        from coopsync.state.timestamps import utc_now

        loaded = cli.load_config()
        with open_store(loaded) as store:
            found = [s for s in store.find_hand_sale(sale_id) if s.undone_at is None]
            if not found:
                raise ConfigError(
                    cli.t("sale.unknown_id", id=sale_id), hint=cli.t("sale.unknown_id_hint")
                )
            sale = found[0]
            store.undo_hand_sale(sale, utc_now())
        items = ", ".join(f"{i.sku} ×{i.quantity}" for i in sale.items)
        cli.echo(cli.t("sale.undid", id=sale.order_id, items=items, channel=sale.channel))


@sale_app.command(
    "import", epilog="Example: coopsync sale import 'Chat WhatsApp dengan Pembeli Batik.txt'"
)
def import_chat(
    ctx: typer.Context,
    chat: Annotated[Path, typer.Argument(help="The .txt that WhatsApp's Export chat writes.")],
    channel: ChannelOption = None,
    date_order: Annotated[
        str | None,
        typer.Option("--date-order", help="dmy or mdy, when the dates could be either."),
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Record the orders ("PESAN KODE JUMLAH") in a WhatsApp chat export, each once."""
    with command(ctx, config) as cli:
        from coopsync.cli.chat_import import run_chat_import

        run_chat_import(cli, chat, channel, date_order)


def register(app: typer.Typer) -> None:
    app.add_typer(sale_app, name="sale", epilog="Example: coopsync sale list")
