"""The Lazada fake's inventory, as Lazada's "Inventory calculation logic" page documents it.

Per SKU and warehouse: `totalQuantity` = sellable + withhold + occupy. An unpaid order holds
its units as *withhold* (released after 30 unpaid minutes), a paid one as *occupy* until it is
ready to ship, when the units leave the total. A campaign (`channelInventories`) locks part of
the sellable stock: sellable may not be set below it, and the total not below withhold + occupy
+ campaign. `/product/stock/sellable/update` sets the sellable quantity (the total follows),
`/product/stock/sellable/adjust` moves it by a delta; the single-warehouse form touches only the
dropshipping warehouse, and a single-warehouse seller may not use the multi-warehouse form.
Orders hold and take units from the dropshipping warehouse (the fake's simplification).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from coopsync_adapters.lazada.fake_wire import Refusal, as_list, ms, payload_of

DROPSHIPPING = "dropshipping"
UNPAID_HOLD = timedelta(minutes=30)  # "After the order remains unpaid for 30 minutes ..."
WITHHOLD = frozenset({"unpaid"})
OCCUPY = frozenset({"pending", "topack", "toship", "packed", "repacked"})
# From ready-to-ship on, the units have left the warehouse's total.
LEFT = frozenset(
    {"ready_to_ship", "shipped", "in_transit", "delivered", "confirmed", "returned"}
    | {"failed_delivery", "shipped_back", "lost_by_3pl", "damaged_by_3pl"}
)


class StockEndpoints:
    """Withhold, occupy, sellable and total per SKU; warehouses; campaign locks."""

    products: dict[str, dict[str, Any]]
    orders: dict[str, dict[str, Any]]
    withhold: dict[str, int]  # seller sku -> units of unpaid orders
    occupy: dict[str, int]  # seller sku -> units of paid orders not yet ready to ship
    rejected: dict[str, str]
    warehouse_codes: list[str]  # the seller's warehouses; more than one: multi-warehouse

    if TYPE_CHECKING:

        def now(self) -> datetime: ...

        def _sku_entry(self, seller_sku: str) -> tuple[dict[str, Any], dict[str, Any]]: ...

        def _by_sku_id(self, sku_id: str) -> tuple[dict[str, Any], dict[str, Any]] | None: ...

        def _sku_lookup(self, seller_sku: str) -> tuple[dict[str, Any], dict[str, Any]] | None: ...

    # ---- the model ---------------------------------------------------------------------------
    def held(self, seller_sku: str) -> int:
        """Units Lazada's own open orders hold (withhold + occupy)."""
        return self.withhold.get(seller_sku, 0) + self.occupy.get(seller_sku, 0)

    def sellable_in(self, sku: Mapping[str, Any], code: str) -> int:
        if code == DROPSHIPPING:
            return max(0, int(sku["quantity"]) - self.held(str(sku["SellerSku"])))
        return int((sku.get("warehouses") or {}).get(code, 0))

    def buyers_can_buy(self, sku: Mapping[str, Any]) -> int:
        """What buyers can order, over every warehouse."""
        return sum(self.sellable_in(sku, code) for code in self._codes(sku))

    def _codes(self, sku: Mapping[str, Any]) -> list[str]:
        return [DROPSHIPPING, *(sku.get("warehouses") or {})]

    def inventory_out(self, sku: Mapping[str, Any]) -> dict[str, Any]:
        """The stock fields of one SKU in /products/get."""
        seller_sku = str(sku["SellerSku"])
        warehouses = []
        for code in self._codes(sku):
            sellable = self.sellable_in(sku, code)
            own = code == DROPSHIPPING
            withhold = self.withhold.get(seller_sku, 0) if own else 0
            occupy = self.occupy.get(seller_sku, 0) if own else 0
            warehouses.append(
                {
                    "warehouseCode": code,
                    "quantity": sellable,
                    "sellableQuantity": sellable,
                    "withholdQuantity": withhold,
                    "occupyQuantity": occupy,
                    "totalQuantity": sellable + withhold + occupy,
                }
            )
        total_sellable = self.buyers_can_buy(sku)
        out: dict[str, Any] = {
            "quantity": total_sellable,
            "Available": total_sellable,
            "multiWarehouseInventories": warehouses,
            "channelInventories": [],
        }
        if sku.get("campaign"):
            out["channelInventories"] = [
                {
                    "channelName": "campaign-1111",
                    "startTime": "2026-11-11 00:00:00",
                    "endTime": "2026-11-12 23:59:59",
                    "sellableQuantity": int(sku["campaign"]),
                }
            ]
        return out

    def move_item(self, item: dict[str, Any], new: str) -> None:
        """One unit changes status; withhold, occupy and the total follow Lazada's rules."""
        old, seller_sku = item["status"], item["sku"]
        for bucket, statuses in ((self.withhold, WITHHOLD), (self.occupy, OCCUPY)):
            if old in statuses and new not in statuses:
                bucket[seller_sku] = bucket.get(seller_sku, 0) - 1
            if old not in statuses and new in statuses:
                bucket[seller_sku] = bucket.get(seller_sku, 0) + 1
        if old not in LEFT and new in LEFT:
            found = self._sku_lookup(seller_sku)
            if found is not None:
                found[1]["quantity"] = max(0, int(found[1]["quantity"]) - 1)
        item["status"] = new

    def expire_unpaid(self) -> None:
        """Units unpaid for 30 minutes go back to sellable; the order is cancelled."""
        now = ms(self.now())
        limit = int(UNPAID_HOLD.total_seconds() * 1000)
        for order in self.orders.values():
            unpaid = [i for i in order["items"] if i["status"] == "unpaid"]
            if unpaid and order["created_ms"] + limit <= now:
                for item in unpaid:
                    self.move_item(item, "canceled")
                order["updated_ms"] = order["created_ms"] + limit

    # ---- control API -------------------------------------------------------------------------
    def add_warehouse(self, seller_sku: str, code: str, units: int) -> None:
        """The seller has a second warehouse (granted by Lazada's seller support)."""
        if code not in self.warehouse_codes:
            self.warehouse_codes.append(code)
        _, sku = self._sku_entry(seller_sku)
        sku.setdefault("warehouses", {})[code] = units

    def lock_for_campaign(self, seller_sku: str, units: int) -> None:
        """A campaign locks `units` of the SKU's sellable stock (channelInventories)."""
        product, sku = self._sku_entry(seller_sku)
        sku["campaign"] = units
        floor = units + self.held(seller_sku)
        sku["quantity"] = max(int(sku["quantity"]), floor)
        product["updated_ms"] = int(self.now().timestamp() * 1000)  # GetProducts' update_after

    # ---- /product/stock/sellable/update and /adjust -------------------------------------------
    def _sellable_update(self, params: dict[str, str], files: dict[str, bytes]) -> dict[str, Any]:
        return self._sellable_write(params, relative=False)

    def _sellable_adjust(self, params: dict[str, str], files: dict[str, bytes]) -> dict[str, Any]:
        return self._sellable_write(params, relative=True)

    def _sellable_write(self, params: dict[str, str], *, relative: bool) -> dict[str, Any]:
        raw = (payload_of(params).get("Request") or {}).get("Product") or {}
        entries = as_list((raw.get("Skus") or {}).get("Sku"))
        if not entries:
            raise Refusal("30", "E030: Empty Request")
        if len(entries) > 50:
            raise Refusal("204", "E204: Too many SKU in one request", "ISP")
        detail: list[dict[str, str]] = []
        changes: list[tuple[dict[str, Any], str, int]] = []
        for entry in entries:
            found = self._by_sku_id(str(entry.get("SkuId", "")))
            seller_sku = str(entry.get("SellerSku") or (found[1]["SellerSku"] if found else ""))
            if found is None or str(entry.get("ItemId", "")) != str(found[0]["item_id"]):
                detail.append(self._bad(seller_sku, "SKU_NOT_FOUND: ItemId and SkuId do not match"))
                continue
            sku = found[1]
            if seller_sku in self.rejected:
                detail.append(self._bad(seller_sku, self.rejected[seller_sku]))
                continue
            wanted = self._wanted(entry, seller_sku)
            if isinstance(wanted, str):
                detail.append(self._bad(seller_sku, wanted))
                continue
            for code, value in wanted:
                target = self.sellable_in(sku, code) + value if relative else value
                problem = self._bad_sellable(sku, code, target)
                if problem:
                    detail.append(self._bad(seller_sku, problem))
                    break
                changes.append((sku, code, target))
        if detail:
            # As with price_quantity/update, one bad SKU fails the call.
            raise Refusal("501", "E501: Update product failed", "ISP", detail)
        for sku, code, target in changes:
            if code == DROPSHIPPING:
                sku["quantity"] = target + self.held(str(sku["SellerSku"]))
            else:
                sku.setdefault("warehouses", {})[code] = target
        return {"code": "0", "data": {}}

    def _wanted(self, entry: Mapping[str, Any], seller_sku: str) -> list[tuple[str, int]] | str:
        multi = entry.get("MultiWarehouseInventories")
        if multi is None:
            value = _integer(entry.get("SellableQuantity"))
            if value is None:
                return "SellableQuantity must be a whole number"
            return [(DROPSHIPPING, value)]
        if len(self.warehouse_codes) < 2:
            return "MULTI_WAREHOUSE_NOT_ALLOWED: single-warehouse sellers use SellableQuantity"
        out: list[tuple[str, int]] = []
        for one in as_list((multi or {}).get("MultiWarehouseInventory")):
            code = str(one.get("WarehouseCode", ""))
            value = _integer(one.get("SellableQuantity"))
            if code not in self.warehouse_codes or value is None:
                return f"WAREHOUSE_INVALID: {code!r} with {one.get('SellableQuantity')!r}"
            out.append((code, value))
        return out or f"{seller_sku}: no MultiWarehouseInventory"

    def _bad_sellable(self, sku: Mapping[str, Any], code: str, sellable: int) -> str | None:
        if sellable < 0:
            return "NEGATIVE_SELLABLE: the sellable quantity may not be negative"
        campaign = int(sku.get("campaign") or 0)
        if code == DROPSHIPPING and sellable < campaign:
            return (
                f"Negative sellable on inventory stock: {sellable} is less than the {campaign} "
                "units locked by a campaign"
            )
        return None

    @staticmethod
    def _bad(seller_sku: str, message: str) -> dict[str, str]:
        return {"field": "Sku", "seller_sku": seller_sku, "message": message}


def _integer(value: Any) -> int | None:
    text = str(value if value is not None else "").strip()
    if text.lstrip("-").isdigit():
        return int(text)
    return None
