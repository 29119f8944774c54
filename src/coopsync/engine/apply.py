"""Apply a plan: the only place the engine changes anything on a channel.

Channels run concurrently; on each, listings first (adopt, then create: a listing already
selling the SKU is adopted, never duplicated), then title updates, then stock and prices in
batches as large as the channel's rules allow. Every result is journalled in the store the
moment it lands, so a crash at any point leaves a state the next run completes. A channel
whose credentials stop working (AuthExpired) or that fails as a whole stops cleanly; the
other channels go on. How a result is recorded is `apply_writes.py`; the catalog changes (renames,
new variants, unlist and relist) are `apply_catalog.py`.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable, Collection, Coroutine, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from coopsync.adapters import (
    Adapter,
    Clock,
    CreatesListingsInBatches,
    ItemResult,
    Outcome,
    PriceUpdate,
    RemoteListing,
    StockUpdate,
    creates_in_batches,
)
from coopsync.engine.actions import (
    ChannelPlan,
    CreateListing,
    Plan,
    SetPrice,
    SetStock,
    UpdateListing,
)
from coopsync.engine.apply_catalog import CatalogChanges
from coopsync.engine.apply_writes import ProgressHook, StepHook
from coopsync.engine.drafts import content_hash
from coopsync.engine.outcome import (
    RunSummary,
    stop_channel,
)
from coopsync.errors import Rejected
from coopsync.state.store import StateStore

T = TypeVar("T")
# Creates and updates in flight at once on one channel (the HTTP layer paces the calls).
SIDE_BY_SIDE = 4


def chunks(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """`items` in slices of at most `size` (at least 1)."""
    size = max(1, size)
    return [items[i : i + size] for i in range(0, len(items), size)]


def work_units(plan: ChannelPlan) -> int:
    """How many results applying this channel's plan will journal (for a progress bar)."""
    return (
        len(plan.adopts)
        + len(plan.creates)
        + len(plan.updates)
        + len(plan.stock)
        + len(plan.prices)
        + sum(len(r.renames) for r in plan.renames)
        + sum(len(a.new_skus) for a in plan.additions)
        + len(plan.unlists)
        + len(plan.relists)
    )


@dataclass(frozen=True)
class Writes:
    """What a run changed on one channel: the listings (with the listing itself when created
    here), and the stock and prices the channel accepted, by remote id and SKU."""

    listings: Mapping[str, RemoteListing | None]
    values: Mapping[str, Mapping[str, Sequence[int | None]]]
    # When the last write to each listing was sent and when the channel's answer came
    # (coopsync's clock): the platform stamped it in between (engine/listings.py).
    answered: Mapping[str, tuple[datetime, datetime]] = field(default_factory=dict)


