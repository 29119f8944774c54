"""The Lazada adapter: listings, images, stock and prices in batches, orders by update time."""

from __future__ import annotations

import hashlib
import logging
import mimetypes
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar
from xml.sax.saxutils import escape

from coopsync.adapters import (
    AdapterContext,
    ImageRef,
    ItemResult,
    ListingDraft,
    ListingStatus,
    Order,
    Outcome,
    PriceUpdate,
    RemoteListing,
    RemoteSku,
    StockUpdate,
)
from coopsync.batching import concurrency_for, push_in_batches
from coopsync.errors import Fatal, Rejected, Transient
from coopsync.http import create_at_most_once
from coopsync_adapters.lazada.changes import LazadaCatalogChanges
from coopsync_adapters.lazada.client import LazadaClient, data_of, json_param
from coopsync_adapters.lazada.descriptor import DESCRIPTOR
from coopsync_adapters.lazada.mapping import (
    MappingError,
    SkuChange,
    create_payload,
    draft_problems,
    floor_second,
    format_time,
    listing_from_product,
    parse_int,
    price_quantity_payload,
    update_payload,
)
from coopsync_adapters.lazada.orders import OrderPuller
from coopsync_adapters.lazada.stock import sellable_payload

log = logging.getLogger("coopsync.lazada")
T = TypeVar("T")

PRODUCTS_LIMIT = 50  # /products/get: "The maximum is 50"
PRODUCTS_MAX_OFFSET = 10_000  # /products/get: "The maximum offset is 10000"
SKU_LIST_MAX = 50  # sku_seller_list: at most 100 SKUs come back; ask for 50 at a time
PRICE_QUANTITY_UPDATE = "/product/price_quantity/update"
SELLABLE_UPDATE = "/product/stock/sellable/update"
PUSH_CONCURRENCY = 3
LAZADA_IMAGE_HOSTS = (".slatic.net", ".lazcdn.com")

SELLER_ID_KEY = "seller_id"  # channel memory: the seller id /seller/get answered


