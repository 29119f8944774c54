"""The WooCommerce adapter: a cooperative's own web shop through the REST API v3."""

from __future__ import annotations

import asyncio
import functools
import hashlib
import logging
from collections.abc import AsyncIterator, Callable, Hashable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any, TypeVar
from urllib.parse import urlsplit

from coopsync.adapters import (
    AdapterContext,
    ImageRef,
    ItemResult,
    ListingDraft,
    Order,
    Outcome,
    PriceUpdate,
    RemoteListing,
    StockUpdate,
)
from coopsync.batching import concurrency_for, push_in_batches
from coopsync.errors import AdapterError, Fatal, Rejected
from coopsync_adapters.woocommerce import changes
from coopsync_adapters.woocommerce.client import (
    PAGE_LIMIT,
    Page,
    WooClient,
    item_error,
)
from coopsync_adapters.woocommerce.descriptor import DESCRIPTOR
from coopsync_adapters.woocommerce.mapping import (
    Units,
    create_payload,
    format_gmt,
    global_attribute_ids,
    merge_attributes,
    parent_sku,
    parse_gmt,
    price_text,
    to_listing,
    to_order,
    update_payload,
    variation_payload,
)

log = logging.getLogger("coopsync.woocommerce")
T = TypeVar("T")
U = TypeVar("U", StockUpdate, PriceUpdate)

# SKUs asked for in one `GET /products?sku=a,b,c` (WooCommerce splits the filter on commas).
SKU_LOOKUP_CHUNK = 20
# Calls in flight at once to one shop: the rate limiter paces them; shared hosting is small.
CONCURRENCY = 3
# Objects per write batch: WooCommerce takes 100, but each is a full product save and a small
# shared host can need longer than our timeout for 100 (not documented; chosen to be safe).
WRITE_CHUNK = 50
# An order trashed mid-pull shifts the pages under us; start over at most this often.
MAX_RESTARTS = 3
DEFAULT_HOLD_MINUTES = 60  # WooCommerce > Settings > Products > Inventory > Hold stock


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _image_key(url: str) -> str:
    return "woocommerce:image:" + hashlib.sha256(url.encode()).hexdigest()


