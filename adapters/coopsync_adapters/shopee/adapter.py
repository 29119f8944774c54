"""ShopeeAdapter: listings, stock, prices and orders of one Shopee shop (Open Platform v2)."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar

from coopsync.adapters import (
    AdapterContext,
    Capability,
    ImageRef,
    ItemResult,
    ListingDraft,
    ListingRules,
    Order,
    Outcome,
    PriceUpdate,
    RemoteListing,
    StockUpdate,
)
from coopsync.batching import concurrency_for, push_in_batches
from coopsync.errors import Fatal, Rejected
from coopsync.http import create_at_most_once
from coopsync_adapters.shopee import mapping
from coopsync_adapters.shopee.changes import ShopeeCatalogChanges
from coopsync_adapters.shopee.client import ShopeeClient
from coopsync_adapters.shopee.descriptor import DESCRIPTOR
from coopsync_adapters.shopee.orders import pull_orders

log = logging.getLogger("coopsync.shopee")

LISTED_STATUSES = ("NORMAL", "UNLIST", "REVIEWING", "BANNED")
ITEM_PAGE = 100  # get_item_list page_size ≤ 100
BASE_INFO_BATCH = 50  # get_item_base_info item_id_list ≤ 50
CONCURRENT_ITEMS = 4
# get_item_list's update-time window: at most 15 days in Shopee's item-list documentation;
# the upper bound leaves room for a platform clock a little ahead of ours.
UPDATE_WINDOW = timedelta(days=15)
CLOCK_MARGIN = timedelta(minutes=1)


class ShopeeAdapter(ShopeeCatalogChanges):
    """Shopee Open Platform v2, for one shop."""

    platform: ClassVar[str] = "shopee"
    refreshes_tokens: ClassVar[bool] = True
    capabilities: ClassVar[Capability] = DESCRIPTOR.capabilities
    rules: ClassVar[ListingRules] = DESCRIPTOR.rules

    def __init__(self, context: AdapterContext) -> None:
        self.context = context
        self.channel = context.channel
        self.client = ShopeeClient(context)
        self.shop_id = self.client.shop_id
        # Multi-location shops: the location whose stock coopsync manages (docs/stock.md).
        self.location: str | None = getattr(context.settings, "location_id", None)
        self._logistic_ids: list[int] | None = None
        self._modelless: dict[str, RemoteListing] | None = None  # set by each full scan

    async def aclose(self) -> None:
        await self.client.aclose()

    # ---- listings --------------------------------------------------------------------------
    async def _item_ids(
        self, window: Sequence[tuple[str, str | int]] = ()
    ) -> AsyncIterator[list[tuple[int, int | None]]]:
        """Pages of (item id, update time) from get_item_list, within `window` if given."""
        offset = 0
        while True:
            params: list[tuple[str, str | int]] = [("offset", offset), ("page_size", ITEM_PAGE)]
            params += [("item_status", status) for status in LISTED_STATUSES]
            params += window
            page = await self.client.get("product/get_item_list", params, what="list items")
            has_next = mapping.field(page, "has_next_page", bool, "get_item_list")
            items = mapping.records(page, "item", "get_item_list")
            ids = [
                (
                    int(mapping.field(i, "item_id", int, "get_item_list")),
                    i["update_time"] if isinstance(i.get("update_time"), int) else None,
                )
                for i in items
            ]
            if ids:
                yield ids
            if not has_next or not items:
                return
            next_offset = page.get("next_offset")
            offset = next_offset if isinstance(next_offset, int) else offset + len(items)

    async def _load(self, item_ids: Sequence[int]) -> list[RemoteListing]:
        """Listings for these items: base info in batches of 50, models for items that have them."""
        out: list[RemoteListing] = []
        for start in range(0, len(item_ids), BASE_INFO_BATCH):
            batch = item_ids[start : start + BASE_INFO_BATCH]
            info = await self.client.get(
                "product/get_item_base_info",
                [("item_id_list", ",".join(str(i) for i in batch))],
                what="read items",
            )
            bases = mapping.records(info, "item_list", "get_item_base_info", required=True)
            models = await self._gather(
                [self._models(base) for base in bases], limit=CONCURRENT_ITEMS
            )
            out += [
                mapping.remote_listing(base, model, self.shop_id, self.location)
                for base, model in zip(bases, models, strict=True)
            ]
        return out

    async def _models(self, base: dict[str, Any]) -> dict[str, Any] | None:
        if not base.get("has_model"):
            return None
        item_id = mapping.field(base, "item_id", int, "get_item_base_info")
        return await self.client.get(
            "product/get_model_list", [("item_id", item_id)], what=f"read models of {item_id}"
        )

    async def _gather(self, calls: Sequence[Awaitable[Any]], *, limit: int) -> list[Any]:
        """Run calls a few at a time; every call finishes before the first failure is raised."""
        semaphore = asyncio.Semaphore(limit)

        async def one(call: Awaitable[Any]) -> Any:
            async with semaphore:
                return await call

        results = await asyncio.gather(*(one(c) for c in calls), return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException):
                raise result
        return list(results)

    async def listings(self) -> AsyncIterator[RemoteListing]:
        """Every listing in the shop that is not deleted."""
        modelless: dict[str, RemoteListing] = {}
        async for page in self._item_ids():
            for listing in await self._load([item_id for item_id, _ in page]):
                if len(listing.skus) == 1 and listing.skus[0].remote_sku_id == "0":
                    modelless[listing.skus[0].sku] = listing
                yield listing
        self._modelless = modelless  # items without models, by item SKU, as last seen

    async def listings_since(
        self, since: datetime, known: Mapping[str, datetime]
    ) -> AsyncIterator[RemoteListing]:
        """Listings updated since `since` (get_item_list's update_time_from/update_time_to);
        items updated no later than `known` says are not read again (two calls an item)."""
        now = self.context.clock()
        if now - since > UPDATE_WINDOW:
            async for listing in self.listings():
                yield listing
            return
        window: list[tuple[str, str | int]] = [
            ("update_time_from", int(since.timestamp())),
            ("update_time_to", int((now + CLOCK_MARGIN).timestamp())),
        ]
        async for page in self._item_ids(window):
            wanted = [
                item_id
                for item_id, updated in page
                if updated is None or updated > _seconds(known.get(str(item_id)), default=-1)
            ]
            for listing in await self._load(wanted) if wanted else []:
                yield listing

    async def find_by_sku(self, skus: Sequence[str]) -> dict[str, RemoteListing]:
        """Shopee has no lookup by seller SKU in v2 product APIs: scan the shop's listings."""
        wanted = set(skus)
        found: dict[str, RemoteListing] = {}
        async for listing in self.listings():
            for sku in listing.sku_map():
                if sku in wanted:
                    found.setdefault(sku, listing)
        return found

    # ---- images and logistics --------------------------------------------------------------
    async def _image_id(self, image: ImageRef) -> str:
        """Upload once: the image id is kept by content hash (by URL hash for URLs)."""
        if image.is_url:
            key = "image:url:" + hashlib.sha256(image.source.encode()).hexdigest()
            cached = self.context.memory.get_value(self.channel, key)
            if cached:
                return cached
            content = await self.client.download(image.source)
            name = image.source.rsplit("/", 1)[-1] or "image.jpg"
        else:
            path = Path(image.source)
            if not path.is_absolute():
                path = self.context.base_dir / path
            try:
                content = path.read_bytes()
            except OSError as exc:
                raise Rejected(
                    f"cannot read image {image.source}: {exc.strerror}", channel=self.channel
                ) from None
            key = ""
            name = path.name
        content_key = "image:sha256:" + hashlib.sha256(content).hexdigest()
        cached = self.context.memory.get_value(self.channel, content_key)
        if cached is None:
            answer = await self.client.upload_image(content, name)
            cached = _image_id_from(answer)
            self.context.memory.set_value(self.channel, content_key, cached)
        if key:
            self.context.memory.set_value(self.channel, key, cached)
        return cached

    async def _image_ids(self, draft: ListingDraft) -> list[str]:
        refs: list[ImageRef] = list(draft.images)
        for variant in draft.variants:
            refs += [r for r in variant.images if r not in refs]
        ids: list[str] = []
        for ref in refs[: self.rules.images_max]:
            image_id = await self._image_id(ref)
            if image_id not in ids:
                ids.append(image_id)
        if not ids:
            raise Rejected(
                f"{draft.product_id}: Shopee needs at least one image", channel=self.channel
            )
        return ids

    async def _logistics(self) -> list[int]:
        settings = self.client.settings
        if settings.logistic_ids:
            return list(settings.logistic_ids)
        if self._logistic_ids is None:
            answer = await self.client.get("logistics/get_channel_list", what="list couriers")
            channels = mapping.records(
                answer, "logistics_channel_list", "get_channel_list", required=True
            )
            self._logistic_ids = mapping.usable_channels(channels)
        if not self._logistic_ids:
            raise Fatal(
                "no courier is enabled for this Shopee shop",
                channel=self.channel,
                hint="enable a courier in Seller Centre (Pengaturan Pengiriman) or pin "
                "logistic_ids in the channel settings",
            )
        return self._logistic_ids

    # ---- create and update -----------------------------------------------------------------
    async def create_listing(self, draft: ListingDraft) -> RemoteListing:
        """add_item, then init_tier_variation when the product has variants."""
        if len(draft.variants) > self.rules.variants_max:
            raise Rejected(
                f"{draft.product_id}: Shopee allows at most 50 variants", channel=self.channel
            )
        image_ids = await self._image_ids(draft)
        body = mapping.item_payload(
            draft,
            image_ids,
            await self._logistics(),
            days_to_ship=self.client.settings.days_to_ship,
        )
        half_made = await self._half_made(str(body["item_sku"])) if draft.has_variants else None
        if half_made is not None:
            # A run stopped between add_item and init_tier_variation: finish that item.
            log.info(
                "[%s] finishing %s, created without its variants", self.channel, draft.product_id
            )
            item_id = half_made.remote_id
        else:
            item_id = await self._add_item(body, draft.product_id)
        models = await self._init_variants(item_id, draft) if draft.has_variants else None
        # What Shopee answered is enough to link the SKUs: no read-back (two calls an item).
        return mapping.created_listing(item_id, draft, models, self.shop_id)

    async def _half_made(self, item_sku: str) -> RemoteListing | None:
        """An item with this item SKU and no models yet (from this run's scan, else a new one)."""
        if self._modelless is None:
            async for _ in self.listings():
                pass
        return (self._modelless or {}).get(item_sku)

    async def _item_with_sku(self, item_sku: str) -> RemoteListing | None:
        async for listing in self.listings():
            if item_sku in listing.sku_map():
                return listing
        return None

    async def _add_item(self, body: dict[str, Any], product_id: str) -> str:
        """add_item, sent again only after checking that a lost answer created nothing."""

        async def send_once() -> str:
            added = await self.client.post_once(
                "product/add_item", body, what=f"create {product_id}"
            )
            return str(mapping.field(added, "item_id", int, "add_item"))

        async def already_made() -> str | None:
            existing = await self._item_with_sku(str(body["item_sku"]))
            return existing.remote_id if existing is not None else None

        return await create_at_most_once(
            send_once,
            already_made,
            attempts=self.client.http.retry.attempts,
            sleep=self.client.http.sleep,
        )

    async def _init_variants(self, item_id: str, draft: ListingDraft) -> dict[str, str]:
        """init_tier_variation; returns the model id of each SKU."""
        try:
            answer = await self.client.post(
                "product/init_tier_variation",
                mapping.tier_variation_payload(item_id, draft),
                what=f"create the variants of {draft.product_id}",
                item_level=True,
            )
            return mapping.model_ids(answer)
        except Rejected as exc:
            # A retry after a lost answer finds the variants already made: that is success.
            loaded = await self._load([int(item_id)])
            wanted = {v.sku for v in draft.variants}
            if loaded and set(loaded[0].sku_map()) == wanted:
                return {s.sku: s.remote_sku_id for s in loaded[0].skus}
            exc.message += f" (Shopee item {item_id} exists without its variants)"
            raise

    async def update_listing(self, remote: RemoteListing, draft: ListingDraft) -> RemoteListing:
        """update_item: title, description, images, attributes, package (never price/stock)."""
        image_ids = await self._image_ids(draft) if draft.images else []
        await self.client.post(
            "product/update_item",
            mapping.update_payload(remote.remote_id, draft, image_ids),
            what=f"update {draft.product_id}",
            item_level=True,
        )
        return replace(remote, title=draft.title)  # update_item changes no SKU: no read-back

    # ---- orders ----------------------------------------------------------------------------
    async def shop_identity(self) -> str | None:
        """Orders are keyed by the shop id Shopee gave at authorisation."""
        return f"shopee:{self.shop_id}" if self.shop_id else None

    def orders(self, since: datetime, until: datetime) -> AsyncIterator[Order]:
        """Orders whose update time is in [since, until), each once (15-day windows inside)."""
        return pull_orders(self.client, since, until)

    # ---- stock and prices ------------------------------------------------------------------
    async def push_stock(self, updates: Sequence[StockUpdate]) -> list[ItemResult]:
        """update_stock, one item per call (≤50 models), items concurrently."""

        def entry(update: StockUpdate) -> dict[str, Any]:
            seller: dict[str, Any] = {"stock": update.stock}
            if self.location is not None:
                seller = {"location_id": self.location, **seller}
            return {"model_id": int(update.remote_sku_id), "seller_stock": [seller]}

        return await self._push(updates, "product/update_stock", "stock_list", entry, "stock")

    async def push_prices(self, updates: Sequence[PriceUpdate]) -> list[ItemResult]:
        """update_price, one item per call (≤50 models), items concurrently."""

        def entry(update: PriceUpdate) -> dict[str, Any]:
            return {"model_id": int(update.remote_sku_id), "original_price": update.price}

        return await self._push(updates, "product/update_price", "price_list", entry, "price")

    async def _push(
        self,
        updates: Sequence[StockUpdate | PriceUpdate],
        api: str,
        list_name: str,
        entry: Callable[[Any], dict[str, Any]],
        noun: str,
    ) -> list[ItemResult]:
        def refuse(update: StockUpdate | PriceUpdate) -> ItemResult | None:
            if update.remote_id.isdigit() and update.remote_sku_id.isdigit():
                return None
            message = f"not a Shopee item/model id: {update.remote_id}"
            return ItemResult(update.sku, Outcome.REJECTED, message)

        async def send(item_id: Hashable, chunk: Sequence[Any]) -> list[ItemResult]:
            body = {"item_id": int(str(item_id)), list_name: [entry(u) for u in chunk]}
            answer = await self.client.post(
                api, body, what=f"set {noun} of item {item_id}", item_level=True
            )
            return _outcomes(answer, chunk)

        # One item per call, at most the declared number of its models.
        size = self.rules.stock_batch if noun == "stock" else self.rules.price_batch
        return await push_in_batches(
            updates,
            send,
            size=size,
            sku=lambda u: u.sku,
            concurrency=concurrency_for(self.context.settings.rate_limit, CONCURRENT_ITEMS),
            group=lambda u: u.remote_id,
            refuse=refuse,
        )


def _outcomes(
    answer: dict[str, Any], chunk: Sequence[StockUpdate | PriceUpdate]
) -> list[ItemResult]:
    """One result per update of one call: failure_list entries are rejected, the rest applied."""
    if "failure_list" not in answer and "success_list" not in answer:
        raise Fatal("Shopee's answer to an update lacks both success_list and failure_list")
    failures = {
        str(f.get("model_id", 0)): str(f.get("failed_reason") or "refused by Shopee")
        for f in mapping.records(answer, "failure_list", "update")
    }
    successes = {
        str(s.get("model_id", 0)) for s in mapping.records(answer, "success_list", "update")
    }
    out = []
    for update in chunk:
        model = str(int(update.remote_sku_id))
        if model in failures:
            out.append(ItemResult(update.sku, Outcome.REJECTED, failures[model]))
        elif model in successes or "success_list" not in answer:
            out.append(ItemResult(update.sku, Outcome.OK))
        else:
            out.append(ItemResult(update.sku, Outcome.TRANSIENT, "Shopee did not confirm it"))
    return out


def _seconds(moment: datetime | None, *, default: int) -> int:
    return int(moment.timestamp()) if moment is not None else default


def _image_id_from(answer: dict[str, Any]) -> str:
    info = answer.get("image_info")
    if not isinstance(info, dict):
        listed = mapping.records(answer, "image_info_list", "upload_image")
        if listed and listed[0].get("error"):
            raise Rejected(
                f"Shopee refused the image: {listed[0].get('message') or listed[0]['error']}"
            )
        info = listed[0].get("image_info") if listed else None
    if not isinstance(info, dict):
        raise Fatal("Shopee's answer to upload_image lacks `image_info`")
    return str(mapping.field(info, "image_id", str, "upload_image"))
