"""One run, end to end: counts -> pull orders -> read listings -> plan -> safety -> apply
-> settle (pull again after writing stock; settle.py).

`sync` and `push` do all of it (a push pulls orders first: stock older than the channel's
orders would give sold units back); `pull` imports orders and adopts the listings it finds,
pushing nothing; `plan` reads the channels' listings and writes nothing. `dry_run` pulls (so
the plan sees today's orders) but sends nothing to the channels.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from coopsync.adapters import Adapter, Clock, ListingStatus, RemoteListing
from coopsync.catalog import Catalog
from coopsync.channel_config import ChannelBase
from coopsync.engine.actions import ChannelPlan, Plan, WarningKind
from coopsync.engine.apply import (
    UNLISTED,
    StepHook,
    Writes,
    apply_plan,
    run_concurrently,
    work_units,
)
from coopsync.engine.catalog_counts import record_catalog_counts, with_unrecorded_counts
from coopsync.engine.consignment import Held, units_held
from coopsync.engine.listings import (
    ListingRead,
    note_writes,
    read_back,
    read_back_writes,
    read_listings,
    with_pushed,
)
from coopsync.engine.outcome import HINT_REJECTED, Failure, Notice, RunSummary, stop_channel
from coopsync.engine.plan import ChannelInput, ListingLink, PlanOptions, Pushed, plan
from coopsync.engine.pull import OrderPull, pull_orders
from coopsync.engine.retirement import retire_now
from coopsync.engine.safety import check, zero_causes
from coopsync.engine.settle import (
    SETTLE_ROUNDS,
    stock_actions,
    stock_only,
    unexplained_drop,
    with_written,
    written_stock,
)
from coopsync.engine.snapshot import forget_parsed
from coopsync.engine.targets import ChannelStockRules
from coopsync.errors import CoopsyncError
from coopsync.ledger import positions
from coopsync.state.records import Listing
from coopsync.state.store import StateStore


@dataclass(frozen=True)
class RunOptions:
    """What kind of run, and the user's choices."""

    command: str = "sync"  # sync | push | pull | plan
    dry_run: bool = False
    force: bool = False
    keep_drift: bool = False
    since: datetime | None = None  # first order pull starts here instead of 30 days ago
    full: bool = False  # read every listing, not only those changed since the last read
    record_as: str | None = None  # the run's name in `status` (`stock count` pulls as `pull`)

    @property
    def run_name(self) -> str:
        """What `status` calls this run: `sync`, `push --dry-run`, `stock count`..."""
        name = self.record_as or self.command
        return f"{name} --dry-run" if self.dry_run else name

    @property
    def writes_state(self) -> bool:
        return self.command != "plan"

    @property
    def pulls_orders(self) -> bool:
        return self.command in ("sync", "pull", "push")

    @property
    def pushes(self) -> bool:
        return self.command in ("sync", "push") and not self.dry_run


class Progress:
    """Progress of the apply step; the CLI's rich bar subclasses it. Does nothing by default."""

    def planned(self, channel: str, units: int) -> None:
        """`units` results will be journalled on `channel`."""

    def advance(self, channel: str, units: int) -> None:
        """`units` more results landed on `channel`."""


@dataclass
class RunResult:
    """The summary and the plan (None when the run stopped before planning)."""

    summary: RunSummary
    plan: Plan | None = None


