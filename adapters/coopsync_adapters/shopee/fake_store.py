"""The state behind ShopeeFake: tokens, the shop's items and models, and its orders.

Plain dicts and ints only, so that the sandbox can persist it as JSON.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from coopsync.adapters import OrderStatus
from coopsync_adapters.testing.fake import FakeLine, FakeSkuView

ACCESS_LIFETIME = 4 * 3600  # "Each access_token is valid for 4 hours"
REFRESH_LIFETIME = 30 * 86400  # "Each refresh_token is valid for 30 days"
OLD_ACCESS_GRACE = 300  # "After a new access_token is generated, the old one is valid 5 minutes"
ORDER_WINDOW = 15 * 86400
PRICE_RANGE = (100, 150_000_000)
STOCK_RANGE = (0, 999_999)
TITLE_RANGE = (20, 255)
ITEM_STATUSES = {"NORMAL", "BANNED", "UNLIST", "REVIEWING", "SELLER_DELETE", "SHOPEE_DELETE"}
CATEGORIES: dict[int, list[int]] = {  # category_id -> mandatory attribute ids
    100017: [100134],  # Pakaian Pria > Batik: Bahan (material) is mandatory
    100018: [],  # Tas Wanita
}
CHANNELS = [
    {"logistics_channel_id": 8003, "logistics_channel_name": "J&T Express", "enabled": True},
    {"logistics_channel_id": 8005, "logistics_channel_name": "SiCepat REG", "enabled": True},
    {"logistics_channel_id": 8000, "logistics_channel_name": "Hemat", "enabled": False},
]
TO_SHOPEE = {
    OrderStatus.UNPAID: "UNPAID",
    OrderStatus.TO_SHIP: "READY_TO_SHIP",
    OrderStatus.SHIPPED: "SHIPPED",
    OrderStatus.COMPLETED: "COMPLETED",
    OrderStatus.CANCELLED: "CANCELLED",
    OrderStatus.RETURNED: "TO_RETURN",
}


class ShopeeError(Exception):
    """An error envelope the fake answers with."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


