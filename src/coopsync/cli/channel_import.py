"""`coopsync import --from-channel NAME`: the catalog from a channel's listings, adopting them.

Each listing becomes a product (its SKUs its variants) and its ids are saved in the state, so
the first push updates these listings instead of listing the products a second time.
"""

from __future__ import annotations

import asyncio
from typing import Any

from coopsync.adapters import RemoteListing
from coopsync.cli.context import Cli
from coopsync.errors import ConfigError


def product_from_listing(listing: RemoteListing) -> dict[str, Any]:
    """A catalog product (YAML shape) from what a channel shows."""
    skus = [s for s in listing.skus if s.sku]
    product: dict[str, Any] = {"title": listing.title}
    if len(skus) == 1:
        only = skus[0]
        product.update(sku=only.sku, price=only.price, stock=only.stock)
        return product
    product["variants"] = [
        {"sku": s.sku, "price": s.price, "stock": s.stock, "options": {"Varian": s.sku}}
        for s in skus
    ]
    return product


async def _listings(cli: Cli, name: str) -> list[RemoteListing]:
    from coopsync.cli.session import open_store
    from coopsync.runtime import open_channels
    from coopsync.state.timestamps import utc_now

    loaded = cli.load_config()
    with open_store(loaded) as store:
        async with open_channels(
            loaded, store, utc_now, only=[name], simulate_buyers=False
        ) as channels:
            adapter = channels.channels[name]
            return [listing async for listing in adapter.listings()]


def import_from_channel(cli: Cli, name: str, dry_run: bool) -> None:
    """Add the channel's listings that the catalog lacks, and remember their ids."""
    from coopsync.cli.catalog_write import write_products
    from coopsync.cli.session import open_store
    from coopsync.onboarding.target import catalog_target
    from coopsync.state.timestamps import utc_now

    loaded = cli.load_config()
    if name not in loaded.channels:
        raise ConfigError(
            cli.t("import.no_channel", channel=name),
            hint=cli.t("sale.manual_list", channels=", ".join(loaded.channels) or "-"),
        )
    listings = asyncio.run(_listings(cli, name))
    target = catalog_target(cli.config_path)
    products: list[dict[str, Any]] = []
    adopted: list[tuple[str, RemoteListing, str]] = []
    for listing in listings:
        nameless = [s for s in listing.skus if not s.sku]
        if nameless or not listing.skus:
            cli.error(
                cli.t("import.listing_without_sku", id=listing.remote_id, title=listing.title)
            )
            continue
        new = [s for s in listing.skus if s.sku not in target.skus]
        if len(new) < len(listing.skus):
            continue  # already in the catalog: the next sync adopts it by SKU
        products.append(product_from_listing(listing))
        adopted += [(s.sku, listing, s.remote_sku_id) for s in listing.skus]
    if not products:
        cli.echo(cli.t("import.channel_nothing", channel=name))
        return
    write_products(cli, target.path, target.key, products, dry_run)
    if dry_run:
        return
    with open_store(loaded) as store:
        now = utc_now()
        for sku, listing, remote_sku_id in adopted:
            store.save_listing(
                name,
                sku,
                remote_id=listing.remote_id,
                remote_sku_id=remote_sku_id,
                at=now,
                url=listing.url,
            )
    cli.echo(cli.t("import.adopted", count=len(adopted), channel=name))
