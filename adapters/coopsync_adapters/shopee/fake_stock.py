"""The Shopee fake's stock per model: seller locations and what a promotion reserved.

`stock_info_v2.seller_stock[]` lists the seller's stock per `location_id`; a shop with more
than one location must name the location in `update_stock` (docs/stock.md, "Shopee"). A
promotion reserves units (`summary_info.total_reserved_stock`, part of the stock): stock may
not be set below them. Orders take their units from the main location (the fake's choice).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

MAIN_LOCATION = "IDZ"  # the location id Shopee's own examples show for a seller in Indonesia


def locations_of(holder: Mapping[str, Any]) -> dict[str, int]:
    """Stock per seller location of one item or model."""
    return {MAIN_LOCATION: int(holder["stock"]), **holder.get("locations", {})}


def stock_info(holder: Mapping[str, Any]) -> dict[str, Any]:
    """`stock_info_v2` of one item or model."""
    per_location = locations_of(holder)
    return {
        "summary_info": {
            "total_reserved_stock": int(holder.get("reserved", 0)),
            "total_available_stock": sum(per_location.values()),
        },
        "seller_stock": [{"location_id": loc, "stock": n} for loc, n in per_location.items()],
    }


def set_seller_stock(
    holder: dict[str, Any], sellers: list[dict[str, Any]], multi: bool, values: list[int]
) -> str | None:
    """Apply update_stock's seller_stock (values already range-checked); a reason if refused."""
    per_location = locations_of(holder)
    changes: dict[str, int] = {}
    for seller, value in zip(sellers, values, strict=True):
        location = seller.get("location_id")
        if location is None and multi:
            return "location_id is required: this shop has more than one location"
        location = str(location or MAIN_LOCATION)
        if location not in per_location and (multi or location != MAIN_LOCATION):
            return f"location_id {location} is not a location of this shop"
        changes[location] = value
    after = {**per_location, **changes}
    reserved = int(holder.get("reserved", 0))
    if sum(after.values()) < reserved:
        return f"stock can not be less than the {reserved} units reserved by a promotion"
    for location, value in changes.items():
        if location == MAIN_LOCATION:
            holder["stock"] = value
        else:
            holder.setdefault("locations", {})[location] = value
    return None