def _int(value: Any, name: str, low: int | None = None, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or int(value) != value:
        raise ShopeeError("error_param", f"{name} must be an integer.")
    number = int(value)
    if (low is not None and number < low) or (high is not None and number > high):
        raise ShopeeError("error_param", f"{name} should be between {low} and {high}.")
    return number


def _digits(value: str, name: str, low: int, high: int) -> int:
    if not value.isdigit():
        raise ShopeeError("error_param", f"{name} must be an integer.")
    return _int(int(value), name, low, high)


class TokenBook:
    """Access tokens (4 h) and single-use refresh tokens (30 days)."""

    def __init__(self, seed: int, now: int) -> None:
        self.seed = seed
        self.issued = 0
        self.access: dict[str, int] = {}
        self.refresh_tokens: dict[str, int] = {}
        self.initial_access = self._new_access(now)
        self.initial_refresh = self._new_refresh(now)

    def _token(self, kind: str) -> str:
        self.issued += 1
        return hashlib.sha256(f"{self.seed}:{kind}:{self.issued}".encode()).hexdigest()[:32]

    def _new_access(self, now: int) -> str:
        token = self._token("access")
        self.access[token] = now + ACCESS_LIFETIME
        return token

    def _new_refresh(self, now: int) -> str:
        token = self._token("refresh")
        self.refresh_tokens[token] = now + REFRESH_LIFETIME
        return token

    def access_ok(self, token: str, now: int) -> bool:
        return self.access.get(token, 0) > now

    def refresh(self, refresh_token: str, now: int) -> dict[str, Any]:
        if self.refresh_tokens.pop(refresh_token, 0) <= now:
            raise ShopeeError("error_param", "Invalid refresh_token.")
        for token, expiry in self.access.items():
            self.access[token] = min(expiry, now + OLD_ACCESS_GRACE)
        access = self._new_access(now)
        return {
            "access_token": access,
            "refresh_token": self._new_refresh(now),
            "expire_in": ACCESS_LIFETIME,
        }

    def expire_access(self, now: int) -> None:
        self.access = {token: min(expiry, now) for token, expiry in self.access.items()}

    def revoke_refresh(self) -> None:
        self.refresh_tokens.clear()

    def to_state(self) -> dict[str, Any]:
        return {
            "issued": self.issued,
            "access": self.access,
            "refresh": self.refresh_tokens,
            "initial": [self.initial_access, self.initial_refresh],
        }

    def load_state(self, state: dict[str, Any]) -> None:
        if not state:
            return
        self.issued = int(state["issued"])
        self.access = {k: int(v) for k, v in state["access"].items()}
        self.refresh_tokens = {k: int(v) for k, v in state["refresh"].items()}
        self.initial_access, self.initial_refresh = state["initial"]


def _price_info(price: int) -> list[dict[str, Any]]:
    return [{"currency": "IDR", "original_price": float(price), "current_price": float(price)}]


def _stock_info(stock: int) -> dict[str, Any]:
    return {
        "summary_info": {"total_reserved_stock": 0, "total_available_stock": stock},
        "seller_stock": [{"location_id": "IDZ", "stock": stock}],
    }


class ShopeeCatalog:
    """Items (with or without models), images and what the seller may change."""

    def __init__(self) -> None:
        self.items: dict[str, dict[str, Any]] = {}
        self.images: dict[str, str] = {}
        self.rejected: dict[str, str] = {}
        self.next_id = 800_000_000

    def _id(self) -> int:
        self.next_id += 1
        return self.next_id

    def _item(self, item_id: Any) -> dict[str, Any]:
        item = self.items.get(str(item_id))
        if item is None or item["item_status"] in ("SELLER_DELETE", "SHOPEE_DELETE"):
            raise ShopeeError("error_item_not_found", f"Item {item_id} not found.")
        return item

    # ---- images, couriers ------------------------------------------------------------------
    def upload_image(self, content: bytes) -> dict[str, Any]:
        if not (content.startswith(b"\x89PNG") or content.startswith(b"\xff\xd8")):
            raise ShopeeError("error_param", "Image format is not supported (JPG or PNG).")
        if len(content) > 10 * 1024 * 1024:
            raise ShopeeError("error_param", "Image is larger than 10 MB.")
        image_id = f"id-11134207-{self._id()}"
        self.images[image_id] = hashlib.sha256(content).hexdigest()
        url = f"https://cf.shopee.co.id/file/{image_id}"
        return {
            "image_info": {
                "image_id": image_id,
                "image_url_list": [{"image_url_region": "ID", "image_url": url}],
            }
        }

    def channel_list(self) -> list[dict[str, Any]]:
        return [dict(c) | {"fee_type": "SIZE_SELECTION", "mask_channel_id": 0} for c in CHANNELS]

    # ---- items -----------------------------------------------------------------------------
    def _check_item_fields(self, body: dict[str, Any], *, creating: bool) -> None:
        name = body.get("item_name")
        if (creating or name is not None) and (
            not isinstance(name, str) or not TITLE_RANGE[0] <= len(name) <= TITLE_RANGE[1]
        ):
            raise ShopeeError("error_param", "item_name length should be between 20 and 255.")
        description = body.get("description")
        if (creating or description is not None) and (
            not isinstance(description, str) or not 1 <= len(description) <= 3000
        ):
            raise ShopeeError("error_param", "description length should be between 1 and 3000.")
        if creating or "image" in body:
            image = body.get("image")
            ids = image.get("image_id_list") if isinstance(image, dict) else None
            if not isinstance(ids, list) or not 1 <= len(ids) <= 9:
                raise ShopeeError("error_param", "image.image_id_list should have 1 to 9 images.")
            if any(i not in self.images for i in ids):
                raise ShopeeError("error_param", "image_id is invalid.")
        if creating or "weight" in body:
            weight = body.get("weight")
            if isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
                raise ShopeeError("error_param", "weight should be greater than 0 (kg).")

    def _check_attributes(self, category_id: int, attributes: Any) -> list[dict[str, Any]]:
        given = attributes if isinstance(attributes, list) else []
        ids = {a.get("attribute_id") for a in given if isinstance(a, dict)}
        missing = [a for a in CATEGORIES.get(category_id, []) if a not in ids]
        if missing:
            raise ShopeeError(
                "error_param", f"Mandatory attribute {missing[0]} is missing for this category."
            )
        return given

    def add_item(self, body: dict[str, Any], now: int) -> dict[str, Any]:
        self._check_item_fields(body, creating=True)
        category_id = _int(body.get("category_id"), "category_id")
        if category_id not in CATEGORIES:
            raise ShopeeError("error_param", f"category_id {category_id} is invalid.")
        attributes = self._check_attributes(category_id, body.get("attribute_list"))
        price = _int(body.get("original_price"), "original_price", *PRICE_RANGE)
        sellers = body.get("seller_stock")
        if not isinstance(sellers, list) or not sellers or not isinstance(sellers[0], dict):
            raise ShopeeError("error_param", "seller_stock is required.")
        stock = _int(sellers[0].get("stock"), "stock", *STOCK_RANGE)
        logistics = body.get("logistic_info")
        enabled = {c["logistics_channel_id"] for c in CHANNELS if c["enabled"]}
        if not isinstance(logistics, list) or not logistics:
            raise ShopeeError("error_param", "logistic_info is required.")
        for entry in logistics:
            if not isinstance(entry, dict) or entry.get("logistic_id") not in enabled:
                raise ShopeeError("error_param", "logistic_id is invalid or not enabled.")
        item_id = self._id()
        self.items[str(item_id)] = {
            "item_id": item_id,
            "item_name": body["item_name"],
            "description": body["description"],
            "category_id": category_id,
            "item_sku": str(body.get("item_sku") or ""),
            "item_status": "NORMAL",
            "image_ids": list(body["image"]["image_id_list"]),
            "weight": body["weight"],
            "dimension": body.get("dimension"),
            "attributes": attributes,
            "price": price,
            "stock": stock,
            "tier_variation": [],
            "models": [],
            "create_time": now,
            "update_time": now,
        }
        return {"item_id": item_id, "item_name": body["item_name"], "item_status": "NORMAL"}

    def init_tier_variation(self, body: dict[str, Any], now: int) -> dict[str, Any]:
        item = self._item(body.get("item_id"))
        if item["models"]:
            raise ShopeeError("error_param", "Item already has tier variations.")
        tiers = body.get("tier_variation")
        if not isinstance(tiers, list) or not 1 <= len(tiers) <= 2:
            raise ShopeeError("error_param", "tier_variation should have 1 or 2 tiers.")
        sizes = []
        for tier in tiers:
            options = tier.get("option_list") if isinstance(tier, dict) else None
            if not isinstance(options, list) or not options or not tier.get("name"):
                raise ShopeeError("error_param", "Each tier needs a name and an option_list.")
            sizes.append(len(options))
        models = body.get("model")
        if not isinstance(models, list) or not 1 <= len(models) <= 50:
            raise ShopeeError("error_param", "model should have 1 to 50 entries.")
        created, seen = [], set()
        for model in models:
            index = model.get("tier_index") if isinstance(model, dict) else None
            if (
                not isinstance(index, list)
                or len(index) != len(sizes)
                or any(
                    not isinstance(i, int) or not 0 <= i < n
                    for i, n in zip(index, sizes, strict=True)
                )
                or tuple(index) in seen
            ):
                raise ShopeeError("error_param", "tier_index is invalid or repeated.")
            seen.add(tuple(index))
            sellers = model.get("seller_stock")
            if not isinstance(sellers, list) or not sellers or not isinstance(sellers[0], dict):
                raise ShopeeError("error_param", "model.seller_stock is required.")
            created.append(
                {
                    "model_id": self._id(),
                    "model_sku": str(model.get("model_sku") or ""),
                    "tier_index": index,
                    "price": _int(model.get("original_price"), "original_price", *PRICE_RANGE),
                    "stock": _int(sellers[0].get("stock"), "stock", *STOCK_RANGE),
                }
            )
        item["tier_variation"] = [
            {
                "name": t["name"],
                "option_list": [{"option": o.get("option")} for o in t["option_list"]],
            }
            for t in tiers
        ]
        item["models"] = created
        item["update_time"] = now
        return {
            "item_id": item["item_id"],
            "tier_variation": item["tier_variation"],
            "model": [
                {
                    "tier_index": m["tier_index"],
                    "model_id": m["model_id"],
                    "model_sku": m["model_sku"],
                }
                for m in created
            ],
        }

    def update_item(self, body: dict[str, Any], now: int) -> dict[str, Any]:
        item = self._item(body.get("item_id"))
        for forbidden in ("original_price", "seller_stock", "normal_stock", "price_info"):
            if forbidden in body:
                raise ShopeeError("error_param", f"{forbidden} cannot be changed with update_item.")
        self._check_item_fields(body, creating=False)
        for key in ("item_name", "description", "weight", "dimension"):
            if key in body:
                item[key] = body[key]
        if "image" in body:
            item["image_ids"] = list(body["image"]["image_id_list"])
        if "attribute_list" in body:
            item["attributes"] = self._check_attributes(item["category_id"], body["attribute_list"])
        item["update_time"] = now
        return {"item_id": item["item_id"], "item_name": item["item_name"]}

    def _sku_of(self, item: dict[str, Any], model_id: int) -> tuple[str, dict[str, Any]] | None:
        if not item["models"]:
            return (item["item_sku"], item) if model_id == 0 else None
        for model in item["models"]:
            if model["model_id"] == model_id:
                return model["model_sku"], model
        return None

    def update_models(self, body: dict[str, Any], list_name: str, now: int) -> dict[str, Any]:
        """update_stock / update_price: ONE item, ≤ 50 models; refused models in failure_list."""
        if isinstance(body.get("item_id"), list):
            raise ShopeeError("error_param", "item_id must be a single item.")
        item = self._item(body.get("item_id"))
        entries = body.get(list_name)
        if not isinstance(entries, list) or not 1 <= len(entries) <= 50:
            raise ShopeeError("error_param", f"{list_name} should have 1 to 50 models.")
        failures, successes = [], []
        for entry in entries:
            if not isinstance(entry, dict):
                raise ShopeeError("error_param", f"{list_name} entries must be objects.")
            model_id = _int(entry.get("model_id", 0), "model_id")
            target = self._sku_of(item, model_id)
            if target is None:
                failures.append({"model_id": model_id, "failed_reason": "model_id not found"})
                continue
            sku, holder = target
            try:
                if list_name == "stock_list":
                    sellers = entry.get("seller_stock")
                    if (
                        not isinstance(sellers, list)
                        or not sellers
                        or not isinstance(sellers[0], dict)
                    ):
                        raise ShopeeError("error_param", "seller_stock is required.")
                    value = _int(sellers[0].get("stock"), "stock", *STOCK_RANGE)
                else:
                    value = _int(entry.get("original_price"), "original_price", *PRICE_RANGE)
            except ShopeeError as exc:
                failures.append({"model_id": model_id, "failed_reason": exc.message})
                continue
            if sku in self.rejected:
                failures.append({"model_id": model_id, "failed_reason": self.rejected[sku]})
                continue
            if list_name == "stock_list":
                holder["stock"] = value
                successes.append(
                    {"model_id": model_id, "seller_stock": [{"location_id": "IDZ", "stock": value}]}
                )
            else:
                holder["price"] = value
                successes.append({"model_id": model_id, "original_price": float(value)})
        if successes:
            item["update_time"] = now
        return {"failure_list": failures, "success_list": successes}

    def item_list(self, offset: str, page_size: str, statuses: list[str]) -> dict[str, Any]:
        start = _digits(offset, "offset", 0, 10**9)
        size = _digits(page_size, "page_size", 1, 100)
        if not statuses or any(s not in ITEM_STATUSES for s in statuses):
            raise ShopeeError("error_param", "item_status is invalid (repeat the key per status).")
        matching = sorted(
            (i for i in self.items.values() if i["item_status"] in statuses),
            key=lambda i: int(i["item_id"]),
        )
        page = matching[start : start + size]
        return {
            "item": [
                {
                    "item_id": i["item_id"],
                    "item_status": i["item_status"],
                    "update_time": i["update_time"],
                }
                for i in page
            ],
            "total_count": len(matching),
            "has_next_page": start + size < len(matching),
            "next_offset": start + len(page),
        }

    def base_info(self, id_list: str) -> dict[str, Any]:
        ids = [part for part in id_list.split(",") if part]
        if not 1 <= len(ids) <= 50 or not all(part.isdigit() for part in ids):
            raise ShopeeError("error_param", "item_id_list should have 1 to 50 item ids.")
        out = []
        for item_id in ids:
            item = self.items.get(item_id)
            if item is None:
                continue
            info: dict[str, Any] = {
                "item_id": item["item_id"],
                "category_id": item["category_id"],
                "item_name": item["item_name"],
                "description": item["description"],
                "item_sku": item["item_sku"],
                "create_time": item["create_time"],
                "update_time": item["update_time"],
                "item_status": item["item_status"],
                "has_model": bool(item["models"]),
                "weight": str(item["weight"]),
                "image": {"image_id_list": item["image_ids"]},
                "attribute_list": item["attributes"],
                "condition": "NEW",
            }
            if item.get("dimension"):
                info["dimension"] = item["dimension"]
            if not item["models"]:
                info["price_info"] = _price_info(item["price"])
                info["stock_info_v2"] = _stock_info(item["stock"])
            out.append(info)
        return {"item_list": out}

    def model_list(self, item_id: str) -> dict[str, Any]:
        if not item_id.isdigit():
            raise ShopeeError("error_param", "item_id is required.")
        item = self._item(item_id)
        return {
            "tier_variation": item["tier_variation"],
            "model": [
                {
                    "model_id": m["model_id"],
                    "model_sku": m["model_sku"],
                    "tier_index": m["tier_index"],
                    "price_info": _price_info(m["price"]),
                    "stock_info_v2": _stock_info(m["stock"]),
                }
                for m in item["models"]
            ],
        }

    # ---- control API -----------------------------------------------------------------------
    def seed(
        self,
        title: str,
        skus: Sequence[tuple[str, int, int]],
        options: Sequence[dict[str, str]] | None,
        now: int,
    ) -> int:
        image = self.upload_image(b"\x89PNG seed")["image_info"]["image_id"]
        item_id = self._id()
        single = len(skus) == 1 and not options
        item: dict[str, Any] = {
            "item_id": item_id,
            "item_name": title,
            "description": title,
            "category_id": 100018,
            "item_sku": skus[0][0] if single else f"P-{item_id}",
            "item_status": "NORMAL",
            "image_ids": [image],
            "weight": 0.3,
            "dimension": None,
            "attributes": [],
            "price": skus[0][1],
            "stock": skus[0][2],
            "tier_variation": [],
            "models": [],
            "create_time": now,
            "update_time": now,
        }
        if not single:
            chosen = list(options) if options else [{"Varian": sku} for sku, _, _ in skus]
            names = list(dict.fromkeys(name for opt in chosen for name in opt))[:2]
            values: list[list[str]] = [[] for _ in names]
            for opt, (sku, price, stock) in zip(chosen, skus, strict=True):
                index = []
                for tier, name in enumerate(names):
                    value = opt.get(name, "-")
                    if value not in values[tier]:
                        values[tier].append(value)
                    index.append(values[tier].index(value))
                item["models"].append(
                    {
                        "model_id": self._id(),
                        "model_sku": sku,
                        "tier_index": index,
                        "price": price,
                        "stock": stock,
                    }
                )
            item["tier_variation"] = [
                {"name": n, "option_list": [{"option": v} for v in vals]}
                for n, vals in zip(names, values, strict=True)
            ]
        self.items[str(item_id)] = item
        return item_id

    def find(self, sku: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """(item, holder of price and stock) for a seller SKU."""
        for item in self.items.values():
            if not item["models"] and item["item_sku"] == sku:
                return item, item
            for model in item["models"]:
                if model["model_sku"] == sku:
                    return item, model
        return None

    def sku_view(self, sku: str) -> FakeSkuView | None:
        found = self.find(sku)
        if found is None:
            return None
        item, holder = found
        options = {}
        if holder is not item:
            for tier, index in zip(item["tier_variation"], holder["tier_index"], strict=True):
                options[tier["name"]] = tier["option_list"][index]["option"]
        return FakeSkuView(
            sku=sku,
            remote_id=str(item["item_id"]),
            remote_sku_id=str(holder["model_id"]) if holder is not item else "0",
            title=item["item_name"],
            price=int(holder["price"]),
            stock=int(holder["stock"]),
            active=item["item_status"] == "NORMAL",
            options=options,
        )

    def to_state(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "images": self.images,
            "rejected": self.rejected,
            "next_id": self.next_id,
        }

    def load_state(self, state: dict[str, Any]) -> None:
        if not state:
            return
        self.items = state["items"]
        self.images = state["images"]
        self.rejected = state["rejected"]
        self.next_id = int(state["next_id"])


class OrderBook:
    """Orders, their lines and statuses; stock follows them as on Shopee."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.orders: dict[str, dict[str, Any]] = {}

    def place(
        self, catalog: ShopeeCatalog, lines: Sequence[FakeLine], when: int, status: OrderStatus
    ) -> str:
        entries = []
        for line in lines:
            found = catalog.find(line.sku)
            if found is None:
                raise ValueError(f"no listing sells {line.sku}")
            item, holder = found
            if status is not OrderStatus.CANCELLED:
                if holder["stock"] < line.quantity:
                    raise ValueError(f"only {holder['stock']} of {line.sku} in stock")
                holder["stock"] -= line.quantity
            entries.append(
                {
                    "item_id": item["item_id"],
                    "item_name": item["item_name"],
                    "item_sku": item["item_sku"],
                    "model_id": holder["model_id"] if holder is not item else 0,
                    "model_sku": line.sku if holder is not item else "",
                    "quantity": line.quantity,
                    "price": int(holder["price"]),
                }
            )
        number = len(self.orders) + 1
        stamp = hashlib.sha256(f"{self.seed}:{number}".encode()).hexdigest()[:6].upper()
        order_sn = f"2611{number:06d}{stamp}"
        self.orders[order_sn] = {
            "order_sn": order_sn,
            "status": TO_SHOPEE[status],
            "create_time": when,
            "update_time": when,
            "lines": entries,
        }
        return order_sn

    def set_status(
        self, catalog: ShopeeCatalog, order_sn: str, status: OrderStatus, when: int
    ) -> None:
        order = self.orders[order_sn]
        new = TO_SHOPEE[status]
        if new == "CANCELLED" and order["status"] != "CANCELLED":
            for line in order["lines"]:  # Shopee puts cancelled units back on sale
                found = catalog.find(line["model_sku"] or line["item_sku"])
                if found is not None:
                    found[1]["stock"] += line["quantity"]
        order["status"] = new
        order["update_time"] = when

    def order_list(self, params: dict[str, str]) -> dict[str, Any]:
        field = params.get("time_range_field", "")
        if field not in ("create_time", "update_time"):
            raise ShopeeError(
                "error_param", "time_range_field should be create_time or update_time."
            )
        time_from = _digits(params.get("time_from", ""), "time_from", 0, 10**10)
        time_to = _digits(params.get("time_to", ""), "time_to", 0, 10**10)
        if time_to < time_from:
            raise ShopeeError("error_param", "time_to should be later than time_from.")
        if time_to - time_from > ORDER_WINDOW:
            raise ShopeeError("error_param", "The time range should be no more than 15 days.")
        size = _digits(params.get("page_size", ""), "page_size", 1, 100)
        cursor = params.get("cursor", "") or "0"
        offset = _digits(cursor, "cursor", 0, 10**9)
        wanted_status = params.get("order_status")
        matching = sorted(
            (
                o
                for o in self.orders.values()
                if time_from <= o[field] <= time_to
                and (not wanted_status or o["status"] == wanted_status)
            ),
            key=lambda o: (o[field], o["order_sn"]),
        )
        page = matching[offset : offset + size]
        with_status = "order_status" in params.get("response_optional_fields", "").split(",")
        more = offset + size < len(matching)
        return {
            "more": more,
            "next_cursor": str(offset + len(page)) if more else "",
            "order_list": [
                {"order_sn": o["order_sn"]} | ({"order_status": o["status"]} if with_status else {})
                for o in page
            ],
        }

    def order_detail(self, sn_list: str, optional: str) -> dict[str, Any]:
        order_sns = [sn for sn in sn_list.split(",") if sn]
        if not 1 <= len(order_sns) <= 50:
            raise ShopeeError("error_param", "order_sn_list should have 1 to 50 orders.")
        fields = set(optional.split(","))
        out = []
        for order_sn in order_sns:
            order = self.orders.get(order_sn)
            if order is None:
                continue
            detail: dict[str, Any] = {
                "order_sn": order_sn,
                "region": "ID",
                "currency": "IDR",
                "cod": False,
                "order_status": order["status"],
                "create_time": order["create_time"],
                "update_time": order["update_time"],
                "days_to_ship": 2,
                "message_to_seller": "",
            }
            if "item_list" in fields:
                detail["item_list"] = [
                    {
                        "item_id": line["item_id"],
                        "item_name": line["item_name"],
                        "item_sku": line["item_sku"],
                        "model_id": line["model_id"],
                        "model_name": "",
                        "model_sku": line["model_sku"],
                        "model_quantity_purchased": line["quantity"],
                        "model_original_price": float(line["price"]),
                        "model_discounted_price": float(line["price"]),
                    }
                    for line in order["lines"]
                ]
            if "total_amount" in fields:
                detail["total_amount"] = float(
                    sum(line["price"] * line["quantity"] for line in order["lines"])
                )
            out.append(detail)
        return {"order_list": out}

    def to_state(self) -> dict[str, Any]:
        return {"orders": self.orders}

    def load_state(self, state: dict[str, Any]) -> None:
        if state:
            self.orders = state["orders"]