@dataclass
class _ChannelApply(CatalogChanges):
    """One channel's apply run: listings, catalog changes, stock and prices, in that order."""

    # ---- the steps -------------------------------------------------------------------------
    async def run(self) -> None:
        try:
            for adopt in self.plan.adopts:
                self._link(
                    adopt.sku, adopt.remote_id, adopt.remote_sku_id, adopt.url, adopt.content_hash
                )
                self.outcome.adopted += 1
                self._journal("adopt", adopt.sku, adopt.remote_id, Outcome.OK)
            for known in self.plan.known_stock:
                self.store.record_stock_pushed(self.name, known.sku, known.stock, self.clock())
            if self.plan.renames or self.plan.additions or self.plan.relists:
                # Catalog changes first, in order: a stock push may name a renamed SKU.
                if self.plan.creates:
                    await self._create_or_adopt(self.plan.creates)
                for rename in self.plan.renames:
                    await self._rename(rename)
                for addition in self.plan.additions:
                    await self._add_variants(addition)
                for relist in self.plan.relists:
                    await self._relist(relist)
                await self._side_by_side(
                    [functools.partial(self._update, u) for u in self.plan.updates]
                )
                await self._values()
            else:
                # Listings and the stock and prices of listings already linked side by side:
                # creates wait on the network more than on the channel's rate limit.
                await run_concurrently([self._listings(), self._values()])
            await self._push_stock(self.extra_stock)  # of listings a create found made
            await self._push_prices(self.extra_prices)
            for unlist in self.plan.unlists:
                await self._unlist(unlist)
        except Exception as exc:  # one channel's failure never stops the others
            message = stop_channel(self.outcome, "channel", exc)
            self.store.journal(
                self.run_id,
                self.name,
                "channel",
                None,
                "stopped",
                "rejected",
                message,
                self.clock(),
            )

    async def _listings(self) -> None:
        if self.plan.creates:
            await self._create_or_adopt(self.plan.creates)
        await self._side_by_side([functools.partial(self._update, u) for u in self.plan.updates])

    async def _values(self) -> None:
        await self._push_stock(self.plan.stock)
        await self._push_prices(self.plan.prices)

    async def _create_or_adopt(self, creates: Sequence[CreateListing]) -> None:
        found: Mapping[str, RemoteListing] = {}
        if not self.listings_read:
            # The plan did not see the channel's listings: look the SKUs up before creating.
            skus = [v.sku for create in creates for v in create.draft.variants]
            try:
                found = await self.adapter.find_by_sku(skus)
            except NotImplementedError:
                found = {}
        to_create = []
        for create in creates:
            if any(v.sku in found for v in create.draft.variants):
                self._adopt_found(create, found)
            else:
                to_create.append(create)
        batches = creates_in_batches(self.adapter)
        if batches is None:
            await self._side_by_side([functools.partial(self._create, c) for c in to_create])
            return
        size = self.adapter.rules.create_batch
        await self._side_by_side(
            [functools.partial(self._create_batch, batches, c) for c in chunks(to_create, size)]
        )

    async def _side_by_side(self, steps: Sequence[Callable[[], Awaitable[None]]]) -> None:
        """The first step alone (it fills the adapter's caches: images, couriers, units), then
        a few at a time: each waits on the network far longer than on the rate limiter."""
        if not steps:
            return
        await steps[0]()
        semaphore = asyncio.Semaphore(SIDE_BY_SIDE)

        async def one(step: Callable[[], Awaitable[None]]) -> None:
            async with semaphore:
                await step()

        await run_concurrently([one(step) for step in steps[1:]])

    def _adopt_found(self, create: CreateListing, found: Mapping[str, RemoteListing]) -> None:
        """The listing exists already (made by hand, or by a run that crashed): adopt it."""
        for variant in create.draft.variants:
            listing = found.get(variant.sku)
            remote_sku = listing.sku_map().get(variant.sku) if listing else None
            if listing is None or remote_sku is None:
                self._fail(
                    "create",
                    variant.sku,
                    create.product_id,
                    Outcome.REJECTED,
                    f"{variant.sku} is not on the channel's listing of {create.product_id}",
                )
                continue
            fingerprint = content_hash(create.draft)
            self._link(
                variant.sku, listing.remote_id, remote_sku.remote_sku_id, listing.url, fingerprint
            )
            self.outcome.adopted += 1
            self._journal("adopt", variant.sku, listing.remote_id, Outcome.OK)
            ids = (self.name, variant.sku, listing.remote_id, remote_sku.remote_sku_id)
            if remote_sku.stock != variant.stock:
                self.extra_stock.append(SetStock(*ids, variant.stock, remote_sku.stock))
            if remote_sku.price != variant.price:
                self.extra_prices.append(SetPrice(*ids, variant.price, remote_sku.price))

    async def _create(self, create: CreateListing) -> None:
        try:
            listing = await self.adapter.create_listing(create.draft)
        except Rejected as exc:
            self._refused(create, exc)
            return
        self._landed("create", create.draft.variants[0].sku)
        self._created(create, listing)

    async def _create_batch(
        self, batches: CreatesListingsInBatches, creates: Sequence[CreateListing]
    ) -> None:
        results = await batches.create_listings([c.draft for c in creates])
        self._landed("create", creates[0].draft.variants[0].sku)
        for create, result in zip(creates, results, strict=True):
            if isinstance(result, Rejected):
                self._refused(create, result)
            else:
                self._created(create, result)

    def _refused(self, create: CreateListing, exc: Rejected) -> None:
        sku = exc.sku or create.draft.variants[0].sku
        self._fail("create", sku, create.product_id, Outcome.REJECTED, exc.message, exc.hint)

    def _created(self, create: CreateListing, listing: RemoteListing) -> None:
        first_sku = create.draft.variants[0].sku
        at = self.clock()
        remote_skus = listing.sku_map()
        fingerprint = content_hash(create.draft)
        for variant in create.draft.variants:
            remote_sku = remote_skus.get(variant.sku)
            if remote_sku is None:
                continue  # reported below: the listing came back without it
            self._link(
                variant.sku, listing.remote_id, remote_sku.remote_sku_id, listing.url, fingerprint
            )
            self.store.record_stock_pushed(self.name, variant.sku, variant.stock, at)
            self.store.record_price_pushed(self.name, variant.sku, variant.price, at)
        missing = [v.sku for v in create.draft.variants if v.sku not in remote_skus]
        self._wrote(listing.remote_id, listing)
        self.outcome.created += len(create.draft.variants) - len(missing)  # SKUs, as adopt
        self._journal("create", first_sku, listing.remote_id, Outcome.OK)
        for sku in missing:
            self._fail(
                "create",
                sku,
                listing.remote_id,
                Outcome.REJECTED,
                f"the channel created {create.product_id} without {sku}",
            )

    async def _update(self, update: UpdateListing) -> None:
        try:
            await self.adapter.update_listing(update.remote, update.draft)
        except Rejected as exc:
            self._fail("update", None, update.product_id, Outcome.REJECTED, exc.message, exc.hint)
            return
        self._landed("update", update.product_id)
        fingerprint = content_hash(update.draft)
        remote_ids = {s.remote_sku_id for s in update.remote.skus}
        for variant in update.draft.variants:
            # The state's own link (the channel may still show an old SKU for it).
            known = self.store.get_listing(self.name, variant.sku)
            if known is not None and (known.remote_id, known.remote_sku_id) in {
                (update.remote.remote_id, rid) for rid in remote_ids
            }:
                self._link(
                    variant.sku, known.remote_id, known.remote_sku_id, known.url, fingerprint
                )
        self._wrote(update.remote.remote_id)
        self.outcome.updated += 1
        self._journal("update", None, update.product_id, Outcome.OK)

    async def _push_stock(self, actions: Sequence[SetStock]) -> None:
        for batch in chunks(actions, self.adapter.rules.stock_batch):
            updates = [
                StockUpdate(self._seller_sku(a), a.remote_id, a.remote_sku_id, a.stock)
                for a in batch
            ]
            sent = self.clock()
            results = await self.adapter.push_stock(updates)
            self._landed("stock", batch[0].sku)
            for action, result in _paired(batch, results):
                if result.ok:
                    self.store.record_stock_pushed(
                        self.name, action.sku, action.stock, self.clock()
                    )
                    self._wrote(action.remote_id, sent=sent)
                    self._accepted(action.remote_id, action.sku, 0, action.stock)
                    self.outcome.stock_set += 1
                    self._journal("stock", action.sku, str(action.stock), Outcome.OK)
                else:
                    self._fail(
                        "stock", action.sku, str(action.stock), result.outcome, result.message
                    )

    def _seller_sku(self, action: SetStock | SetPrice) -> str:
        """The SKU the channel sells `action.sku` under now (an old one it kept, or renamed)."""
        if action.channel_sku is None:
            return action.sku
        return self.renamed.get(action.channel_sku, action.channel_sku)

    async def _push_prices(self, actions: Sequence[SetPrice]) -> None:
        for batch in chunks(actions, self.adapter.rules.price_batch):
            updates = [
                PriceUpdate(self._seller_sku(a), a.remote_id, a.remote_sku_id, a.price)
                for a in batch
            ]
            sent = self.clock()
            results = await self.adapter.push_prices(updates)
            self._landed("price", batch[0].sku)
            for action, result in _paired(batch, results):
                if result.ok:
                    self.store.record_price_pushed(
                        self.name, action.sku, action.price, self.clock()
                    )
                    self._wrote(action.remote_id, sent=sent)
                    self._accepted(action.remote_id, action.sku, 1, action.price)
                    self.outcome.prices_set += 1
                    self._journal("price", action.sku, str(action.price), Outcome.OK)
                else:
                    self._fail(
                        "price", action.sku, str(action.price), result.outcome, result.message
                    )