@dataclass
class Run:
    """The parts of one run: the shop, its state, its open channels and a clock."""

    catalog: Catalog
    store: StateStore
    adapters: Mapping[str, Adapter]
    settings: Mapping[str, ChannelBase]
    clock: Clock
    restock_returns: bool = False
    requests_sent: Callable[[str], int | None] | None = None
    bystanders: Sequence[ChannelStockRules] = ()  # enabled channels not open in this run
    on_step: StepHook | None = None
    progress: Progress = field(default_factory=Progress)
    _renames: dict[str, str] = field(default_factory=dict, init=False)

    async def __call__(self, options: RunOptions) -> RunResult:
        summary = RunSummary(options.command, dry_run=options.dry_run)
        for name in self.adapters:
            summary.channel(name)
        run_id = self.store.start_run(options.run_name, self.clock()) if options.writes_state else 0
        summary.run_id = run_id or None
        try:
            result = await self._run(options, summary, run_id)
        except BaseException:
            if options.writes_state:
                self.store.finish_run(run_id, self.clock(), "crashed", summary.to_dict())
            raise
        finally:
            forget_parsed()  # the listing snapshots kept parsed for this run
        self._count_requests(summary)
        for name, adapter in self.adapters.items():
            # An adapter that writes files for people (a price list) names them.
            written = getattr(adapter, "files_written", None)
            if written:
                summary.channel(name).files = [str(path) for path in written]
        if options.writes_state:
            self.store.finish_run(run_id, self.clock(), summary.status, summary.to_dict())
        return result

    async def _run(self, options: RunOptions, summary: RunSummary, run_id: int) -> RunResult:
        self._renames = self._rename_skus(options, run_id)
        if options.writes_state:
            summary.counted = record_catalog_counts(self.catalog, self.store, self.clock())
        remote: dict[str, ListingRead | None] = {}
        moved: dict[str, frozenset[str]] = {}  # SKUs whose orders changed, per channel

        async def pull(name: str) -> None:
            # Each channel reads its orders and its listings side by side (the channel's rate
            # limit paces both); a slow channel holds up no other.
            pulled: OrderPull | None = None

            async def orders() -> None:
                nonlocal pulled
                if options.pulls_orders:
                    pulled = await self._pull_orders(name, options.since, summary, run_id)

            await run_concurrently(
                [orders(), self._pull_listings(name, remote, options, summary, run_id)]
            )
            if summary.channel(name).stopped:
                return
            if pulled is not None:
                moved[name] = pulled.changed_skus
                await self._read_back_moved(name, remote, moved[name], options)
            shown = self._remote_listings(name, remote.get(name))
            if pulled is not None and self._drop_unexplained(name, shown, pulled):
                # A sale the order pull did not see yet: read the orders again before planning.
                await self._pull_orders(name, None, summary, run_id)

        await run_concurrently([pull(name) for name in self.adapters])
        live = [name for name in self.adapters if not summary.channel(name).stopped]
        inputs = [
            self._channel_input(name, remote.get(name), moved.get(name, frozenset()))
            for name in live
        ]
        stopped = [
            ChannelStockRules(
                name, self.settings[name].stock, adapter.rules, self.settings[name].preferred
            )
            for name, adapter in self.adapters.items()
            if name not in live
        ]
        plan_options = PlanOptions(
            options.keep_drift,
            (*self.bystanders, *stopped),
            held=self._held(),
            retire_now=self._retire_now(),
        )
        available, counted = self._available(options)
        the_plan = plan(self.catalog, available, inputs, plan_options)
        for channel_plan in the_plan.channels.values():
            self._note_campaign_locks(channel_plan, summary, run_id)
        for name, channel_plan in the_plan.channels.items():
            summary.channel(name).planned = channel_plan.counts()
            summary.warnings.extend(
                Notice(name, w.code, w.params, w.message, w.hint)
                for w in channel_plan.warnings
                if w.kind is not WarningKind.CAMPAIGN_LOCK  # shown as campaign_locks
            )
            summary.notices.extend(
                {"channel": name, "kind": w.kind.value, "sku": w.sku} for w in channel_plan.warnings
            )
        if options.command == "pull":
            the_plan = _adopts_only(the_plan)
        causes = zero_causes(counted, available)
        refused = [] if options.force else check(the_plan, inputs, causes)
        for refusal in refused:
            outcome = summary.channel(refusal.channel)
            outcome.refused = refusal.message
            outcome.failures.append(
                Failure(
                    refusal.channel,
                    "plan",
                    refusal.message,
                    refusal.hint,
                    code=refusal.code,
                    params=refusal.params,
                )
            )
        skip = [r.channel for r in refused]
        if options.pushes or options.command == "pull":
            for name, channel_plan in the_plan.channels.items():
                if name not in skip:
                    self.progress.planned(name, work_units(channel_plan))
            written = await apply_plan(
                the_plan,
                self.adapters,
                self.store,
                self.clock,
                run_id,
                summary,
                skip=skip,
                on_step=self.on_step,
                progress=self.progress.advance,
                listings_read=[name for name, read in remote.items() if read is not None],
            )
            self._note_writes(remote, written)
        if options.pushes:
            await self._settle(
                the_plan, inputs, plan_options, options, summary, run_id, skip, remote
            )
            await run_concurrently([self._read_back_writes(n, remote, summary) for n in remote])
        return RunResult(summary, the_plan)

    def _note_writes(
        self, remote: Mapping[str, ListingRead | None], written: Mapping[str, Writes]
    ) -> None:
        """The listing snapshots learn which listings this run changed (not read back)."""
        for name, listings in written.items():
            if remote.get(name) is not None:
                note_writes(
                    self.store,
                    name,
                    listings.listings,
                    self.clock(),
                    listings.values,
                    listings.answered,
                )

    async def _read_back_writes(
        self, name: str, remote: Mapping[str, ListingRead | None], summary: RunSummary
    ) -> None:
        """What this run wrote is read back now, not by the next sync (engine/listings.py)."""
        read = remote.get(name)
        if read is None or summary.channel(name).stopped:
            return
        every = timedelta(hours=self.settings[name].full_read_hours)
        try:
            await read_back_writes(
                name, self.adapters[name], self.store, self.clock, read, full_every=every
            )
        except CoopsyncError:
            return  # the next sync reads them back

    # ---- after writing stock -------------------------------------------------------------------
    async def _settle(
        self,
        first: Plan,
        inputs: list[ChannelInput],
        plan_options: PlanOptions,
        options: RunOptions,
        summary: RunSummary,
        run_id: int,
        skip: list[str],
        remote: Mapping[str, ListingRead | None],
    ) -> None:
        """Pull again after writing stock, and correct the stock new orders touched."""
        written = stock_actions(first)
        for _ in range(SETTLE_ROUNDS):
            if not written:
                return  # nothing written: no extra pull
            landed = written_stock_of(self, first)
            if not landed:
                return
            pulls = [self._pull_orders(name, None, summary, run_id) for name in self.adapters]
            pulled = dict(zip(self.adapters, await gather_pulls(pulls), strict=True))
            news = sum(p.news for p in pulled.values() if p is not None)
            if not news:
                return
            inputs = [
                replace(
                    i,
                    remote=with_written(i.remote, landed.get(i.name, {})),
                    unsure_stock=_moved_skus(pulled.get(i.name)),
                )
                for i in inputs
                if not summary.channel(i.name).stopped
            ]
            inputs = [replace(i, pushed=self._channel_input(i.name, None).pushed) for i in inputs]
            follow_up = stock_only(
                plan(self.catalog, self._available(options)[0], inputs, plan_options)
            )
            for channel_plan in follow_up.channels.values():
                self.progress.planned(channel_plan.channel, work_units(channel_plan))
            more = await apply_plan(
                follow_up,
                self.adapters,
                self.store,
                self.clock,
                run_id,
                summary,
                skip=skip,
                on_step=self.on_step,
                progress=self.progress.advance,
            )
            self._note_writes(remote, more)
            first, written = follow_up, stock_actions(follow_up)

    def _note_campaign_locks(
        self, channel_plan: ChannelPlan, summary: RunSummary, run_id: int
    ) -> None:
        """SKUs a campaign keeps listed above the target: in the summary and the journal."""
        outcome = summary.channel(channel_plan.channel)
        for lock in channel_plan.campaign_locks:
            outcome.campaign_locks[lock.sku] = lock.units
            if run_id:
                self.store.journal(
                    run_id,
                    lock.channel,
                    "campaign_lock",
                    lock.sku,
                    str(lock.units),
                    "ok",
                    f"target {lock.target}",
                    self.clock(),
                )

    def _drop_unexplained(
        self, name: str, remote: Sequence[RemoteListing] | None, pulled: OrderPull
    ) -> bool:
        pushed = {sku: row.pushed_stock for sku, row in self.store.listings_for(name).items()}
        return unexplained_drop(remote, pushed, pulled.skus)

    # ---- pulling -------------------------------------------------------------------------------
    async def _pull_orders(
        self, name: str, since: datetime | None, summary: RunSummary, run_id: int
    ) -> OrderPull | None:
        if summary.channel(name).stopped:
            return None
        try:
            pulled = await pull_orders(
                name,
                self.adapters[name],
                self.store,
                self.clock,
                since=since,
                known_skus=set(self.catalog.skus()),
                renames=self._renames,
            )
        except Exception as exc:  # one channel's failure never stops the others
            self._stopped(name, "pull_orders", exc, summary, run_id)
            return None
        if pulled is not None:
            outcome = summary.channel(name)
            outcome.orders_new += pulled.imported.new_orders
            outcome.orders_changed += pulled.imported.status_changes
            if pulled.unknown_skus:
                summary.warnings.append(_unknown_skus_notice(name, pulled.unknown_skus))
            detail = f"{pulled.seen} orders read, {pulled.imported.new_orders} new"
            self.store.journal(run_id, name, "pull_orders", None, detail, "ok", "", self.clock())
            if pulled.unreadable is not None:
                problem = pulled.unreadable
                outcome.failures.append(
                    Failure(name, "pull_orders", problem.message, problem.hint or HINT_REJECTED)
                )
                self.store.journal(
                    run_id,
                    name,
                    "pull_orders",
                    None,
                    "unreadable",
                    "rejected",
                    problem.message,
                    self.clock(),
                )
        return pulled

    async def _pull_listings(
        self,
        name: str,
        out: dict[str, ListingRead | None],
        options: RunOptions,
        summary: RunSummary,
        run_id: int,
    ) -> None:
        if summary.channel(name).stopped:
            return
        every = timedelta(hours=self.settings[name].full_read_hours)
        try:
            read = await read_listings(
                name,
                self.adapters[name],
                self.store,
                self.clock,
                full=options.full,
                full_every=every,
                save=options.writes_state and not options.dry_run,
            )
        except Exception as exc:
            self._stopped(name, "pull_listings", exc, summary, run_id)
            return
        out[name] = read
        if read is not None and run_id:
            kind = "full" if read.full else "changed"
            detail = f"{read.read} listings read ({kind}), {len(read.listings)} known"
            self.store.journal(run_id, name, "pull_listings", None, detail, "ok", "", self.clock())

    async def _read_back_moved(
        self,
        name: str,
        remote: dict[str, ListingRead | None],
        moved: frozenset[str],
        options: RunOptions,
    ) -> None:
        """Where looking SKUs up is cheap, read back the listings whose stock orders moved
        (the write they would need otherwise may be one the platform made already)."""
        read, adapter = remote.get(name), self.adapters[name]
        batch = adapter.rules.sku_lookup_batch
        if read is None or not moved or batch <= 0:
            return
        stale = _unsure(read, moved)
        if not stale:
            return
        try:
            remote[name] = await read_back(
                name,
                adapter,
                self.store,
                self.clock,
                read,
                stale,
                save=options.writes_state and not options.dry_run,
            )
        except CoopsyncError:
            return  # the stock is written instead, whatever the listing shows

    def _stopped(
        self, name: str, action: str, exc: Exception, summary: RunSummary, run_id: int
    ) -> None:
        if summary.channel(name).stopped:
            return  # its other read failed too, at the same moment: said once
        message = stop_channel(summary.channel(name), action, exc)
        if run_id:  # `plan` opens no run and journals nothing
            self.store.journal(
                run_id, name, action, None, "stopped", "rejected", message, self.clock()
            )

    # ---- catalog changes -----------------------------------------------------------------------
    def _rename_skus(self, options: RunOptions, run_id: int) -> dict[str, str]:
        """Carry each renamed SKU's history over (once), before its counts are read; returns
        every rename known, old -> new (the state's and the catalog's `formerly:`)."""
        done = self.store.sku_renames()
        wanted = self.catalog.renames()
        if options.writes_state:
            for old, new in sorted(wanted.items()):
                if done.get(old) != new and self.store.rename_sku(old, new):
                    self.store.journal(
                        run_id, "*", "rename", new, f"{old} -> {new}", "ok", "", self.clock()
                    )
        return {**done, **wanted}

    def _retire_now(self) -> frozenset[str]:
        """Retired SKUs `coopsync retire --now` asked to take down with units left."""
        return retire_now(self.store, self.catalog.retired_skus())

    def _unlisted(
        self, name: str, links: Mapping[str, str], remote: Sequence[RemoteListing] | None
    ) -> frozenset[str]:
        """Remote ids of listings coopsync took down on `name` (it brings them back)."""
        if remote is not None:
            candidates = {x.remote_id for x in remote if x.status is ListingStatus.INACTIVE}
        else:
            candidates = set(links.values())
        return frozenset(rid for rid in candidates if self.store.get_value(name, UNLISTED + rid))

    # ---- planning inputs -----------------------------------------------------------------------
    def _available(self, options: RunOptions) -> tuple[dict[str, int], dict[str, int | None]]:
        """Units available per SKU, and the quantity of each SKU's last count."""
        skus = self.catalog.skus()
        inputs = self.store.ledger_inputs(skus)
        if not options.writes_state:
            inputs = with_unrecorded_counts(inputs, self.catalog, self.store, self.clock())
        stock = positions(inputs, self.restock_returns, self.clock())
        available = {sku: max(0, position.available) for sku, position in stock.items()}
        counted = {
            sku: entry.count.quantity if entry.count else None for sku, entry in inputs.items()
        }
        return available, counted

    def _held(self) -> Held:
        """Units placed at manual channels and not sold there yet."""
        moves = self.store.stock_moves()
        if not moves:
            return {}
        skus = sorted({move.sku for move in moves})
        sales = {c: self.store.channel_sales(c, skus) for c in {move.channel for move in moves}}
        return units_held(moves, sales)

    def _remote_listings(
        self, name: str, read: ListingRead | None, known: Mapping[str, Listing] | None = None
    ) -> list[RemoteListing] | None:
        """The channel's listings as this run knows them (see engine/listings.py)."""
        if read is None:
            return None
        known = self.store.listings_for(name) if known is None else known
        pushed = {sku: (row.pushed_stock, row.pushed_price) for sku, row in known.items()}
        for old, new in self._renames.items():  # a channel that kept an old SKU
            if new in pushed and old not in pushed:
                pushed[old] = pushed[new]
        return with_pushed(read.listings, read.written_since_read, pushed)

    def _channel_input(
        self, name: str, read: ListingRead | None, moved: frozenset[str] = frozenset()
    ) -> ChannelInput:
        """`moved`: SKUs whose orders on this channel changed this run; those on listings not
        read again this run may show another stock than the snapshot says (a platform need
        not stamp a listing when a sale or a cancellation moves its stock)."""
        adapter = self.adapters[name]
        known = self.store.listings_for(name)
        remote = self._remote_listings(name, read, dict(known))
        for old, new in self._renames.items():  # `plan` writes nothing: renames not yet done
            if old in known and new not in known:
                known[new] = known.pop(old)
        unsure = _unsure(read, moved) if read is not None and moved else frozenset()
        return ChannelInput(
            name=name,
            settings=self.settings[name],
            limits=adapter.rules,
            capabilities=adapter.capabilities,
            links={
                sku: ListingLink(sku, row.remote_id, row.remote_sku_id, row.content_hash)
                for sku, row in known.items()
            },
            pushed={sku: Pushed(row.pushed_stock, row.pushed_price) for sku, row in known.items()},
            remote=remote,
            renames=self._renames,
            unlisted=self._unlisted(name, {s: r.remote_id for s, r in known.items()}, remote),
            unsure_stock=unsure,
        )

    def _count_requests(self, summary: RunSummary) -> None:
        if self.requests_sent is None:
            return
        for name in self.adapters:
            summary.channel(name).requests = self.requests_sent(name)


