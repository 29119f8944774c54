"""One channel's stock and price writes, and the drift they find: a SKU's value as the
channel shows it (or as coopsync last pushed it, when the listings were not read) against its
target; and the SKUs coopsync manages there that the catalog no longer lists (sold out). Pure.
"""

from __future__ import annotations

from collections.abc import Mapping

from coopsync.adapters import Capability
from coopsync.catalog import Catalog
from coopsync.engine.actions import ChannelPlan, PlanWarning, SetPrice, SetStock, WarningKind
from coopsync.engine.plan_inputs import ChannelInput, PlanOptions, Pushed, Seen
from coopsync.engine.stock_limits import campaign_floor


def plan_stock(
    out: ChannelPlan,
    channel: ChannelInput,
    sku: str,
    where: Seen,
    target: int,
    pushed: Pushed,
    options: PlanOptions,
    retired: bool = False,
) -> None:
    """Set `sku`'s stock on the channel to `target` unless it shows it already; more units
    than coopsync last pushed is drift (sales only ever lower it), set back unless
    `keep_drift`. `retired`: the last units of a retired product (0 takes it down)."""
    if where.campaign_reserved > target:
        # The platform refuses less: push the lowest stock it allows, and say so.
        target = campaign_floor(out, channel.name, sku, target, where.campaign_reserved)
    drift = (
        where.listing is not None
        and pushed.stock is not None
        and where.stock is not None
        and where.stock > pushed.stock
        and where.stock != target
    )
    if drift:
        out.warnings.append(
            PlanWarning(
                WarningKind.STOCK_DRIFT,
                channel.name,
                f"{sku}: the channel shows {where.stock} units, coopsync last set {pushed.stock}",
                sku=sku,
                hint="left as is (--keep-drift)"
                if options.keep_drift
                else f"set back to {target}; record a count with `coopsync stock count` "
                "if the channel was right",
                code="sync.stock_drift_kept" if options.keep_drift else "sync.stock_drift",
                params={"sku": sku, "shown": where.stock, "pushed": pushed.stock, "target": target},
            )
        )
        if options.keep_drift:
            return
    differs = where.stock != target or sku in channel.unsure_stock
    if differs and channel.capabilities & Capability.STOCK_PUSH:
        out.stock.append(
            SetStock(
                channel.name,
                sku,
                where.remote_id,
                where.remote_sku_id,
                target,
                where.stock,
                delist=retired and target == 0,
                channel_sku=where.channel_sku,
            )
        )
    elif where.stock == target and pushed.stock != target and where.listing is not None:
        out.known_stock.append(
            SetStock(channel.name, sku, where.remote_id, where.remote_sku_id, target, where.stock)
        )


def plan_price(
    out: ChannelPlan,
    channel: ChannelInput,
    sku: str,
    where: Seen,
    price: int,
    pushed: Pushed,
    options: PlanOptions,
) -> None:
    """Set `sku`'s price on the channel to `price` unless it shows it already; another price
    than coopsync last pushed is drift, set back unless `keep_drift`."""
    drift = (
        where.listing is not None
        and pushed.price is not None
        and where.price is not None
        and where.price != pushed.price
        and where.price != price
    )
    if drift:
        out.warnings.append(
            PlanWarning(
                WarningKind.PRICE_DRIFT,
                channel.name,
                f"{sku}: the channel shows Rp{where.price:,}, coopsync last set Rp{pushed.price:,}",
                sku=sku,
                hint="left as is (--keep-drift)"
                if options.keep_drift
                else f"set back to Rp{price:,}; change the catalog if the channel was right",
                code="sync.price_drift_kept" if options.keep_drift else "sync.price_drift",
                params={
                    "sku": sku,
                    "shown": f"{where.price:,}",
                    "pushed": f"{pushed.price:,}",
                    "target": f"{price:,}",
                },
            )
        )
        if options.keep_drift:
            return
    if where.price != price and channel.capabilities & Capability.PRICE_PUSH:
        out.prices.append(
            SetPrice(
                channel.name,
                sku,
                where.remote_id,
                where.remote_sku_id,
                price,
                where.price,
                where.channel_sku,
            )
        )


def plan_delist(
    out: ChannelPlan, catalog: Catalog, channel: ChannelInput, seen: Mapping[str, Seen]
) -> None:
    """SKUs coopsync put on the channel that the catalog no longer lists there: sold out."""
    listed = {v.sku for _, v in catalog.variants_for_channel(channel.name)}
    if not channel.capabilities & Capability.STOCK_PUSH:
        return
    for sku in sorted(channel.links):
        where = seen.get(sku)
        if sku in listed or where is None or not where.stock:
            continue
        out.stock.append(
            SetStock(
                channel.name,
                sku,
                where.remote_id,
                where.remote_sku_id,
                0,
                where.stock,
                True,
                where.channel_sku,
            )
        )
