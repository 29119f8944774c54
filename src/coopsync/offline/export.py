"""The price list of a channel on demand (`coopsync export`), as the next sync would show it.

The stock is today's available stock through the channel's rules (the last units kept for the
preferred channel, units placed at a corner shown there only) and the prices are the channel's.
The channel's adapter renders it; a channel without a price list says so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Protocol, runtime_checkable

from coopsync.adapters import Adapter, ListingDraft
from coopsync.catalog import Catalog, Variant
from coopsync.channel_config import ChannelBase
from coopsync.engine.drafts import build_draft
from coopsync.engine.plan import ChannelInput, stock_targets
from coopsync.engine.pricing import channel_price
from coopsync.engine.targets import ChannelStockRules


@runtime_checkable
class PriceListExporter(Protocol):
    """An adapter that can write its channel's price list as text (`whatsapp` or `csv`)."""

    def render_price_list(
        self, drafts: Sequence[ListingDraft], style: str, now: datetime
    ) -> str: ...


def channel_drafts(
    catalog: Catalog,
    name: str,
    settings: ChannelBase,
    adapter: Adapter,
    available: Mapping[str, int],
    bystanders: Sequence[ChannelStockRules],
    held: Mapping[str, Mapping[str, int]],
) -> list[ListingDraft]:
    """Every product the channel lists, priced and stocked as the next sync would show it."""
    channel = ChannelInput(name, settings, adapter.rules, adapter.capabilities, {}, {}, None)
    targets = stock_targets(catalog, available, [channel], bystanders, held)[name]
    by_product: dict[str, list[Variant]] = {}
    for product, variant in catalog.variants_for_channel(name):
        by_product.setdefault(product.product_id, []).append(variant)
    drafts = []
    for product in catalog.products_for_channel(name):
        variants = by_product.get(product.product_id)
        if not variants:
            continue
        prices = {v.sku: channel_price(product, v, name, settings.price) for v in variants}
        drafts.append(
            build_draft(
                product, variants, name, prices=prices, stock=targets, base_dir=catalog.base_dir
            )
        )
    return drafts
