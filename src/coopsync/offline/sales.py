"""A sale recorded by hand (or from a chat): its order, its channel, and recording it once."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from coopsync.adapters import Order, OrderLine, OrderStatus
from coopsync.catalog import Catalog
from coopsync.channel_config import ChannelBase
from coopsync.engine.catalog_counts import record_catalog_counts
from coopsync.engine.pricing import channel_price
from coopsync.errors import ConfigError
from coopsync.i18n import t
from coopsync.state.records import HandSale, SaleItem

if TYPE_CHECKING:
    from coopsync.state.choose import Store

MANUAL_PLATFORM = "manual"  # the channel type without an API: WhatsApp groups, bazaars, corners


def manual_channels(channels: Mapping[str, ChannelBase]) -> list[str]:
    """Names of the enabled manual channels, in config order."""
    return [
        name
        for name, settings in channels.items()
        if settings.platform == MANUAL_PLATFORM and settings.enabled
    ]


def pick_channel(channels: Mapping[str, ChannelBase], wanted: str | None, lang: str) -> str:
    """The manual channel a sale belongs to: `wanted`, else the first manual channel."""
    manual = manual_channels(channels)
    if wanted is None:
        if not manual:
            raise ConfigError(t("sale.no_manual", lang), hint=t("sale.no_manual_hint", lang))
        return manual[0]
    if wanted not in manual:
        raise ConfigError(
            t("sale.not_manual", lang, channel=wanted),
            hint=t("sale.manual_list", lang, channels=", ".join(manual) or "-"),
        )
    return wanted


def unit_price(catalog: Catalog, sku: str, channel: str, settings: ChannelBase) -> int:
    """The price buyers see for `sku` on `channel` (the channel's price rules applied)."""
    product, variant = catalog.by_sku(sku)
    return channel_price(product, variant, channel, settings.price)


def sale_order(order_id: str, items: Sequence[SaleItem], sold_at: datetime) -> Order:
    """The order of a sale handed over on the spot: completed, one line per SKU."""
    lines: list[OrderLine] = []
    used: dict[str, int] = {}
    for item in items:
        used[item.sku] = used.get(item.sku, 0) + 1
        line_id = item.sku if used[item.sku] == 1 else f"{item.sku}#{used[item.sku]}"
        lines.append(
            OrderLine(line_id, item.sku, item.quantity, item.unit_price, OrderStatus.COMPLETED)
        )
    return Order(
        order_id=order_id,
        status=OrderStatus.COMPLETED,
        created_at=sold_at,
        updated_at=sold_at,
        lines=tuple(lines),
        total=sum(i.quantity * i.unit_price for i in items),
    )


def record_sales(
    store: Store, catalog: Catalog, sales: Sequence[HandSale], now: datetime
) -> list[HandSale]:
    """Record each sale once; returns those that were new.

    The catalog's shelf counts are recorded first (as a sync would), dated just before now, so
    a sale made now is subtracted from them and a sale older than the count is not.
    """
    record_catalog_counts(catalog, store, now - timedelta(milliseconds=1))
    recorded = []
    for sale in sales:
        if store.record_hand_sale(sale, sale_order(sale.order_id, sale.items, sale.sold_at)):
            recorded.append(sale)
    return recorded
