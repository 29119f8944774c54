"""The items behind ShopeeFake: images, couriers, items and models, and what may change.

Plain dicts and ints only, so that the sandbox can persist it as JSON.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from coopsync.sandbox.marketplace import FakeSkuView
from coopsync.sandbox.sku_index import SkuIndex
from coopsync_adapters.shopee.fake_stock import (
    locations_of,
    set_seller_stock,
    stock_info,
)

PRICE_RANGE = (100, 150_000_000)
STOCK_RANGE = (0, 999_999)
TITLE_RANGE = (20, 255)
ITEM_STATUSES = {"NORMAL", "BANNED", "UNLIST", "REVIEWING", "SELLER_DELETE", "SHOPEE_DELETE"}
UPDATE_RANGE_MAX = 15 * 24 * 3600  # seconds between update_time_from and update_time_to
CATEGORIES: dict[int, list[int]] = {  # category_id -> mandatory attribute ids
    100017: [100134],  # Pakaian Pria > Batik: Bahan (material) is mandatory
    100018: [],  # Tas Wanita
    # Leaf categories a handicraft cooperative uses (the example shop lists in these).
    100029: [],  # Kain batik
    100035: [],  # Daster
    100062: [],  # Tas anyaman
    100071: [],  # Dompet
    100083: [],  # Aksesori batik
    100094: [],  # Kerajinan kayu
    100102: [],  # Gantungan kunci
    100110: [],  # Dekorasi rumah
}
CHANNELS = [  # an Indonesian shop: checkout channels (mask 0) over fulfilment channels
    {
        "logistics_channel_id": 8000,
        "logistics_channel_name": "Reguler (Cashless)",
        "enabled": True,
        "mask_channel_id": 0,
        "fee_type": "SIZE_INPUT",
    },
    {
        "logistics_channel_id": 8003,
        "logistics_channel_name": "J&T Express",
        "enabled": True,
        "mask_channel_id": 8000,
        "fee_type": "SIZE_INPUT",
    },
    {
        "logistics_channel_id": 8005,
        "logistics_channel_name": "SiCepat REG",
        "enabled": True,
        "mask_channel_id": 8000,
        "fee_type": "SIZE_INPUT",
    },
    {
        "logistics_channel_id": 8002,
        "logistics_channel_name": "Hemat",
        "enabled": False,
        "mask_channel_id": 0,
        "fee_type": "SIZE_INPUT",
    },
    {
        "logistics_channel_id": 8006,
        "logistics_channel_name": "Kargo",
        "enabled": True,
        "mask_channel_id": 0,
        "fee_type": "CUSTOM_PRICE",
    },
]


class ShopeeError(Exception):
    """An error envelope the fake answers with."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


