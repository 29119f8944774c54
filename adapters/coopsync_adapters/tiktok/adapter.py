"""TikTokAdapter: the coopsync contract on TikTok Shop's Partner API (also Tokopedia shops)."""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Hashable,
    Mapping,
    Sequence,
)
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import httpx

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
    StockUpdate,
)
from coopsync.batching import concurrency_for, push_in_batches
from coopsync.errors import AdapterError, AuthExpired, Fatal, Rejected, Transient
from coopsync.http import create_at_most_once
from coopsync_adapters.tiktok import mapping
from coopsync_adapters.tiktok.changes import TikTokCatalogChanges
from coopsync_adapters.tiktok.client import CURRENCY, JsonDict, TikTokClient
from coopsync_adapters.tiktok.descriptor import DESCRIPTOR
from coopsync_adapters.tiktok.orders import OrderPull

T = TypeVar("T")
U = TypeVar("U", StockUpdate, PriceUpdate)
PAGE_SIZE = 100  # Search Products and Get Order List: 1-100 per page
SKU_FILTER_BATCH = 10  # Search Products: at most 10 seller_skus per filter (code 12019027)
CONCURRENCY = 4  # one product per inventory/price call: a few at once, paced by the limiter


# Price refusals about the whole product: sending its SKUs one by one would not help.
PRODUCT_LEVEL_CODES = frozenset(
    {
        "12019113",  # product status is invalid (prices change only on live products)
        "12052032",  # the product does not exist
        "12052048",  # not listed in this shop
        "12052700",  # the seller is inactive
    }
)


@dataclass(frozen=True)
class Refused:
    """How a whole call failed: the outcome its items get, and the platform's word."""

    outcome: Outcome
    message: str
    code: str | None = None


