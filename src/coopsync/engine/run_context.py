"""The parts of one run that its steps share: the shop, its state, its open channels, a clock,
what was asked, and where the outcome lands."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from coopsync.adapters import Adapter, Clock
from coopsync.catalog import Catalog
from coopsync.channel_config import ChannelBase
from coopsync.engine.apply_writes import StepHook
from coopsync.engine.outcome import RunSummary, stop_channel
from coopsync.engine.run_options import Progress, RunOptions
from coopsync.engine.targets import ChannelStockRules
from coopsync.state.store import StateStore


@dataclass
class RunContext:
    catalog: Catalog
    store: StateStore
    adapters: Mapping[str, Adapter]
    settings: Mapping[str, ChannelBase]
    clock: Clock
    options: RunOptions
    summary: RunSummary
    run_id: int  # 0: a `plan`, which opens no run and journals nothing
    restock_returns: bool = False
    bystanders: Sequence[ChannelStockRules] = ()  # enabled channels not open in this run
    on_step: StepHook | None = None
    progress: Progress = field(default_factory=Progress)
    renames: Mapping[str, str] = field(default_factory=dict)  # every rename known, old -> new

    def stock_rules(self, name: str) -> ChannelStockRules:
        """What decides the stock an open channel shows."""
        settings = self.settings[name]
        return ChannelStockRules(
            name, settings.stock, self.adapters[name].rules, settings.preferred
        )

    def stopped(self, name: str, action: str, exc: Exception) -> None:
        """A channel stops: said once in the summary, and journalled."""
        if self.summary.channel(name).stopped:
            return  # its other read failed too, at the same moment: said once
        message = stop_channel(self.summary.channel(name), action, exc)
        self.journal(name, action, None, "stopped", "rejected", message)

    def journal(
        self,
        channel: str,
        action: str,
        sku: str | None,
        detail: str,
        outcome: str = "ok",
        message: str = "",
    ) -> None:
        if self.run_id:  # `plan` opens no run and journals nothing
            self.store.journal(
                self.run_id, channel, action, sku, detail, outcome, message, self.clock()
            )
