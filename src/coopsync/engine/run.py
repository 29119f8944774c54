"""One run, end to end: counts -> pull orders and read listings -> per channel: plan ->
safety -> apply -> settle (pull again after writing stock; settle.py).

Each channel plans as soon as what its plan needs is in: every channel's orders (the stock
available is what every sale left) and its own listings (run_reads.py); then it writes
(run_channel.py), while a slower channel is still reading. The plan is the same as one made
for every channel at once, and `coopsync plan` prints it in the channels' order.

`sync` and `push` do all of it (a push pulls orders first: stock older than the channel's
orders would give sold units back); `pull` imports orders and adopts the listings it finds,
pushing nothing; `plan` reads the channels' listings and writes nothing. `dry_run` pulls (so
the plan sees today's orders) but sends nothing to the channels.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from coopsync.adapters import Adapter, Clock
from coopsync.catalog import Catalog
from coopsync.channel_config import ChannelBase
from coopsync.engine.actions import Plan, WarningKind
from coopsync.engine.apply import run_concurrently
from coopsync.engine.apply_writes import StepHook
from coopsync.engine.catalog_counts import record_catalog_counts
from coopsync.engine.outcome import Notice, RunSummary
from coopsync.engine.run_channel import Planned, plan_and_apply
from coopsync.engine.run_context import RunContext
from coopsync.engine.run_inputs import PlanInputs
from coopsync.engine.run_options import Progress, RunOptions, RunResult
from coopsync.engine.run_reads import Reads, read_back_writes_of
from coopsync.engine.run_settle import settle
from coopsync.engine.snapshot import forget_parsed
from coopsync.engine.targets import ChannelStockRules
from coopsync.state.store import StateStore

__all__ = ["Progress", "Run", "RunOptions", "RunResult"]


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
        run = RunContext(
            self.catalog,
            self.store,
            self.adapters,
            self.settings,
            self.clock,
            options,
            summary,
            run_id,
            restock_returns=self.restock_returns,
            bystanders=self.bystanders,
            on_step=self.on_step,
            progress=self.progress,
        )
        run.renames = self._rename_skus(run)
        if options.writes_state:
            summary.counted = record_catalog_counts(self.catalog, self.store, self.clock())
        reads = Reads(run)
        inputs = PlanInputs(run, reads)
        planned: dict[str, Planned] = {}

        async def channel(name: str) -> None:
            await reads.channel(name)
            await reads.orders_in()
            if not summary.channel(name).stopped:
                planned[name] = await plan_and_apply(run, reads, inputs, name)

        await run_concurrently([channel(name) for name in self.adapters])
        in_order = [planned[name] for name in self.adapters if name in planned]
        the_plan = Plan({p.plan.channel: p.plan for p in in_order})
        for p in in_order:
            name = p.plan.channel
            summary.warnings.extend(
                Notice(name, w.code, w.params, w.message, w.hint)
                for w in p.plan.warnings
                if w.kind is not WarningKind.CAMPAIGN_LOCK  # shown as campaign_locks
            )
            summary.notices.extend(
                {"channel": name, "kind": w.kind.value, "sku": w.sku} for w in p.plan.warnings
            )
        if options.pushes:
            await settle(run, reads, inputs, in_order)
            await run_concurrently([read_back_writes_of(run, reads, n) for n in reads.listings])
        return RunResult(summary, the_plan)

    def _rename_skus(self, run: RunContext) -> dict[str, str]:
        """Carry each renamed SKU's history over (once), before its counts are read; returns
        every rename known, old -> new (the state's and the catalog's `formerly:`)."""
        done = self.store.sku_renames()
        wanted = self.catalog.renames()
        if run.options.writes_state:
            for old, new in sorted(wanted.items()):
                if done.get(old) != new and self.store.rename_sku(old, new):
                    run.journal("*", "rename", new, f"{old} -> {new}")
        return {**done, **wanted}

    def _count_requests(self, summary: RunSummary) -> None:
        if self.requests_sent is None:
            return
        for name in self.adapters:
            summary.channel(name).requests = self.requests_sent(name)
