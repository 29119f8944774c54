"""Lazada stock, pure: what a SKU's inventory fields mean and how stock writes are shaped.

Sources (docs/stock.md, "Lazada"): the "Inventory calculation logic" page (sellable, withhold,
occupy, total, channelInventories), the inventory management guide (price_quantity/update sets
the total; stock/sellable/update and /adjust the sellable quantity; single- and multi-warehouse
forms) and `/products/get` answers (`multiWarehouseInventories`, `channelInventories`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any


def parse_int(value: Any) -> int:
    """A whole number as Lazada sends it (15, "15", 15.0); ValueError when it is none."""
    try:
        return int(Decimal(str(value)))
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {value!r}") from exc


def money(amount: int) -> str:
    """Integer rupiah as Lazada's price string."""
    return str(int(amount))


@dataclass(frozen=True)
class SkuChange:
    """One entry of a price_quantity/update call."""

    sku: str
    item_id: str
    sku_id: str
    quantity: int | None = None
    price: int | None = None


def price_quantity_payload(changes: Sequence[SkuChange]) -> dict[str, Any]:
    """The /product/price_quantity/update payload (Sku is always an array)."""
    skus = []
    for change in changes:
        entry: dict[str, str] = {"SellerSku": change.sku}
        if change.item_id:
            entry["ItemId"] = change.item_id
        if change.sku_id and change.sku_id != "0":
            entry["SkuId"] = change.sku_id
        if change.quantity is not None:
            entry["Quantity"] = str(change.quantity)
        if change.price is not None:
            entry["Price"] = money(change.price)
        skus.append(entry)
    return {"Request": {"Product": {"Skus": {"Sku": skus}}}}


def sellable(sku: Mapping[str, Any]) -> int:
    """What buyers can order now: `Available` (sellable), else the total `quantity`."""
    if sku.get("Available") not in (None, ""):
        return parse_int(sku["Available"])
    return parse_int(sku.get("quantity", 0))


DROPSHIPPING = "dropshipping"


@dataclass(frozen=True)
class SkuStock:
    """A SKU's stock as coopsync reads it: the managed warehouse, the others, the campaign lock."""

    stock: int
    campaign_reserved: int = 0
    other_locations: tuple[tuple[str, int], ...] = ()


def sku_stock(sku: Mapping[str, Any], warehouse: str | None = None) -> SkuStock:
    """The sellable stock of the warehouse coopsync manages (`warehouse`, else dropshipping:
    the one the single-warehouse form writes); other warehouses are listed, not summed."""
    campaign = sum(
        parse_int(c.get("sellableQuantity", 0))
        for c in sku.get("channelInventories") or []
        if isinstance(c, Mapping)
    )
    warehouses = [w for w in sku.get("multiWarehouseInventories") or [] if isinstance(w, Mapping)]
    if not warehouses:
        return SkuStock(sellable(sku), campaign)
    by_code = {
        str(w.get("warehouseCode", "")): parse_int(w.get("sellableQuantity", w.get("quantity", 0)))
        for w in warehouses
    }
    managed = warehouse or (DROPSHIPPING if DROPSHIPPING in by_code else next(iter(by_code)))
    others = tuple((code, units) for code, units in by_code.items() if code != managed)
    return SkuStock(by_code.get(managed, 0), campaign, others)


def sellable_payload(changes: Sequence[SkuChange], warehouse: str | None) -> dict[str, Any]:
    """The /product/stock/sellable/update payload: the single-warehouse form (dropshipping), or
    the multi-warehouse form naming only the warehouse coopsync manages."""
    skus = []
    for change in changes:
        entry: dict[str, Any] = {
            "ItemId": change.item_id,
            "SkuId": change.sku_id,
            "SellerSku": change.sku,
        }
        quantity = str(change.quantity or 0)
        if warehouse is None:
            entry["SellableQuantity"] = quantity
        else:
            entry["MultiWarehouseInventories"] = {
                "MultiWarehouseInventory": [
                    {"WarehouseCode": warehouse, "SellableQuantity": quantity}
                ]
            }
        skus.append(entry)
    return {"Request": {"Product": {"Skus": {"Sku": skus}}}}
