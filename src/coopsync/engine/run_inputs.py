"""What a channel's plan is made from, read from the state: the units available (every
channel's orders), units held at manual channels, the SKUs to take down now, and the channel
as the planner sees it (its links, what was pushed, its listings as this run read them)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from coopsync.adapters import ListingStatus, RemoteListing
from coopsync.engine.apply_catalog import UNLISTED
from coopsync.engine.catalog_counts import with_unrecorded_counts
from coopsync.engine.consignment import Held, units_held
from coopsync.engine.drafts import Fingerprints
from coopsync.engine.listings import ListingRead
from coopsync.engine.plan import ChannelInput, ListingLink, PlanOptions, Pushed
from coopsync.engine.retirement import retire_now
from coopsync.engine.run_context import RunContext
from coopsync.engine.run_reads import Reads, unsure
from coopsync.ledger import positions

Available = tuple[dict[str, int], dict[str, int | None]]


@dataclass
class PlanInputs:
    """The planning inputs of one run; the stock available is worked out again only after an
    order pull (a ledger over the whole catalog is not free at 10,000 SKUs)."""

    run: RunContext
    reads: Reads
    _available: tuple[int, Available] | None = field(default=None, init=False)
    _fingerprints: Fingerprints = field(default_factory=Fingerprints, init=False)

    def available(self) -> Available:
        """Units available per SKU, and the quantity of each SKU's last count."""
        if self._available is not None and self._available[0] == self.reads.pulls:
            return self._available[1]
        run = self.run
        skus = run.catalog.skus()
        inputs = run.store.ledger_inputs(skus)
        if not run.options.writes_state:
            inputs = with_unrecorded_counts(inputs, run.catalog, run.store, run.clock())
        stock = positions(inputs, run.restock_returns, run.clock())
        available = {sku: max(0, position.available) for sku, position in stock.items()}
        counted = {
            sku: entry.count.quantity if entry.count else None for sku, entry in inputs.items()
        }
        self._available = (self.reads.pulls, (available, counted))
        return available, counted

    def options(self, planned: Collection[str] = ()) -> PlanOptions:
        """The plan's options; every open channel not in `planned` (and the enabled channels
        not open) shares the last units as a bystander."""
        run = self.run
        others = [run.stock_rules(name) for name in run.adapters if name not in planned]
        return PlanOptions(
            run.options.keep_drift,
            (*run.bystanders, *others),
            held=self._held(),
            retire_now=retire_now(run.store, run.catalog.retired_skus()),
            fingerprints=self._fingerprints,
        )

    def _held(self) -> Held:
        """Units placed at manual channels and not sold there yet."""
        store = self.run.store
        moves = store.stock_moves()
        if not moves:
            return {}
        skus = sorted({move.sku for move in moves})
        sales = {c: store.channel_sales(c, skus) for c in {move.channel for move in moves}}
        return units_held(moves, sales)

    def channel(
        self, name: str, read: ListingRead | None, moved: frozenset[str] = frozenset()
    ) -> ChannelInput:
        """`moved`: SKUs whose orders on this channel changed this run; those on listings not
        read again this run may show another stock than the snapshot says (a platform need
        not stamp a listing when a sale or a cancellation moves its stock)."""
        run = self.run
        adapter = run.adapters[name]
        known = self.reads.rows(name)
        remote = self.reads.shown(name, read, dict(known))
        for old, new in run.renames.items():  # `plan` writes nothing: renames not yet done
            if old in known and new not in known:
                known[new] = known.pop(old)
        return ChannelInput(
            name=name,
            settings=run.settings[name],
            limits=adapter.rules,
            capabilities=adapter.capabilities,
            links={
                sku: ListingLink(sku, row.remote_id, row.remote_sku_id, row.content_hash)
                for sku, row in known.items()
            },
            pushed={sku: Pushed(row.pushed_stock, row.pushed_price) for sku, row in known.items()},
            remote=remote,
            renames=run.renames,
            unlisted=self._unlisted(name, {s: r.remote_id for s, r in known.items()}, remote),
            unsure_stock=unsure(read, moved) if read is not None and moved else frozenset(),
        )

    def _unlisted(
        self, name: str, links: Mapping[str, str], remote: list[RemoteListing] | None
    ) -> frozenset[str]:
        """Remote ids of listings coopsync took down on `name` (it brings them back)."""
        if remote is not None:
            candidates = {x.remote_id for x in remote if x.status is ListingStatus.INACTIVE}
        else:
            candidates = set(links.values())
        store = self.run.store
        return frozenset(rid for rid in candidates if store.get_value(name, UNLISTED + rid))