class LazadaAdapter(LazadaCatalogChanges):
    """Lazada Open Platform (Indonesia by default; `region` picks the gateway)."""

    platform = "lazada"
    capabilities = DESCRIPTOR.capabilities
    rules = DESCRIPTOR.rules
    refreshes_tokens = True

    def __init__(self, context: AdapterContext) -> None:
        self.context = context
        self.client = LazadaClient(context)
        self.channel = context.channel
        # The warehouse coopsync manages (multi-warehouse sellers); None: dropshipping.
        self.warehouse: str | None = getattr(context.settings, "warehouse_code", None)

    async def aclose(self) -> None:
        await self.client.aclose()

    def _mapped(self, what: str, build: Callable[[], T]) -> T:
        try:
            return build()
        except MappingError as exc:
            raise Fatal(
                f"{what}: Lazada's answer is incomplete ({exc})", channel=self.channel
            ) from None

    # ---- listings ----------------------------------------------------------------------------
    def _listing(self, product: Any, what: str) -> RemoteListing:
        try:
            return listing_from_product(product, self.warehouse)
        except (MappingError, AttributeError) as exc:
            raise Fatal(
                f"{what}: Lazada's answer is incomplete ({exc})", channel=self.channel
            ) from None

    async def _products_page(self, params: Mapping[str, str], what: str) -> tuple[list[Any], int]:
        body = await self.client.call("GET", "/products/get", params, what=what)
        data = data_of(body, channel=self.channel, what=what)

        def read() -> tuple[list[Any], int]:
            if not isinstance(data, dict):
                raise MappingError("data is not an object")
            products = data.get("products") or []
            if not isinstance(products, list):
                raise MappingError("products is not a list")
            if "total_products" not in data:
                raise MappingError("no total_products")
            return products, parse_int(data["total_products"])

        return self._mapped(what, read)

    async def _products(self, extra: Mapping[str, str], what: str) -> AsyncIterator[RemoteListing]:
        offset = 0
        while True:
            params = {"filter": "all", "limit": str(PRODUCTS_LIMIT), "offset": str(offset), **extra}
            products, total = await self._products_page(params, what)
            for product in products:
                yield self._listing(product, what)
            offset += len(products)
            if not products or offset >= total:
                return
            if offset >= PRODUCTS_MAX_OFFSET:
                log.warning(
                    "[%s] Lazada lists at most %d products by offset; %d more not read",
                    self.channel,
                    PRODUCTS_MAX_OFFSET,
                    total - offset,
                )
                return

    async def listings(self) -> AsyncIterator[RemoteListing]:
        """Every product of the shop, whatever its status."""
        async for listing in self._products({}, "list the shop's products"):
            yield listing

    async def listings_since(
        self, since: datetime, known: Mapping[str, datetime]
    ) -> AsyncIterator[RemoteListing]:
        """Products updated since `since` (GetProducts' `update_after`, ISO 8601). A page
        carries the SKUs, so a known product costs nothing extra and is not left out."""
        extra = {"update_after": format_time(floor_second(since))}
        async for listing in self._products(extra, "list the products changed on Lazada"):
            yield listing

    async def find_by_sku(self, skus: Sequence[str]) -> dict[str, RemoteListing]:
        """Listings that sell any of these SellerSkus (whole-word match on Lazada's side)."""
        wanted = list(dict.fromkeys(skus))
        found: dict[str, RemoteListing] = {}
        for start in range(0, len(wanted), SKU_LIST_MAX):
            chunk = wanted[start : start + SKU_LIST_MAX]
            extra = {"sku_seller_list": json_param(chunk)}
            async for listing in self._products(extra, "look up SKUs on Lazada"):
                for sku in listing.sku_map():
                    if sku in chunk:
                        found[sku] = listing
        return found

    async def create_listing(self, draft: ListingDraft) -> RemoteListing:
        problems = draft_problems(draft)
        first_sku = draft.variants[0].sku if draft.variants else draft.product_id
        if problems:
            raise Rejected(
                f"{draft.product_id}: " + "; ".join(problems),
                channel=self.channel,
                sku=first_sku,
                hint="fix the product in the catalog (channels: lazada: ...) and run again",
            )
        images = [await self._image(ref) for ref in draft.images]
        variant_images = {
            v.sku: [await self._image(ref) for ref in v.images] for v in draft.variants if v.images
        }
        payload = create_payload(draft, images, variant_images)
        what = f"create listing {draft.product_id}"

        async def already_made() -> RemoteListing | None:
            return (await self.find_by_sku([first_sku])).get(first_sku)

        async def send_once() -> RemoteListing:
            body = await self.client.call(
                "POST",
                "/product/create",
                {"payload": json_param(payload)},
                what=what,
                item_level=True,
                attempts=1,
            )
            data = data_of(body, channel=self.channel, what=what)
            listing = await already_made()
            if listing is not None:
                return listing
            return self._mapped(what, lambda: _created_listing(draft, data))

        # A create whose answer was lost is looked for before it is sent again: a second
        # create would only be refused for its duplicate SellerSku.
        return await create_at_most_once(
            send_once,
            already_made,
            attempts=self.client.http.retry.attempts,
            sleep=self.client.http.sleep,
        )

    async def update_listing(self, remote: RemoteListing, draft: ListingDraft) -> RemoteListing:
        images = [await self._image(ref) for ref in draft.images]
        payload = update_payload(remote, draft, images)
        what = f"update listing {draft.product_id}"
        await self.client.call(
            "POST", "/product/update", {"payload": json_param(payload)}, what=what, item_level=True
        )
        # Lazada answers a successful update with code 0 and, often, no `data` at all.
        skus = [s.sku for s in remote.skus]
        return (await self.find_by_sku(skus[:1])).get(skus[0], remote) if skus else remote

    # ---- images ------------------------------------------------------------------------------
    async def _image(self, ref: ImageRef) -> str:
        """A Lazada-hosted URL for an image, uploading or migrating it once ever."""
        memory = self.context.memory
        if ref.is_url:
            if ref.source.split("?")[0].split("/")[2].endswith(LAZADA_IMAGE_HOSTS):
                return ref.source
            key = "image-url:" + hashlib.sha256(ref.source.encode()).hexdigest()
            cached = memory.get_value(self.channel, key)
            if cached:
                return cached
            xml = f"<Request><Image><Url>{escape(ref.source)}</Url></Image></Request>"
            what = "copy an image to Lazada"
            body = await self.client.call(
                "POST", "/image/migrate", {"payload": xml}, what=what, item_level=True
            )
        else:
            path = Path(ref.source)
            path = path if path.is_absolute() else self.context.base_dir / path
            try:
                content = path.read_bytes()
            except OSError as exc:
                raise Rejected(
                    f"cannot read image {path}: {exc.strerror or exc}", channel=self.channel
                ) from None
            key = "image:" + hashlib.sha256(content).hexdigest()
            cached = memory.get_value(self.channel, key)
            if cached:
                return cached
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            what = f"upload image {path.name}"
            body = await self.client.call(
                "POST",
                "/image/upload",
                {},
                what=what,
                item_level=True,
                files={"image": (path.name, content, mime)},
            )
        data = data_of(body, channel=self.channel, what=what)

        def read_url() -> str:
            image = data.get("image") if isinstance(data, dict) else None
            url = image.get("url") if isinstance(image, dict) else None
            if not url:
                raise MappingError("no image url")
            return str(url)

        url = self._mapped(what, read_url)
        memory.set_value(self.channel, key, url)
        return url

    # ---- stock and prices --------------------------------------------------------------------
    async def push_stock(self, updates: Sequence[StockUpdate]) -> list[ItemResult]:
        """Set what buyers can order: `/product/stock/sellable/update` (SellableQuantity), so
        Lazada keeps the units its own unpaid and unshipped orders hold on top (the total)."""

        async def chunk_results(chunk: Sequence[StockUpdate]) -> dict[str, ItemResult]:
            results: dict[str, ItemResult] = {}
            changes = [
                SkuChange(u.sku, u.remote_id, u.remote_sku_id, quantity=u.stock) for u in chunk
            ]
            try:
                await self._apply(changes, "update stock", results, path=SELLABLE_UPDATE)
            except Transient as exc:
                for update in chunk:
                    results.setdefault(
                        update.sku, ItemResult(update.sku, Outcome.TRANSIENT, str(exc))
                    )
            return results

        return await self._in_batches(updates, chunk_results, self.rules.stock_batch)

    async def push_prices(self, updates: Sequence[PriceUpdate]) -> list[ItemResult]:
        async def chunk_results(chunk: Sequence[PriceUpdate]) -> dict[str, ItemResult]:
            results: dict[str, ItemResult] = {}
            changes = [SkuChange(u.sku, u.remote_id, u.remote_sku_id, price=u.price) for u in chunk]
            try:
                await self._apply(changes, "update prices", results)
            except Transient as exc:
                for update in chunk:
                    results.setdefault(
                        update.sku, ItemResult(update.sku, Outcome.TRANSIENT, str(exc))
                    )
            return results

        return await self._in_batches(updates, chunk_results, self.rules.price_batch)

    async def _in_batches(
        self,
        updates: Sequence[Any],
        run: Callable[[Sequence[Any]], Awaitable[dict[str, ItemResult]]],
        size: int,
    ) -> list[ItemResult]:
        async def send(_: Hashable, chunk: Sequence[Any]) -> list[ItemResult]:
            found = await run(chunk)
            return [
                found.get(u.sku, ItemResult(u.sku, Outcome.TRANSIENT, "not sent")) for u in chunk
            ]

        rate_limit = self.context.settings.rate_limit
        return await push_in_batches(
            updates,
            send,
            size=size,
            sku=lambda u: str(u.sku),
            concurrency=concurrency_for(rate_limit, PUSH_CONCURRENCY),
        )

    async def _apply(
        self,
        changes: Sequence[SkuChange],
        what: str,
        results: dict[str, ItemResult],
        *,
        path: str = PRICE_QUANTITY_UPDATE,
    ) -> None:
        """Send a batch; when Lazada refuses it for some SKUs, report those and re-send the
        rest. A refusal that names no SKU is narrowed down by halving the batch."""
        pending = list(changes)
        while pending:
            body = (
                sellable_payload(pending, self.warehouse)
                if path == SELLABLE_UPDATE
                else price_quantity_payload(pending)
            )
            failure = await self.client.call_batch(path, {"payload": json_param(body)}, what=what)
            if failure is None:
                for change in pending:
                    results[change.sku] = ItemResult(change.sku, Outcome.OK)
                return
            named = {sku: msg for sku, msg in failure.details if sku is not None}
            bad = [c for c in pending if c.sku in named]
            if bad:
                for change in bad:
                    message = named[change.sku] or failure.message
                    results[change.sku] = ItemResult(change.sku, Outcome.REJECTED, message)
                pending = [c for c in pending if c.sku not in named]
                continue
            messages = "; ".join(m for _, m in failure.details if m) or failure.message
            if len(pending) == 1:
                results[pending[0].sku] = ItemResult(pending[0].sku, Outcome.REJECTED, messages)
                return
            half = len(pending) // 2
            await self._apply(pending[:half], what, results, path=path)
            await self._apply(pending[half:], what, results, path=path)
            return

    # ---- orders ------------------------------------------------------------------------------
    async def shop_identity(self) -> str | None:
        """Orders are keyed by the seller id of /seller/get (read once, then remembered)."""
        remembered = self.context.memory.get_value(self.channel, SELLER_ID_KEY)
        if remembered:
            return f"lazada:{remembered}"
        what = "read the seller"
        body = await self.client.call("GET", "/seller/get", {}, what=what)
        data = data_of(body, channel=self.channel, what=what)
        seller_id = str(data.get("seller_id") or "") if isinstance(data, dict) else ""
        if not seller_id:
            return None
        self.context.memory.set_value(self.channel, SELLER_ID_KEY, seller_id)
        return f"lazada:{seller_id}"

    async def orders(self, since: datetime, until: datetime) -> AsyncIterator[Order]:
        """Orders whose update time is in [since, until), each once."""
        puller = OrderPuller(self.client, self.channel)
        async for order in puller.pull(since, until):
            yield order


def _created_listing(draft: ListingDraft, data: Any) -> RemoteListing:
    """A listing from /product/create's answer, when the product cannot be read back yet."""
    if not isinstance(data, dict) or "item_id" not in data:
        raise MappingError("no item_id")
    ids = {str(s.get("seller_sku")): str(s.get("sku_id")) for s in data.get("sku_list") or []}
    return RemoteListing(
        remote_id=str(data["item_id"]),
        title=draft.title,
        status=ListingStatus.INACTIVE,
        skus=tuple(RemoteSku(v.sku, ids.get(v.sku, ""), v.price, v.stock) for v in draft.variants),
    )