def _paired(actions: Sequence[T], results: Sequence[ItemResult]) -> list[tuple[T, ItemResult]]:
    """Each action with its result; an adapter that answered short leaves the rest transient."""
    by_position = list(results) + [
        ItemResult("", Outcome.TRANSIENT, "the channel did not answer for this SKU")
        for _ in actions[len(results) :]
    ]
    return list(zip(actions, by_position, strict=True))


async def apply_plan(
    plan: Plan,
    adapters: Mapping[str, Adapter],
    store: StateStore,
    clock: Clock,
    run_id: int,
    summary: RunSummary,
    *,
    skip: Sequence[str] = (),
    on_step: StepHook | None = None,
    progress: ProgressHook | None = None,
    listings_read: Collection[str] = (),
) -> dict[str, Writes]:
    """Apply every channel's part of `plan` concurrently; outcomes land in `summary`.

    `listings_read` names the channels whose listings this run read: the plan already adopts
    whatever they sell, so creating there needs no lookup by SKU first. Returns, per channel,
    the listings the run changed (see `_ChannelApply.written`)."""
    jobs = [
        _ChannelApply(
            cp,
            adapters[name],
            store,
            clock,
            run_id,
            summary.channel(name),
            on_step,
            progress,
            listings_read=name in listings_read,
        )
        for name, cp in plan.channels.items()
        if name not in skip
        and name in adapters
        and (not cp.is_empty or cp.adopts or cp.known_stock)
    ]
    await run_concurrently([job.run() for job in jobs])
    return {job.name: Writes(job.written, job.values, job.answered) for job in jobs}


async def run_concurrently(jobs: Sequence[Coroutine[Any, Any, None]]) -> None:
    """Await every job at once; if one raises, the others are cancelled before it propagates
    (a crash must not leave a half-run channel going on in the background)."""
    tasks = [asyncio.ensure_future(job) for job in jobs]
    try:
        await asyncio.gather(*tasks)
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise
