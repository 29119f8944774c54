"""Small builders for engine tests: products, catalogs, channels, remote listings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from coopsync.adapters import (
    Capability,
    ListingRules,
    ListingStatus,
    RemoteListing,
    RemoteSku,
)
from coopsync.catalog import Catalog, Product
from coopsync.channel_config import ChannelBase
from coopsync.engine.plan import ChannelInput, ListingLink, Pushed
from coopsync_adapters.shopee.settings import ShopeeChannel

ALL = (
    Capability.LISTINGS_PULL
    | Capability.LISTING_CREATE
    | Capability.LISTING_UPDATE
    | Capability.STOCK_PUSH
    | Capability.PRICE_PUSH
    | Capability.ORDERS_PULL
    | Capability.VARIANTS
)


def product(sku: str, price: int = 10_000, stock: int = 5, **fields: Any) -> Product:
    """A one-variant product titled after its SKU."""
    return Product.model_validate(
        {"title": f"Produk {sku}", "sku": sku, "price": price, "stock": stock, **fields}
    )


def catalog(*products: Product) -> Catalog:
    return Catalog(tuple(products), base_dir=Path("/shop"))


def settings(**fields: Any) -> ChannelBase:
    return ShopeeChannel.model_validate({"platform": "shopee", "sandbox": True, **fields})


def remote(
    remote_id: str, skus: Sequence[tuple[str, int, int]], title: str | None = None
) -> RemoteListing:
    """A listing on a channel: [(sku, price, stock)]; SKU ids are `<remote_id>-<sku>`."""
    return RemoteListing(
        remote_id=remote_id,
        title=title if title is not None else f"Produk {skus[0][0]}",
        status=ListingStatus.ACTIVE,
        skus=tuple(
            RemoteSku(sku, f"{remote_id}-{sku}", price, stock) for sku, price, stock in skus
        ),
    )


def channel(
    name: str = "shopee",
    *,
    remote_listings: Sequence[RemoteListing] | None = (),
    links: Mapping[str, str] | None = None,
    pushed: Mapping[str, tuple[int | None, int | None]] | None = None,
    capabilities: Capability = ALL,
    limits: ListingRules | None = None,
    hashes: Mapping[str, str] | None = None,
    **setting_fields: Any,
) -> ChannelInput:
    """A channel: `links` maps SKU -> remote id; `pushed` maps SKU -> (stock, price);
    `hashes` SKU -> the content fingerprint coopsync last sent."""
    return ChannelInput(
        name=name,
        settings=settings(**setting_fields),
        limits=limits or ListingRules(),
        capabilities=capabilities,
        links={
            sku: ListingLink(sku, remote_id, f"{remote_id}-{sku}", (hashes or {}).get(sku))
            for sku, remote_id in (links or {}).items()
        },
        pushed={sku: Pushed(stock, price) for sku, (stock, price) in (pushed or {}).items()},
        remote=None if remote_listings is None else list(remote_listings),
    )