class WooCommerceAdapter:
    """WooCommerce REST API v3 (WooCommerce 3.5+; `modified_after` needs 5.8+)."""

    platform = "woocommerce"
    capabilities = DESCRIPTOR.capabilities
    # REST API keys do not expire and cannot be refreshed: a refused key needs a person.
    refreshes_tokens = False
    rules = DESCRIPTOR.rules

    def __init__(self, context: AdapterContext) -> None:
        self.context = context
        self.channel = context.channel
        self.client = WooClient(context)
        self._units: Units | None = None
        self._hold: tuple[timedelta | None] | None = None  # read once per run
        self._warned: set[str] = set()

    async def aclose(self) -> None:
        await self.client.aclose()

    # ---- helpers ----------------------------------------------------------------------------
    @contextmanager
    def _reading(self) -> Iterator[None]:
        """Mapping errors carry this channel's name."""
        try:
            yield
        except AdapterError as exc:
            exc.channel = exc.channel or self.channel
            raise

    async def _gather(
        self, calls: Sequence[Callable[[], Any]], *, return_exceptions: bool = False
    ) -> list[Any]:
        """Run calls a few at a time (the HTTP layer's rate limiter paces them)."""
        semaphore = asyncio.Semaphore(CONCURRENCY)

        async def one(call: Callable[[], Any]) -> Any:
            async with semaphore:
                return await call()

        return list(
            await asyncio.gather(*(one(c) for c in calls), return_exceptions=return_exceptions)
        )

    async def units(self) -> Units:
        """The shop's weight and dimension units, asked once per run (a shop may change them)."""
        if self._units is not None:
            return self._units
        try:
            weight = await self.client.get(
                "/settings/products/woocommerce_weight_unit", what="read the weight unit"
            )
            dimension = await self.client.get(
                "/settings/products/woocommerce_dimension_unit", what="read the dimension unit"
            )
        except (Rejected, Fatal) as exc:
            # Keys without access to settings: WooCommerce's defaults, said out loud.
            log.warning(
                "[%s] could not read the shop's units (%s); assuming kg and cm", self.channel, exc
            )
            self._units = Units()
            return self._units
        self._units = Units(str(weight.get("value") or "kg"), str(dimension.get("value") or "cm"))
        return self._units

    async def unpaid_hold(self) -> timedelta | None:
        """How long the shop holds a pending order's stock before cancelling it: the channel's
        `hold_stock_minutes`, else the shop's own setting (WooCommerce's default, 60, when the
        keys cannot read settings). None: the shop never cancels pending orders."""
        if self._hold is not None:
            return self._hold[0]
        minutes: int | None = getattr(self.context.settings, "hold_stock_minutes", None)
        if minutes is None:
            try:
                answer = await self.client.get(
                    "/settings/products/woocommerce_hold_stock_minutes",
                    what="read the hold-stock minutes",
                )
                raw = str(answer.get("value") or "").strip()
                minutes = int(raw) if raw.isdigit() else 0  # blank: the shop holds no time limit
            except (Rejected, Fatal) as exc:
                log.warning(
                    "[%s] could not read the shop's hold-stock minutes (%s); assuming 60",
                    self.channel,
                    exc,
                )
                minutes = DEFAULT_HOLD_MINUTES
        self._hold = (timedelta(minutes=minutes) if minutes else None,)
        return self._hold[0]

    def _image_refs(self, images: Sequence[ImageRef]) -> tuple[list[dict[str, Any]], list[str]]:
        """Images as WooCommerce takes them: a known attachment id, else the URL to fetch."""
        refs: list[dict[str, Any]] = []
        sources: list[str] = []
        for image in images:
            if not image.is_url:
                if image.source not in self._warned:
                    self._warned.add(image.source)
                    log.warning(
                        "[%s] image %s skipped: WooCommerce REST API keys cannot upload files; "
                        "put the image online and list its https:// address in the catalog",
                        self.channel,
                        image.source,
                    )
                continue
            cached = self.context.memory.get_value(self.channel, _image_key(image.source))
            refs.append(
                {"id": int(cached)} if cached and cached.isdigit() else {"src": image.source}
            )
            sources.append(image.source)
        return refs, sources

    def _remember_images(self, sources: Sequence[str], answered: Any) -> None:
        """Keep the attachment ids WooCommerce made, so the same URL is never fetched twice."""
        if not isinstance(answered, list) or len(answered) < len(sources):
            return
        for url, image in zip(sources, answered, strict=False):
            if isinstance(image, dict) and isinstance(image.get("id"), int) and image["id"] > 0:
                self.context.memory.set_value(self.channel, _image_key(url), str(image["id"]))

    def _forget_images(self, sources: Sequence[str]) -> None:
        for url in sources:
            self.context.memory.set_value(self.channel, _image_key(url), "")

    async def _write_with_images(
        self,
        method: str,
        path: str,
        build: Callable[[list[dict[str, Any]]], dict[str, Any]],
        images: Sequence[ImageRef],
        what: str,
    ) -> dict[str, Any]:
        refs, sources = self._image_refs(images)
        try:
            answer = await self.client.write(method, path, build(refs), what=what)
        except Rejected as exc:
            if exc.platform_code != "woocommerce_product_invalid_image_id":
                raise
            # An attachment we remembered was deleted from the media library: fetch again.
            self._forget_images(sources)
            refs, sources = self._image_refs(images)
            answer = await self.client.write(method, path, build(refs), what=what)
        self._remember_images(sources, answer.get("images"))
        return answer

    # ---- listings ---------------------------------------------------------------------------
    async def _all_pages(
        self, path: str, params: Mapping[str, str], what: str
    ) -> AsyncIterator[Page]:
        page = 1
        while True:
            query = {**params, "per_page": str(PAGE_LIMIT), "page": str(page)}
            result = await self.client.get_page(path, query, what=what)
            yield result
            if _last_page(result, page):
                return
            page += 1

    async def _variations(self, product_id: int) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        params = {"orderby": "id", "order": "asc"}
        async for page in self._all_pages(
            f"/products/{product_id}/variations", params, f"list variations of {product_id}"
        ):
            out.extend(page.items)
        return out

    async def _listing(self, product: Mapping[str, Any]) -> RemoteListing:
        with self._reading():
            variations: list[dict[str, Any]] = []
            if product.get("type") == "variable":
                variations = await self._variations(_product_id(product))
            return to_listing(product, variations)

    async def load(self, product_id: int | str) -> RemoteListing:
        """One product with its variations, as the shop has it now."""
        product = await self.client.get(f"/products/{product_id}", what="read a listing")
        return await self._listing(product)

    async def listings(self) -> AsyncIterator[RemoteListing]:
        params = {"orderby": "id", "order": "asc"}
        async for page in self._all_pages("/products", params, "list products"):
            calls = [functools.partial(self._listing, product) for product in page.items]
            for listing in await self._gather(calls):
                yield listing

    async def listings_since(
        self, since: datetime, known: Mapping[str, datetime]
    ) -> AsyncIterator[RemoteListing]:
        """Products modified since `since` (`modified_after`, WooCommerce 5.8+). A variable
        product modified no later than `known` says is left out: its variations would cost a
        call. A variation edited alone may leave its parent's time as it was; the
        daily full read catches that."""
        params = {
            # modified_after is exclusive and counts whole seconds.
            "modified_after": format_gmt(since - timedelta(seconds=1)),
            "dates_are_gmt": "true",
            "orderby": "id",
            "order": "asc",
        }
        async for page in self._all_pages("/products", params, "list changed products"):
            fresh = [p for p in page.items if not _known(p, known)]
            calls = [functools.partial(self._listing, product) for product in fresh]
            for listing in await self._gather(calls):
                yield listing

    async def find_by_sku(self, skus: Sequence[str]) -> dict[str, RemoteListing]:
        wanted = list(dict.fromkeys(s for s in skus if s))
        # A SKU with a comma is split by WooCommerce's filter: ask for it on its own.
        groups = [[s] for s in wanted if "," in s]
        groups += [list(c) for c in _chunks([s for s in wanted if "," not in s], SKU_LOOKUP_CHUNK)]
        products: dict[int, dict[str, Any]] = {}
        parents: set[int] = set()
        for group in groups:
            async for page in self._all_pages(
                "/products",
                {"sku": ",".join(group), "orderby": "id", "order": "asc"},
                "find listings by SKU",
            ):
                for hit in page.items:
                    with self._reading():
                        hit_id = _product_id(hit)
                    if hit.get("type") == "variation":
                        if hit.get("parent_id"):
                            parents.add(int(hit["parent_id"]))
                    else:
                        products[hit_id] = hit
        calls: list[Callable[[], Any]] = [
            functools.partial(self._listing, p) for p in products.values()
        ]
        calls += [functools.partial(self.load, i) for i in sorted(parents - set(products))]
        found: dict[str, RemoteListing] = {}
        for listing in await self._gather(calls):
            for sku in listing.sku_map():
                if sku in wanted:
                    found[sku] = listing
        return found

    async def create_listing(self, draft: ListingDraft) -> RemoteListing:
        units = await self.units()
        first_sku = draft.variants[0].sku
        what = f"create the listing for {parent_sku(draft) or first_sku}"
        try:
            product = await self._write_with_images(
                "POST",
                "/products",
                lambda refs: create_payload(draft, units, refs),
                draft.images,
                what,
            )
        except Rejected as exc:
            if exc.platform_code == "product_invalid_sku":
                adopted = await self._adopt_duplicate(draft)
                if adopted is not None:
                    return adopted
            raise Rejected(
                f"{what}: {exc.message}",
                channel=self.channel,
                platform_code=exc.platform_code,
                sku=first_sku,
                hint="another product in the shop may already use this SKU"
                if exc.platform_code == "product_invalid_sku"
                else exc.hint,
            ) from None
        return await self._finish_create(product, draft)

    async def _finish_create(
        self, product: Mapping[str, Any], draft: ListingDraft
    ) -> RemoteListing:
        """A product just made: its variations (one batch), then the listing as answered."""
        with self._reading():
            product_id = _product_id(product)
        if not draft.has_variants:
            with self._reading():
                return to_listing(product)
        made = await self.add_missing_variations(product_id, draft, set())
        if made is None:
            return await self.load(product_id)
        with self._reading():
            return to_listing(product, made)

    async def create_listings(
        self, drafts: Sequence[ListingDraft]
    ) -> list[RemoteListing | Rejected]:
        """Products through `products/batch` (a chunk a call), then each variable product's
        variations in one `variations/batch`. A product the batch refused is created on its
        own, as `create_listing` does (it adopts a product of a retried batch, fetches a
        forgotten image again, and words the refusal)."""
        units = await self.units()
        results: list[RemoteListing | Rejected | None] = [None] * len(drafts)
        alone: list[int] = []
        made: list[tuple[int, dict[str, Any]]] = []
        for start in range(0, len(drafts), WRITE_CHUNK):
            chunk = drafts[start : start + WRITE_CHUNK]
            payloads, sources = [], []
            for draft in chunk:
                refs, urls = self._image_refs(draft.images)
                payloads.append(create_payload(draft, units, refs))
                sources.append(urls)
            answer = await self.client.batch(
                "/products/batch", create=payloads, what=f"create {len(chunk)} listings"
            )
            for offset, (item, urls) in enumerate(zip(answer.create, sources, strict=True)):
                if item_error(item) is not None:
                    alone.append(start + offset)
                else:
                    self._remember_images(urls, item.get("images"))
                    made.append((start + offset, item))

        async def finish(index: int, product: dict[str, Any]) -> None:
            try:
                results[index] = await self._finish_create(product, drafts[index])
            except Rejected as exc:
                results[index] = exc

        await self._gather([functools.partial(finish, i, p) for i, p in made])
        for index in alone:
            try:
                results[index] = await self.create_listing(drafts[index])
            except Rejected as exc:
                results[index] = exc
        return [r for r in results if r is not None]

    async def _adopt_duplicate(self, draft: ListingDraft) -> RemoteListing | None:
        """The SKU is taken: adopt the product that has it if it is this catalog product."""
        if not draft.has_variants:
            found = await self.find_by_sku([draft.variants[0].sku])
            return found.get(draft.variants[0].sku)
        own = parent_sku(draft)
        if not own:
            return None
        page = await self.client.get_page("/products", {"sku": own}, what="find a listing by SKU")
        for product in page.items:
            if product.get("sku") != own or product.get("type") != "variable":
                continue
            listing = await self._listing(product)
            draft_skus = {v.sku for v in draft.variants}
            if set(listing.sku_map()) <= draft_skus:
                # A run stopped between creating the product and its variations: finish it.
                await self.add_missing_variations(
                    int(listing.remote_id),
                    draft,
                    set(listing.sku_map()),
                    product.get("attributes") or (),
                )
                return await self.load(listing.remote_id)
        return None

    async def add_missing_variations(
        self,
        product_id: int,
        draft: ListingDraft,
        existing: set[str],
        parent_attributes: Sequence[Mapping[str, Any]] = (),
    ) -> list[dict[str, Any]] | None:
        """Create the draft's variations the product lacks; the variations made, as the shop
        answered (None: some may have been made by an earlier try: read the product again)."""
        units = await self.units()
        attribute_ids = global_attribute_ids(parent_attributes)
        missing = [v for v in draft.variants if v.sku not in existing]
        refused: dict[str, str] = {}
        made: list[dict[str, Any]] = []
        taken = False
        for chunk in _chunks(missing, WRITE_CHUNK):
            payloads = []
            image_sources: list[list[str]] = []
            for variant in chunk:
                refs, sources = self._image_refs(variant.images[:1])
                image = refs[0] if refs else None
                payloads.append(variation_payload(variant, units, image, attribute_ids))
                image_sources.append(sources)
            answer = await self.client.batch(
                f"/products/{product_id}/variations/batch",
                create=payloads,
                what=f"create variations of listing {product_id}",
            )
            for variant, item, sources in zip(chunk, answer.create, image_sources, strict=True):
                error = item_error(item)
                if error is not None:
                    refused[variant.sku] = error[1]
                    taken = taken or error[0] == "product_invalid_sku"
                else:
                    made.append(item)
                    if sources:
                        self._remember_images(sources, [item.get("image")])
        if taken:
            # A retried batch (the first answer timed out) finds its own variations made.
            after = await self.load(product_id)
            refused = {sku: why for sku, why in refused.items() if sku not in after.sku_map()}
        if refused:
            raise Rejected(
                f"the shop refused variations of listing {product_id}: "
                + "; ".join(f"{sku}: {why}" for sku, why in refused.items()),
                channel=self.channel,
                sku=next(iter(refused)),
                hint="the listing exists; the next run adds the missing variations",
            )
        return None if taken else made

    async def update_listing(self, remote: RemoteListing, draft: ListingDraft) -> RemoteListing:
        units = await self.units()
        path = f"/products/{remote.remote_id}"
        # Read first: attributes the seller made (global ones especially) must survive.
        current = await self.client.get(path, what=f"read listing {remote.remote_id}", item=True)
        existing = current.get("attributes")

        def payload(refs: list[dict[str, Any]]) -> dict[str, Any]:
            body = update_payload(draft, units, refs)
            if "attributes" in body and isinstance(existing, list):
                body["attributes"] = merge_attributes(existing, body["attributes"])
            return body

        product = await self._write_with_images(
            "PUT", path, payload, draft.images, f"update listing {remote.remote_id}"
        )
        with self._reading():
            product_id = _product_id(product)
        if draft.has_variants and product.get("type") == "variable":
            listing = await self._listing(product)
            await self.add_missing_variations(
                product_id, draft, set(listing.sku_map()), product.get("attributes") or ()
            )
            return await self.load(product_id)
        with self._reading():
            return to_listing(product)

    # ---- catalog changes (changes.py) -------------------------------------------------------
    async def add_variants(self, remote: RemoteListing, draft: ListingDraft) -> RemoteListing:
        return await changes.add_variants(self, remote, draft)

    async def rename_skus(self, remote: RemoteListing, renames: Mapping[str, str]) -> RemoteListing:
        return await changes.rename_skus(self, remote, renames)

    async def unlist(self, remote: RemoteListing) -> RemoteListing:
        return await changes.set_status(self, remote, "draft")

    async def relist(self, remote: RemoteListing) -> RemoteListing:
        return await changes.set_status(self, remote, "publish")

    # ---- stock and prices -------------------------------------------------------------------
    async def push_stock(self, updates: Sequence[StockUpdate]) -> list[ItemResult]:
        return await self._push(
            updates, lambda u: {"manage_stock": True, "stock_quantity": int(u.stock)}, "stock"
        )

    async def push_prices(self, updates: Sequence[PriceUpdate]) -> list[ItemResult]:
        return await self._push(updates, lambda u: {"regular_price": price_text(u.price)}, "prices")

    async def _push(
        self, updates: Sequence[U], fields: Callable[[U], dict[str, Any]], what: str
    ) -> list[ItemResult]:
        # Simple products go to /products/batch; variations to their parent's variations batch.
        def target(update: U) -> tuple[str, int] | None:
            is_variation = update.remote_sku_id not in ("", "0", update.remote_id)
            object_id = update.remote_sku_id if is_variation else update.remote_id
            if not object_id.isdigit() or (is_variation and not update.remote_id.isdigit()):
                return None
            path = (
                f"/products/{update.remote_id}/variations/batch"
                if is_variation
                else "/products/batch"
            )
            return path, int(object_id)

        def refuse(update: U) -> ItemResult | None:
            if target(update) is not None:
                return None
            return ItemResult(
                update.sku, Outcome.REJECTED, "not a WooCommerce product or variation id"
            )

        async def send(path: Hashable, chunk: Sequence[U]) -> list[ItemResult]:
            items = []
            for update in chunk:
                found = target(update)
                assert found is not None  # refused otherwise
                items.append({"id": found[1], **fields(update)})
            answer = await self.client.batch(
                str(path), update=items, what=f"push {what} ({len(items)} SKUs)"
            )
            results = []
            for update, item in zip(chunk, answer.update, strict=True):
                error = item_error(item)
                if error is None:
                    results.append(ItemResult(update.sku, Outcome.OK))
                else:
                    code, message = error
                    said = f"{message} ({code})" if code else message
                    results.append(ItemResult(update.sku, Outcome.REJECTED, said))
            return results

        size = self.rules.stock_batch if what == "stock" else self.rules.price_batch
        return await push_in_batches(
            updates,
            send,
            size=size,
            sku=lambda u: u.sku,
            concurrency=concurrency_for(self.context.settings.rate_limit, CONCURRENCY),
            group=lambda u: found[0] if (found := target(u)) else "",
            refuse=refuse,
        )

    # ---- orders -----------------------------------------------------------------------------
    async def shop_identity(self) -> str | None:
        """Orders are keyed by the site's address (without its scheme: http and https are the
        same shop)."""
        parts = urlsplit(self.client.root)
        return f"woocommerce:{parts.netloc.lower()}{parts.path.rstrip('/')}"

    async def orders(self, since: datetime, until: datetime) -> AsyncIterator[Order]:
        """Orders modified in [since, until), oldest id first, each once; then the orders moved
        to the bin in that time (order lists leave them out unless asked for status=trash).

        No upper bound is sent: an order modified during the pull then stays in the list at
        its place (sorted by id, which never changes), so no page shifts under us; orders
        modified after `until` are left for the next pull. An order with refunds is read with
        its refund records (/orders/<id>/refunds): which units, how much, when.
        """
        seen: set[str] = set()
        for status in ("any", "trash"):
            async for payload in self._order_payloads(since, status):
                refunds = await self._refunds(payload) if payload.get("refunds") else []
                # The shop's hold time is read only when a pending order shows up.
                hold = await self.unpaid_hold() if payload.get("status") == "pending" else None
                with self._reading():
                    order = to_order(payload, refunds, hold)
                if order is None or order.order_id in seen:
                    continue
                if not since <= order.updated_at < until:
                    continue
                seen.add(order.order_id)
                yield order

    async def look_up_orders(self, order_ids: Sequence[str]) -> dict[str, Order | None]:
        """These orders as the shop has them now (None: deleted for good), by id.

        The engine asks for the orders it still holds open that did not change in the pull: an
        order deleted from the shop never shows up in a list again. Read with `include`, 100
        ids a page, then the bin (status=trash) for those not found.
        """
        found: dict[str, Order | None] = {str(i): None for i in order_ids}
        for status in ("any", "trash"):
            missing = [i for i, order in found.items() if order is None]
            for start in range(0, len(missing), PAGE_LIMIT):
                chunk = missing[start : start + PAGE_LIMIT]
                query = {"include": ",".join(chunk), "per_page": str(PAGE_LIMIT)}
                if status != "any":
                    query["status"] = status
                page = await self.client.get_page("/orders", query, what="look up orders")
                for payload in page.items:
                    refunds = await self._refunds(payload) if payload.get("refunds") else []
                    hold = await self.unpaid_hold() if payload.get("status") == "pending" else None
                    with self._reading():
                        order = to_order(payload, refunds, hold)
                    if order is not None and order.order_id in found:
                        found[order.order_id] = order
        return found

    async def _refunds(self, payload: Mapping[str, Any]) -> list[dict[str, Any]]:
        order_id = payload.get("id")
        page = await self.client.get_page(
            f"/orders/{order_id}/refunds", {"per_page": str(PAGE_LIMIT)}, what="read refunds"
        )
        return list(page.items)

    async def _order_payloads(
        self, since: datetime, status: str
    ) -> AsyncIterator[Mapping[str, Any]]:
        query = {
            # modified_after is exclusive and counts whole seconds.
            "modified_after": format_gmt(since - timedelta(seconds=1)),
            "dates_are_gmt": "true",
            "orderby": "id",
            "order": "asc",
            "per_page": str(PAGE_LIMIT),
        }
        if status != "any":
            query["status"] = status
        page, restarts, last_total = 1, 0, None
        while True:
            result = await self.client.get_page(
                "/orders", {**query, "page": str(page)}, what="list orders"
            )
            if (
                last_total is not None
                and result.total is not None
                and result.total < last_total
                and restarts < MAX_RESTARTS
            ):
                restarts += 1
                page, last_total = 1, result.total
                continue
            last_total = result.total if result.total is not None else last_total
            for payload in result.items:
                yield payload
            if _last_page(result, page):
                return
            page += 1


def _last_page(result: Page, page: int) -> bool:
    if not result.items:
        return True
    if result.total_pages is not None:
        return page >= result.total_pages
    if result.has_next is not None:  # a proxy dropped the X-WP-* headers but kept Link
        return not result.has_next
    return len(result.items) < PAGE_LIMIT


def _known(product: Mapping[str, Any], known: Mapping[str, datetime]) -> bool:
    """A variable product modified no later than the time up to which it is known."""
    if product.get("type") != "variable":
        return False
    seen = known.get(str(product.get("id")))
    modified = product.get("date_modified_gmt")
    if seen is None or not isinstance(modified, str):
        return False
    try:
        return parse_gmt(modified, "a product date") <= seen
    except AdapterError:
        return False


def _product_id(product: Mapping[str, Any]) -> int:
    value = product.get("id")
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise Fatal("the shop answered a product without an id")
    return value
