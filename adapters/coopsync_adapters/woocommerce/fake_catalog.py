"""The fake shop's products: products, variations, images and batches as WooCommerce keeps them.

Each write returns (the object as the API shows it, None) or (None, the WP_Error data), so that
a single call answers with the error and a batch puts it inline, as WooCommerce does.
"""

from __future__ import annotations

import copy
import re
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import httpx

from coopsync.sandbox.sku_index import SkuIndex
from coopsync_adapters.woocommerce.fake_wire import (
    PRODUCT_SCHEMA,
    VARIATION_SCHEMA,
    as_boolean,
    error_response,
    invalid_params,
)

Json = dict[str, Any]
WIB = timezone(timedelta(hours=7), "WIB")  # the shop's WordPress timezone setting
_NUMBER = re.compile(r"^\d+(\.\d+)?$")


def gmt(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")


def local(gmt: str | None) -> str | None:
    if not gmt:
        return None
    moment = datetime.fromisoformat(gmt).replace(tzinfo=UTC).astimezone(WIB)
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def rupiah(text: str | None) -> int:
    if not text or not _NUMBER.match(text):
        return 0
    return int(Decimal(text))


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "produk"


class FakeCatalog:
    """Products, variations and the media library of the fake shop (a mixin of the fake)."""

    products: dict[int, Json]
    variations: dict[int, Json]
    media: dict[int, str]
    rejected: dict[str, str]
    global_attributes: dict[int, str]
    next_id: int
    sideloads: int

    if TYPE_CHECKING:

        def now(self) -> datetime: ...

    # ---- ids and times ---------------------------------------------------------------------
    def _new_id(self) -> int:
        self.next_id += 1
        return self.next_id

    def _stamp(self, record: Json, at: datetime | None = None, *, created: bool = False) -> None:
        now = gmt(at or self.now())
        if created:
            record["date_created_gmt"] = now
        record["date_modified_gmt"] = now

    # ---- errors as WP_Error data (used whole, or inline in batch answers) -------------------
    @staticmethod
    def _error(status: int, code: str, message: str, **data: Any) -> Json:
        return {"code": code, "message": message, "data": {"status": status, **data}}

    def _schema_error(self, body: Any, schema: dict[str, Any]) -> Json | None:
        if not isinstance(body, dict):
            return self._error(400, "rest_invalid_json", "Invalid JSON body passed.")
        problems = invalid_params(body, schema)
        if problems:
            return self._error(
                400,
                "rest_invalid_param",
                "Invalid parameter(s): " + ", ".join(problems),
                params=problems,
            )
        return None

    # ---- the SKU and variation indexes (coopsync.sandbox.sku_index) ------------------------
    def _build_indexes(self) -> None:
        """The indexes from the store: at start, after load_state, or after edits by hand."""
        self._product_skus: SkuIndex[int] = SkuIndex()
        self._variation_skus: SkuIndex[int] = SkuIndex()
        self._children_of: dict[int, dict[int, None]] = {}
        for product_id, product in self.products.items():
            self._product_skus.put(product_id, [product["sku"]])
        for variation_id in self.variations:
            self._index_variation(variation_id)

    def _index_product(self, product_id: int) -> None:
        self._product_skus.put(product_id, [self.products[product_id]["sku"]])

    def _index_variation(self, variation_id: int) -> None:
        variation = self.variations[variation_id]
        self._variation_skus.put(variation_id, [variation["sku"]])
        self._children_of.setdefault(variation["parent_id"], {})[variation_id] = None

    def _unindex(self, record_id: int, record: Json, *, variation: bool) -> None:
        """A product or variation deleted for good (`record`, already out of the store)."""
        if not variation:
            self._product_skus.drop(record_id)
            return
        self._variation_skus.drop(record_id)
        self._children_of.get(record["parent_id"], {}).pop(record_id, None)

    def _index_problems(self) -> list[str]:
        kept = (self._product_skus, self._variation_skus, self._children_of)
        self._build_indexes()
        fresh = (self._product_skus, self._variation_skus, self._children_of)
        problems = kept[0].differences(fresh[0]) + kept[1].differences(fresh[1])
        children = {p: sorted(c) for p, c in kept[2].items() if c}
        if children != {p: sorted(c) for p, c in fresh[2].items() if c}:
            problems.append("the variations of a product differ from the store's")
        return problems

    def _sku_owner(self, sku: str) -> int | None:
        """The live product (first) or variation holding a SKU."""
        for product_id in self._product_skus.owners(sku):
            if self.products[product_id]["status"] != "trash":
                return product_id
        variations = self._variation_skus.owners(sku)
        return variations[0] if variations else None

    def _sku_error(self, sku: str, own_id: int | None) -> Json | None:
        if not sku:
            return None
        owner = self._sku_owner(sku)
        if owner is not None and owner != own_id:
            return self._error(
                400,
                "product_invalid_sku",
                "Invalid or duplicated SKU.",
                resource_id=owner,
                unique_sku=f"{sku}-1",
            )
        return None

    def _images(self, images: list[Json], store: str) -> tuple[list[Json], Json | None]:
        out = []
        for image in images:
            if image.get("id"):
                image_id = int(image["id"])
                if image_id not in self.media:
                    return [], self._error(
                        400,
                        "woocommerce_product_invalid_image_id",
                        f"#{image_id} is an invalid image ID.",
                    )
            elif isinstance(image.get("src"), str) and image["src"].startswith(
                ("http://", "https://")
            ):
                self.sideloads += 1
                image_id = self._new_id()
                name = image["src"].rsplit("/", 1)[-1] or "image.jpg"
                self.media[image_id] = f"{store}/wp-content/uploads/2026/11/{name}"
            else:
                return [], self._error(
                    400, "woocommerce_product_image_upload_error", "Error getting remote image."
                )
            out.append({"id": image_id, "src": self.media[image_id], "name": "", "alt": ""})
        return out, None

    # ---- products ----------------------------------------------------------------------------
    def _apply_stock(self, record: Json, body: Json) -> None:
        if "manage_stock" in body:
            record["manage_stock"] = as_boolean(body["manage_stock"])
        if record["manage_stock"]:
            if body.get("stock_quantity") is not None:
                record["stock_quantity"] = int(body["stock_quantity"])
            if record["stock_quantity"] is None:
                record["stock_quantity"] = 0
            record["stock_status"] = "instock" if record["stock_quantity"] > 0 else "outofstock"
        else:
            record["stock_quantity"] = None  # ignored unless WooCommerce manages the stock
            if body.get("stock_status"):
                record["stock_status"] = body["stock_status"]

    def _rejection(self, sku: str, body: Json) -> Json | None:
        touched = {"stock_quantity", "regular_price", "sale_price", "manage_stock"} & set(body)
        if sku in self.rejected and touched:
            return self._error(400, "rest_invalid_param", self.rejected[sku])
        return None

    def _create_product(self, body: Any, store: str) -> tuple[Json | None, Json | None]:
        error = self._schema_error(body, PRODUCT_SCHEMA)
        if error:
            return None, error
        sku = str(body.get("sku") or "")
        error = self._sku_error(sku, None)
        if error:
            return None, error
        images, error = self._images(body.get("images") or [], store)
        if error:
            return None, error
        product_id = self._new_id()
        product: Json = {
            "id": product_id,
            "name": body.get("name") or "Product",
            "type": body.get("type") or "simple",
            "status": body.get("status") or "publish",
            "description": body.get("description") or "",
            "short_description": body.get("short_description") or "",
            "sku": sku,
            "regular_price": body.get("regular_price") or "",
            "sale_price": body.get("sale_price") or "",
            "manage_stock": False,
            "stock_quantity": None,
            "stock_status": "instock",
            "weight": body.get("weight") or "",
            "dimensions": body.get("dimensions") or {"length": "", "width": "", "height": ""},
            "categories": [{"id": int(c["id"])} for c in body.get("categories") or []],
            "attributes": self._attributes(body.get("attributes") or []),
            "images": images,
        }
        self._apply_stock(product, body)
        self._stamp(product, created=True)
        self.products[product_id] = product
        self._index_product(product_id)
        return self._product_json(product_id, store), None

    def _attributes(self, attributes: list[Json]) -> list[Json]:
        out = []
        for i, attribute in enumerate(attributes):
            attribute_id = int(attribute.get("id") or 0)
            if attribute_id and attribute_id not in self.global_attributes:
                continue  # WooCommerce skips an unknown global attribute
            out.append(
                {
                    "id": attribute_id,
                    "name": self.global_attributes.get(attribute_id, attribute.get("name", "")),
                    "position": int(attribute.get("position") or i),
                    "visible": as_boolean(attribute.get("visible", False)),
                    "variation": as_boolean(attribute.get("variation", False)),
                    "options": list(attribute.get("options") or []),
                }
            )
        return out

    def _update_product(
        self, product_id: int, body: Any, store: str
    ) -> tuple[Json | None, Json | None]:
        error = self._schema_error(body, PRODUCT_SCHEMA)
        if error:
            return None, error
        product = self.products[product_id]
        sku = str(body.get("sku", product["sku"]) or "")
        error = self._sku_error(sku, product_id) or self._rejection(product["sku"], body)
        if error:
            return None, error
        if "images" in body:
            images, error = self._images(body["images"] or [], store)
            if error:
                return None, error
            product["images"] = images
        for key in (
            "name",
            "type",
            "status",
            "description",
            "short_description",
            "regular_price",
            "sale_price",
            "weight",
            "dimensions",
        ):
            if key in body and body[key] is not None:
                product[key] = body[key]
        product["sku"] = sku
        self._index_product(product_id)
        if "attributes" in body:
            product["attributes"] = self._attributes(body["attributes"] or [])
        if "categories" in body:
            product["categories"] = [{"id": int(c["id"])} for c in body["categories"] or []]
        self._apply_stock(product, body)
        self._stamp(product)
        return self._product_json(product_id, store), None

    def _children(self, product_id: int) -> list[int]:
        return sorted(self._children_of.get(product_id, ()))

    def _product_json(self, product_id: int, store: str) -> Json:
        product = copy.deepcopy(self.products[product_id])
        children = self._children(product_id)
        prices = [rupiah(self.variations[v]["regular_price"]) for v in children]
        price = str(min(prices)) if prices else product["regular_price"]
        product |= {
            "slug": slug(product["name"]),
            "permalink": f"{store}/product/{slug(product['name'])}/",
            "date_created": local(product["date_created_gmt"]),
            "date_modified": local(product["date_modified_gmt"]),
            "price": price,
            "parent_id": 0,
            "variations": children,
        }
        return product

    # ---- variations --------------------------------------------------------------------------
    def _variation_attributes(self, product_id: int, given: list[Json]) -> list[Json]:
        # Like WooCommerce: a global attribute (pa_*) is named by its id, a custom one by its
        # name; anything else matches nothing and the variation is left as "any".
        varying = [a for a in self.products[product_id]["attributes"] if a["variation"]]
        out = []
        for attribute in given:
            attribute_id = int(attribute.get("id") or 0)
            name = str(attribute.get("name", "")).casefold()
            known = next(
                (
                    a
                    for a in varying
                    if (a["id"] == attribute_id if attribute_id else a["id"] == 0)
                    and (attribute_id or a["name"].casefold() == name)
                ),
                None,
            )
            if known and attribute.get("option") in known["options"]:
                out.append(
                    {"id": known["id"], "name": known["name"], "option": attribute["option"]}
                )
        return out

    def _create_variation(
        self, product_id: int, body: Any, store: str
    ) -> tuple[Json | None, Json | None]:
        error = self._schema_error(body, VARIATION_SCHEMA)
        if error:
            return None, error
        sku = str(body.get("sku") or "")
        error = self._sku_error(sku, None)
        if error:
            return None, error
        image: Json | None = None
        if body.get("image"):
            images, error = self._images([body["image"]], store)
            if error:
                return None, error
            image = images[0]
        variation_id = self._new_id()
        variation: Json = {
            "id": variation_id,
            "parent_id": product_id,
            "sku": sku,
            "status": body.get("status") or "publish",
            "regular_price": body.get("regular_price") or "",
            "sale_price": body.get("sale_price") or "",
            "manage_stock": False,
            "stock_quantity": None,
            "stock_status": "instock",
            "weight": body.get("weight") or "",
            "image": image,
            "attributes": self._variation_attributes(product_id, body.get("attributes") or []),
        }
        self._apply_stock(variation, body)
        self._stamp(variation, created=True)
        self.variations[variation_id] = variation
        self._index_variation(variation_id)
        self._stamp(self.products[product_id])
        return self._variation_json(variation_id, store), None

    def _update_variation(
        self, variation_id: int, body: Any, store: str
    ) -> tuple[Json | None, Json | None]:
        error = self._schema_error(body, VARIATION_SCHEMA)
        if error:
            return None, error
        variation = self.variations[variation_id]
        sku = str(body.get("sku", variation["sku"]) or "")
        error = self._sku_error(sku, variation_id) or self._rejection(variation["sku"], body)
        if error:
            return None, error
        for key in ("regular_price", "sale_price", "status", "weight"):
            if key in body and body[key] is not None:
                variation[key] = body[key]
        variation["sku"] = sku
        self._index_variation(variation_id)
        if "attributes" in body:
            variation["attributes"] = self._variation_attributes(
                variation["parent_id"], body["attributes"] or []
            )
        self._apply_stock(variation, body)
        self._stamp(variation)
        return self._variation_json(variation_id, store), None

    def _variation_json(self, variation_id: int, store: str) -> Json:
        variation = copy.deepcopy(self.variations[variation_id])
        parent = self.products[variation["parent_id"]]
        variation |= {
            "permalink": f"{store}/product/{slug(parent['name'])}/?variation={variation_id}",
            "date_created": local(variation["date_created_gmt"]),
            "date_modified": local(variation["date_modified_gmt"]),
            "price": variation["regular_price"],
        }
        return variation

    # ---- batches -----------------------------------------------------------------------------
    def _batch(
        self, request: httpx.Request, body: Any, store: str, *, parent: int | None
    ) -> httpx.Response:
        if not isinstance(body, dict):
            return error_response(400, "rest_invalid_json", "Invalid JSON body passed.", request)
        creates = body.get("create") or []
        updates = body.get("update") or []
        deletes = body.get("delete") or []
        if len(creates) + len(updates) + len(deletes) > 100:
            return error_response(
                413,
                "woocommerce_rest_request_entity_too_large",
                "Unable to accept more than 100 items for this request.",
                request,
            )
        answer: Json = {}
        if creates:
            answer["create"] = []
            for item in creates:
                result, error = (
                    self._create_product(item, store)
                    if parent is None
                    else self._create_variation(parent, item, store)
                )
                answer["create"].append(result if error is None else {"id": 0, "error": error})
        if updates:
            answer["update"] = []
            for item in updates:
                item_id = int(item.get("id") or 0) if isinstance(item, dict) else 0
                if parent is None:
                    known = item_id in self.products
                else:
                    known = self.variations.get(item_id, {}).get("parent_id") == parent
                if not known:
                    result, error = (
                        None,
                        self._error(400, "woocommerce_rest_product_invalid_id", "Invalid ID."),
                    )
                elif parent is None:
                    result, error = self._update_product(item_id, item, store)
                else:
                    result, error = self._update_variation(item_id, item, store)
                answer["update"].append(
                    result if error is None else {"id": item_id, "error": error}
                )
        if deletes:
            answer["delete"] = []
            for raw in deletes:
                item_id = int(raw)
                table = self.products if parent is None else self.variations
                if item_id in table:
                    record = table.pop(item_id)
                    self._unindex(item_id, record, variation=parent is not None)
                    answer["delete"].append({"id": item_id})
                else:
                    answer["delete"].append(
                        {
                            "id": item_id,
                            "error": self._error(
                                400, "woocommerce_rest_product_invalid_id", "Invalid ID."
                            ),
                        }
                    )
        return httpx.Response(200, json=answer, request=request)
