"""What the report model reads about one shop: plain values gathered from the state and config.

`gather.py` fills this from the state store without touching the network (the store sums the
sales); tests build it directly, from order lines. Nothing here holds a secret (tokens are
reduced to their expiry time).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from coopsync.catalog import Catalog
from coopsync.ledger import StockPosition
from coopsync.state.records import ChannelHealth, RunRecord, SaleLine
from coopsync.state.sales_summary import SalesSum, SalesSummary, summarize


class Sales(Protocol):
    """A shop's sales summed over a period (see `StateStore.sales_summary`)."""

    def summary(
        self, since: datetime, until: datetime, slots: Sequence[datetime] | None = None
    ) -> SalesSummary: ...


@dataclass(frozen=True)
class SummedSales:
    """The sums the store made for the periods a report reads, keyed by (since, until)."""

    sums: Mapping[tuple[datetime, datetime], SalesSummary]

    def summary(
        self, since: datetime, until: datetime, slots: Sequence[datetime] | None = None
    ) -> SalesSummary:
        known = self.sums.get((since, until))
        if known is not None:
            return known
        # Nothing was read (a shop never synced): nothing was sold, in every chart slot too.
        return SalesSummary(by_slot=(SalesSum(),) * len(slots or ()))


@dataclass(frozen=True)
class LineSales:
    """Sums made from order lines as they come (tests, and a state of a few lines)."""

    lines: Sequence[SaleLine]

    def summary(
        self, since: datetime, until: datetime, slots: Sequence[datetime] | None = None
    ) -> SalesSummary:
        return summarize(self.lines, since, until, slots)


@dataclass(frozen=True)
class ChannelFacts:
    """A channel as the config names it."""

    name: str
    platform: str
    enabled: bool = True
    manual: bool = False  # sales recorded by hand (WhatsApp group, a bazaar, a shop corner)


@dataclass(frozen=True)
class ShopState:
    """Everything the report needs about one shop, read at `now`."""

    shop: str
    timezone: str
    language: str
    catalog: Catalog
    channels: Sequence[ChannelFacts]
    sales: Sales  # summed for the period, the one before, and a year earlier
    stock: Mapping[str, StockPosition]  # per catalog SKU, now
    listed: Mapping[str, frozenset[str]]  # channel -> SKUs coopsync knows a listing of
    health: Mapping[str, ChannelHealth]
    runs: Sequence[RunRecord]  # newest first
    token_expiry: Mapping[str, datetime | None]  # channel -> when its refresh token expires
    last_order_at: Mapping[str, datetime]  # channel -> when its newest order was placed
    now: datetime
    low_stock: int = 3
    # Units placed at manual channels (consignment) and not sold there: channel -> SKU -> units.
    held: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