class TikTokAdapter(TikTokCatalogChanges):
    """TikTok Shop, API version 202309. Tokopedia shops use it too (`platform: tokopedia`)."""

    platform = "tiktok"
    refreshes_tokens = True
    capabilities = DESCRIPTOR.capabilities
    rules = DESCRIPTOR.rules

    def __init__(self, context: AdapterContext) -> None:
        self.context = context
        self.client = TikTokClient(context)
        self.channel = context.channel

    async def aclose(self) -> None:
        await self.client.aclose()

    # ---- listings --------------------------------------------------------------------------
    async def _products(self, filters: dict[str, Any]) -> AsyncIterator[dict[str, Any]]:
        token: str | None = None
        while True:
            data = await self._mapped(
                self.client.search_products(filters, page_size=PAGE_SIZE, page_token=token)
            )
            if "products" not in data and "total_count" not in data:
                raise Fatal(
                    "product search: TikTok Shop's answer lacks 'products'", channel=self.channel
                )
            products = data.get("products") or []
            if not isinstance(products, list):
                raise Fatal("product search: 'products' is not a list", channel=self.channel)
            for product in products:
                if isinstance(product, dict):
                    yield product
            token = data.get("next_page_token") or None
            if not token or not products:
                return

    async def listings(self) -> AsyncIterator[RemoteListing]:
        async for product in self._products({}):
            yield self._listing(product)

    async def listings_since(
        self, since: datetime, known: Mapping[str, datetime]
    ) -> AsyncIterator[RemoteListing]:
        """Products updated since `since` (Search Products' `update_time_ge`). A search page
        carries the SKUs, so a known product costs nothing extra and is not left out."""
        async for product in self._products({"update_time_ge": int(since.timestamp())}):
            yield self._listing(product)

    async def find_by_sku(self, skus: Sequence[str]) -> dict[str, RemoteListing]:
        wanted = list(dict.fromkeys(skus))
        found: dict[str, RemoteListing] = {}
        for start in range(0, len(wanted), SKU_FILTER_BATCH):
            chunk = wanted[start : start + SKU_FILTER_BATCH]
            async for product in self._products({"seller_skus": chunk}):
                listing = self._listing(product)
                if listing.status is ListingStatus.DELETED:
                    continue
                for sku in listing.sku_map():
                    if sku in chunk and sku not in found:
                        found[sku] = listing
        return found

    def _listing(self, product: dict[str, Any]) -> RemoteListing:
        try:
            return mapping.product_to_listing(product, self.client.settings.warehouse_id)
        except AdapterError as exc:
            exc.channel = self.channel
            raise

    async def _read_back(self, product_id: str) -> RemoteListing:
        return self._listing(await self._mapped(self.client.get_product(product_id)))

    async def create_listing(self, draft: ListingDraft) -> RemoteListing:
        warehouse = self.client.settings.warehouse_id
        if not warehouse:
            raise Fatal(
                "TikTok Shop needs the warehouse that ships new listings",
                channel=self.channel,
                hint="set warehouse_id on this channel (Seller Center: Settings > Warehouses, "
                "or the Get Warehouse List API)",
            )
        images = await self._images(draft)
        body = self._build(lambda: mapping.create_body(draft, images, warehouse), draft)
        first_sku = draft.variants[0].sku

        async def already_made() -> JsonDict | None:
            # TikTok does not refuse a second product with the same seller SKUs: a create
            # whose answer was lost is looked for before it is sent again.
            found = (await self.find_by_sku([first_sku])).get(first_sku)
            return {"product_id": found.remote_id} if found is not None else None

        data = await create_at_most_once(
            lambda: self._mapped(self.client.create_product(body)),
            already_made,
            attempts=self.client.http.retry.attempts,
            sleep=self.client.http.sleep,
        )
        product_id = data.get("product_id")
        if not isinstance(product_id, str) or not product_id:
            raise Fatal(
                "product create: TikTok Shop's answer lacks 'product_id'", channel=self.channel
            )
        return await self._read_back(product_id)

    async def update_listing(self, remote: RemoteListing, draft: ListingDraft) -> RemoteListing:
        images = await self._images(draft)
        body = self._build(lambda: mapping.edit_body(draft, images), draft)
        await self._mapped(self.client.partial_edit(remote.remote_id, body))
        return await self._read_back(remote.remote_id)

    def _build(self, make: Callable[[], dict[str, Any]], draft: ListingDraft) -> dict[str, Any]:
        try:
            return make()
        except Rejected as exc:
            exc.channel = self.channel
            exc.message = f"{draft.product_id}: {exc.message}"
            raise

    # ---- images ----------------------------------------------------------------------------
    async def _images(self, draft: ListingDraft) -> mapping.Images:
        main_refs = list(draft.images) or [i for v in draft.variants for i in v.images[:1]]
        if not main_refs:
            raise Rejected(
                f"{draft.product_id}: TikTok Shop needs at least one product image",
                channel=self.channel,
                sku=draft.variants[0].sku if draft.variants else None,
            )
        main = tuple([await self._image_uri(ref) for ref in main_refs[: self.rules.images_max]])
        by_sku = {}
        for variant in draft.variants:
            if variant.images and variant.options:
                by_sku[variant.sku] = await self._image_uri(variant.images[0])
        return mapping.Images(main=main, by_sku=by_sku)

    async def _image_uri(self, ref: ImageRef) -> str:
        """Upload an image once; its URI is remembered by content hash (or URL hash)."""
        memory = self.context.memory
        if ref.is_url:
            url_key = "image-url:" + hashlib.sha256(ref.source.encode()).hexdigest()
            cached = memory.get_value(self.channel, url_key)
            if cached:
                return cached
            content = await self._download(ref.source)
        else:
            path = Path(ref.source)
            path = path if path.is_absolute() else self.context.base_dir / path
            try:
                content = path.read_bytes()
            except OSError as exc:
                raise Rejected(
                    f"cannot read image {ref.source}: {exc.strerror}", channel=self.channel
                ) from None
            url_key = None
        key = "image:" + hashlib.sha256(content).hexdigest()
        uri = memory.get_value(self.channel, key)
        if not uri:
            name = Path(ref.source.split("?")[0]).name or "image.jpg"
            mime = mimetypes.guess_type(name)[0] or "image/jpeg"
            data = await self._mapped(self.client.upload_image(content, name, mime))
            found = data.get("uri")
            if not isinstance(found, str) or not found:
                raise Fatal("image upload: TikTok Shop's answer lacks 'uri'", channel=self.channel)
            uri = found
            memory.set_value(self.channel, key, uri)
        if url_key:
            memory.set_value(self.channel, url_key, uri)
        return uri

    async def _download(self, url: str) -> bytes:
        def build(_token: str | None) -> httpx.Request:
            return httpx.Request("GET", url)

        def parse(response: httpx.Response) -> bytes:
            if response.status_code >= 500:
                raise Transient(f"image {url} could not be fetched now", channel=self.channel)
            if response.status_code >= 400:
                raise Rejected(
                    f"image {url} could not be fetched (HTTP {response.status_code})",
                    channel=self.channel,
                )
            return response.content

        return await self.client.http.send(build, parse, what="image download", authenticated=False)

    # ---- stock and prices ------------------------------------------------------------------
    async def push_stock(self, updates: Sequence[StockUpdate]) -> list[ItemResult]:
        async def send(product_id: Hashable, chunk: Sequence[StockUpdate]) -> list[ItemResult]:
            skus = [self._inventory_entry(u) for u in chunk]
            outcome = await self._attempt(self.client.update_inventory(str(product_id), skus))
            if isinstance(outcome, Refused):
                return [ItemResult(u.sku, outcome.outcome, outcome.message) for u in chunk]
            failures = self._inventory_errors(outcome)
            return [
                ItemResult(u.sku, Outcome.REJECTED, failures[u.remote_sku_id])
                if failures.get(u.remote_sku_id)
                else ItemResult(u.sku, Outcome.OK)
                for u in chunk
            ]

        allowed = (self.rules.stock_min, self.rules.stock_max)
        refuse = _out_of_range(lambda u: u.stock, allowed, "stock")
        return await self._push(updates, send, self.rules.stock_batch, refuse)

    def _inventory_entry(self, update: StockUpdate) -> dict[str, Any]:
        entry: dict[str, Any] = {"quantity": int(update.stock)}
        if self.client.settings.warehouse_id:
            entry["warehouse_id"] = self.client.settings.warehouse_id
        return {"id": update.remote_sku_id, "inventory": [entry]}

    def _inventory_errors(self, data: dict[str, Any]) -> dict[str, str]:
        """data.errors[] of an inventory update (code 0): SKU id -> the platform's message."""
        errors = data.get("errors") or []
        if not isinstance(errors, list):
            raise Fatal("inventory update: 'errors' is not a list", channel=self.channel)
        failures: dict[str, str] = {}
        for error in errors:
            if not isinstance(error, dict):
                continue
            raw = error.get("detail")
            detail: dict[str, Any] = raw if isinstance(raw, dict) else {}
            sku_id = str(detail.get("sku_id") or "")
            message = str(error.get("message") or "refused")
            extra = detail.get("extra_errors")
            if isinstance(extra, list) and extra and isinstance(extra[0], dict):
                message = str(extra[0].get("message") or message)
            code = error.get("code")
            failures[sku_id] = f"{message} ({code})" if code else message
        return failures

    async def push_prices(self, updates: Sequence[PriceUpdate]) -> list[ItemResult]:
        async def call(product_id: str, chunk: Sequence[PriceUpdate]) -> Refused | None:
            skus = [
                {
                    "id": u.remote_sku_id,
                    "price": {"amount": mapping.amount(u.price), "currency": CURRENCY},
                }
                for u in chunk
            ]
            outcome = await self._attempt(self.client.update_prices(product_id, skus))
            return outcome if isinstance(outcome, Refused) else None

        def result(update: PriceUpdate, refused: Refused | None) -> ItemResult:
            if refused is None:
                return ItemResult(update.sku, Outcome.OK)
            return ItemResult(update.sku, refused.outcome, refused.message)

        async def send(product_id: Hashable, chunk: Sequence[PriceUpdate]) -> list[ItemResult]:
            refused = await call(str(product_id), chunk)
            if (
                refused is not None
                and refused.outcome is Outcome.REJECTED
                and refused.code not in PRODUCT_LEVEL_CODES
                and len(chunk) > 1
            ):
                # A call is applied all or nothing: find the SKUs refused, apply the rest.
                return [result(u, await call(str(product_id), [u])) for u in chunk]
            return [result(u, refused) for u in chunk]

        allowed = (self.rules.price_min, self.rules.price_max)
        refuse = _out_of_range(lambda u: u.price, allowed, "price (rupiah)")
        return await self._push(updates, send, self.rules.price_batch, refuse)

    async def _push(
        self,
        updates: Sequence[U],
        send: Callable[[Hashable, Sequence[U]], Awaitable[Sequence[ItemResult]]],
        size: int,
        refuse: Callable[[U], ItemResult | None],
    ) -> list[ItemResult]:
        """One call per product (at most `size` SKUs), a few at a time within the rate limit."""
        return await push_in_batches(
            updates,
            send,
            size=size,
            sku=lambda u: u.sku,
            concurrency=concurrency_for(self.context.settings.rate_limit, CONCURRENCY),
            group=lambda u: u.remote_id,
            refuse=refuse,
        )

    async def _attempt(self, call: Awaitable[dict[str, Any]]) -> dict[str, Any] | Refused:
        """The call's data, or the outcome its items get (AuthExpired and Fatal propagate)."""
        try:
            return await self._mapped(call)
        except Rejected as exc:
            code = f" ({exc.platform_code})" if exc.platform_code else ""
            return Refused(Outcome.REJECTED, f"{exc.message}{code}", exc.platform_code)
        except Transient as exc:
            return Refused(Outcome.TRANSIENT, exc.message, exc.platform_code)

    async def _mapped(self, call: Awaitable[T]) -> T:
        try:
            return await call
        except AuthExpired:
            raise
        except AdapterError as exc:
            exc.channel = exc.channel or self.channel
            raise

    # ---- orders ----------------------------------------------------------------------------
    async def shop_identity(self) -> str | None:
        """Orders are keyed by the shop's cipher: one per shop, whether it was configured as
        TikTok Shop or as Tokopedia."""
        cipher = self.client.shop_cipher
        return f"tiktok:{cipher}" if cipher else None

    def orders(self, since: datetime, until: datetime) -> AsyncIterator[Order]:
        """Orders whose update time is in [since, until), oldest update first, each once."""
        return OrderPull(self.client, self.channel).orders(since, until)


def _out_of_range(
    value: Callable[[Any], int], allowed: tuple[int, int], what: str
) -> Callable[[Any], ItemResult | None]:
    """A refusal for an update outside TikTok Shop's range, never sent."""
    low, high = allowed

    def refuse(update: StockUpdate | PriceUpdate) -> ItemResult | None:
        if low <= value(update) <= high:
            return None
        message = f"{what} {value(update)} is outside TikTok Shop's range {low}-{high}"
        return ItemResult(update.sku, Outcome.REJECTED, message)

    return refuse