def _adopts_only(full: Plan) -> Plan:
    """`pull` remembers listings it found, and changes nothing on the channels."""
    return Plan({name: ChannelPlan(name, adopts=cp.adopts) for name, cp in full.channels.items()})


def _unknown_skus_notice(channel: str, unknown: Mapping[str, int]) -> Notice:
    """Sales of SKUs the catalog does not have: the ledger cannot count them; say so."""
    count = sum(unknown.values())
    skus = ", ".join(sorted(unknown)[:10]) + (" …" if len(unknown) > 10 else "")
    return Notice(
        channel,
        "sync.unknown_sku_sold",
        {"count": count, "skus": skus},
        f"{count} order line(s) sell SKUs the catalog does not have: {skus}; their units are "
        "not counted",
    )


def written_stock_of(run: Run, the_plan: Plan) -> dict[str, dict[str, int]]:
    """The stock writes of `the_plan` that landed, by the state's record."""
    pushed = {
        name: {sku: row.pushed_stock for sku, row in run.store.listings_for(name).items()}
        for name in the_plan.channels
    }
    return written_stock(the_plan, pushed)


def _unsure(read: ListingRead, moved: frozenset[str]) -> frozenset[str]:
    """SKUs orders moved this run on listings the platform did not send this run."""
    return frozenset(
        s.sku
        for listing in read.listings
        if listing.remote_id not in read.fresh
        for s in listing.skus
        if s.sku in moved
    )


def _moved_skus(pulled: OrderPull | None) -> frozenset[str]:
    return pulled.changed_skus if pulled is not None else frozenset()


async def gather_pulls(pulls: Sequence[Awaitable[OrderPull | None]]) -> list[OrderPull | None]:
    """Every channel's order pull at once (each catches its own failure)."""
    return list(await asyncio.gather(*pulls))
