"""What one channel's apply run holds and how each result is recorded: the plan, the adapter,
the store; every answer journalled the moment it lands (a crash at any point leaves a state the
next run completes), the listings linked, what the channel accepted. The steps are
`apply_catalog.py` (catalog changes) and `apply.py` (listings, stock, prices).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from coopsync.adapters import Adapter, Clock, Outcome, RemoteListing
from coopsync.engine.actions import ChannelPlan, SetPrice, SetStock
from coopsync.engine.outcome import HINT_REJECTED, HINT_TRANSIENT, ChannelOutcome, Failure
from coopsync.state.store import StateStore

StepHook = Callable[[str], None]
"""Called when a channel's answer lands and again once it is journalled (tests crash here)."""
ProgressHook = Callable[[str, int], None]
"""Called with (channel, units of work just done)."""


@dataclass
class ChannelWrites:
    plan: ChannelPlan
    adapter: Adapter
    store: StateStore
    clock: Clock
    run_id: int
    outcome: ChannelOutcome
    on_step: StepHook | None = None
    progress: ProgressHook | None = None
    extra_stock: list[SetStock] = field(default_factory=list)
    extra_prices: list[SetPrice] = field(default_factory=list)
    # Listings this run changed, by remote id (with the listing when it was created here):
    # their next update time on the platform is coopsync's own doing.
    written: dict[str, RemoteListing | None] = field(default_factory=dict)
    # What the channel accepted, by remote id and SKU: [stock, price] (None: not written).
    values: dict[str, dict[str, list[int | None]]] = field(default_factory=dict)
    answered: dict[str, tuple[datetime, datetime]] = field(default_factory=dict)  # see Writes
    listings_read: bool = False  # the plan saw the channel's listings, read this run
    # Seller SKUs this run renamed on the channel, old -> new: a stock or price the plan meant
    # for the old name is written under the new one.
    renamed: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.plan.channel

    # ---- journal ---------------------------------------------------------------------------
    def _landed(self, action: str, key: str | None) -> None:
        """The channel answered; nothing is recorded yet (a crash here is the worst moment)."""
        if self.on_step is not None:
            self.on_step(f"{self.name}:{action}:{key}:landed")

    def _journal(
        self, action: str, sku: str | None, detail: str, outcome: Outcome, message: str = ""
    ) -> None:
        self.store.journal(
            self.run_id, self.name, action, sku, detail, str(outcome), message, self.clock()
        )
        if self.progress is not None:
            self.progress(self.name, 1)
        if self.on_step is not None:
            self.on_step(f"{self.name}:{action}:{sku or detail}:journalled")

    def _fail(
        self,
        action: str,
        sku: str | None,
        detail: str,
        outcome: Outcome,
        message: str,
        hint: str | None = None,
    ) -> None:
        hint = hint or (HINT_TRANSIENT if outcome is Outcome.TRANSIENT else HINT_REJECTED)
        self.outcome.failures.append(Failure(self.name, action, message, hint, sku))
        self._journal(action, sku, detail, outcome, message)

    def _link(
        self,
        sku: str,
        remote_id: str,
        remote_sku_id: str,
        url: str | None,
        fingerprint: str | None = None,
    ) -> None:
        self.store.save_listing(
            self.name,
            sku,
            remote_id=remote_id,
            remote_sku_id=remote_sku_id,
            at=self.clock(),
            url=url,
            content_hash=fingerprint,
        )

    def _wrote(
        self, remote_id: str, listing: RemoteListing | None = None, sent: datetime | None = None
    ) -> None:
        """The channel accepted a write to this listing (`listing`: as it answered), sent at
        `sent` (default: a moment ago)."""
        if listing is not None:
            self.written[remote_id] = listing
        else:
            self.written.setdefault(remote_id, None)
        now = self.clock()
        self.answered[remote_id] = (sent or now, now)

    def _accepted(self, remote_id: str, sku: str, field: int, value: int) -> None:
        self.values.setdefault(remote_id, {}).setdefault(sku, [None, None])[field] = value