def int_param(value: Any, name: str, low: int | None = None, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or int(value) != value:
        raise ShopeeError("error_param", f"{name} must be an integer.")
    number = int(value)
    if (low is not None and number < low) or (high is not None and number > high):
        raise ShopeeError("error_param", f"{name} should be between {low} and {high}.")
    return number


def digit_param(value: str, name: str, low: int, high: int) -> int:
    if not value.isdigit():
        raise ShopeeError("error_param", f"{name} must be an integer.")
    return int_param(int(value), name, low, high)


def _price_info(price: int) -> list[dict[str, Any]]:
    return [{"currency": "IDR", "original_price": float(price), "current_price": float(price)}]


class ShopeeCatalog:
    """Items (with or without models), images and what the seller may change."""

    def __init__(self) -> None:
        self.items: dict[str, dict[str, Any]] = {}
        self.images: dict[str, str] = {}
        self.rejected: dict[str, str] = {}
        self.next_id = 800_000_000
        self.build_indexes()

    # ---- indexes (coopsync.sandbox.sku_index) ----------------------------------------------
    def build_indexes(self) -> None:
        """The indexes from the items: at start, after load_state, or after edits by hand."""
        self._skus: SkuIndex[str] = SkuIndex()
        self._located: set[str] = set()  # items with stock in a second location
        for key, item in self.items.items():
            self._index(key, item)

    def touched(self, item: dict[str, Any]) -> None:
        """Every change of an item's SKUs, models or locations ends here."""
        self._index(str(item["item_id"]), item)

    def _index(self, key: str, item: dict[str, Any]) -> None:
        models = item["models"]
        self._skus.put(key, [m["model_sku"] for m in models] if models else [item["item_sku"]])
        if any(holder.get("locations") for holder in [item, *models]):
            self._located.add(key)
        else:
            self._located.discard(key)

    def index_problems(self) -> list[str]:
        skus, located = self._skus, self._located
        self.build_indexes()
        problems = skus.differences(self._skus)
        if located != self._located:
            problems.append(f"items with a second location: {located} != {self._located}")
        return problems

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
        return [dict(c) | {"cod_enabled": True} for c in CHANNELS]

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
        category_id = int_param(body.get("category_id"), "category_id")
        if category_id not in CATEGORIES:
            raise ShopeeError("error_param", f"category_id {category_id} is invalid.")
        attributes = self._check_attributes(category_id, body.get("attribute_list"))
        price = int_param(body.get("original_price"), "original_price", *PRICE_RANGE)
        sellers = body.get("seller_stock")
        if not isinstance(sellers, list) or not sellers or not isinstance(sellers[0], dict):
            raise ShopeeError("error_param", "seller_stock is required.")
        stock = int_param(sellers[0].get("stock"), "stock", *STOCK_RANGE)
        logistics = body.get("logistic_info")
        enabled = {c["logistics_channel_id"] for c in CHANNELS if c["enabled"]}
        if not isinstance(logistics, list) or not logistics:
            raise ShopeeError("error_param", "logistic_info is required.")
        for entry in logistics:
            if not isinstance(entry, dict) or entry.get("logistic_id") not in enabled:
                raise ShopeeError("error_param", "logistic_id is invalid or not enabled.")
            custom = {
                c["logistics_channel_id"] for c in CHANNELS if c["fee_type"] == "CUSTOM_PRICE"
            }
            if entry["logistic_id"] in custom and "shipping_fee" not in entry:
                raise ShopeeError("error_param", "shipping_fee is required for this channel.")
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
        self.touched(self.items[str(item_id)])
        return {"item_id": item_id, "item_name": body["item_name"], "item_status": "NORMAL"}

    def update_item(self, body: dict[str, Any], now: int) -> dict[str, Any]:
        item = self._item(body.get("item_id"))
        for forbidden in ("original_price", "seller_stock", "normal_stock", "price_info"):
            if forbidden in body:
                raise ShopeeError("error_param", f"{forbidden} cannot be changed with update_item.")
        self._check_item_fields(body, creating=False)
        for key in ("item_name", "description", "weight", "dimension", "item_sku"):
            if key in body:
                item[key] = body[key]
        if "image" in body:
            item["image_ids"] = list(body["image"]["image_id_list"])
        if "attribute_list" in body:
            item["attributes"] = self._check_attributes(item["category_id"], body["attribute_list"])
        item["update_time"] = now
        self.touched(item)
        return {"item_id": item["item_id"], "item_name": item["item_name"]}

    def _sku_of(self, item: dict[str, Any], model_id: int) -> tuple[str, dict[str, Any]] | None:
        if not item["models"]:
            return (item["item_sku"], item) if model_id == 0 else None
        for model in item["models"]:
            if model["model_id"] == model_id:
                return model["model_sku"], model
        return None

    def multi_location(self) -> bool:
        """A shop whose stock sits in more than one of its own locations."""
        return bool(self._located)

    def update_models(self, body: dict[str, Any], list_name: str, now: int) -> dict[str, Any]:
        """update_stock / update_price: ONE item, ≤ 50 models; refused models in failure_list."""
        if isinstance(body.get("item_id"), list):
            raise ShopeeError("error_param", "item_id must be a single item.")
        item = self._item(body.get("item_id"))
        multi = self.multi_location()
        entries = body.get(list_name)
        if not isinstance(entries, list) or not 1 <= len(entries) <= 50:
            raise ShopeeError("error_param", f"{list_name} should have 1 to 50 models.")
        failures, successes = [], []
        for entry in entries:
            if not isinstance(entry, dict):
                raise ShopeeError("error_param", f"{list_name} entries must be objects.")
            model_id = int_param(entry.get("model_id", 0), "model_id")
            target = self._sku_of(item, model_id)
            if target is None:
                failures.append({"model_id": model_id, "failed_reason": "model_id not found"})
                continue
            sku, holder = target
            sellers: list[dict[str, Any]] = []
            try:
                if list_name == "stock_list":
                    sellers = entry.get("seller_stock") or []
                    if not isinstance(sellers, list) or not sellers:
                        raise ShopeeError("error_param", "seller_stock is required.")
                    if not all(isinstance(seller, dict) for seller in sellers):
                        raise ShopeeError("error_param", "seller_stock is required.")
                    values = [int_param(x.get("stock"), "stock", *STOCK_RANGE) for x in sellers]
                else:
                    value = int_param(entry.get("original_price"), "original_price", *PRICE_RANGE)
            except ShopeeError as exc:
                failures.append({"model_id": model_id, "failed_reason": exc.message})
                continue
            if sku in self.rejected:
                failures.append({"model_id": model_id, "failed_reason": self.rejected[sku]})
                continue
            if list_name == "stock_list":
                refused = set_seller_stock(holder, sellers, multi, values)
                if refused:
                    failures.append({"model_id": model_id, "failed_reason": refused})
                    continue
                successes.append(
                    {"model_id": model_id, "seller_stock": stock_info(holder)["seller_stock"]}
                )
            else:
                holder["price"] = value
                successes.append({"model_id": model_id, "original_price": float(value)})
        if successes:
            item["update_time"] = now
        return {"failure_list": failures, "success_list": successes}

    def item_list(
        self,
        offset: str,
        page_size: str,
        statuses: list[str],
        update_from: str | None = None,
        update_to: str | None = None,
    ) -> dict[str, Any]:
        """get_item_list; `update_time_from`/`update_time_to` (Unix seconds, inclusive, at most
        15 days apart) keep the items updated in that range."""
        start = digit_param(offset, "offset", 0, 10**9)
        size = digit_param(page_size, "page_size", 1, 100)
        if not statuses or any(s not in ITEM_STATUSES for s in statuses):
            raise ShopeeError("error_param", "item_status is invalid (repeat the key per status).")
        low = digit_param(update_from, "update_time_from", 0, 2**40) if update_from else 0
        high = digit_param(update_to, "update_time_to", 0, 2**40) if update_to else 2**40
        if update_from and update_to and not 0 <= high - low <= UPDATE_RANGE_MAX:
            raise ShopeeError(
                "error_param", "update_time_to must be after update_time_from, within 15 days."
            )
        matching = sorted(
            (
                i
                for i in self.items.values()
                if i["item_status"] in statuses and low <= int(i["update_time"]) <= high
            ),
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
                info["stock_info_v2"] = stock_info(item)
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
                    "stock_info_v2": stock_info(m),
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
        self.touched(item)
        return item_id

    def find(self, sku: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """(item, holder of price and stock) for a seller SKU: the first item holding it."""
        for key in self._skus.owners(sku):
            item = self.items[key]
            if not item["models"]:
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
            stock=sum(locations_of(holder).values()),
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
        self.build_indexes()
