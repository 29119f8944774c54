"""The report as plain values: what every renderer reads. Language-free (labels come later).

`ShopReport` is one shop over one period; `ReportSet` is what a command renders: one or many
shops, with the shops that could not be read kept as such, and a combined total.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from coopsync.report.period import Period

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Figures:
    """Sales of one period in whole rupiah (docs/orders.md): omzet of every line placed, and
    where it went: net sales, cancelled, returned (or lost), not paid yet, refunded."""

    omzet: int = 0  # list price less the seller's own discounts, every line placed
    net: int = 0  # omzet of the lines sold, less refunds
    cancelled: int = 0
    returned: int = 0  # returned to the shop, or lost by the courier
    unpaid: int = 0  # placed, not paid yet
    refunded: int = 0  # given back on sold lines without a return
    orders: int = 0  # orders placed in the period
    orders_cancelled: int = 0  # orders whose every line was cancelled
    orders_returned: int = 0  # orders with a returned or lost line
    units: int = 0  # units sold (paid, not cancelled, not returned)

    @property
    def kept_orders(self) -> int:
        return self.orders - self.orders_cancelled

    @property
    def aov(self) -> int:
        """Average order value: net sales per order that was not cancelled."""
        return self.net // self.kept_orders if self.kept_orders else 0

    def __add__(self, other: Figures) -> Figures:
        return Figures(
            *(
                getattr(self, name) + getattr(other, name)
                for name in (
                    "omzet",
                    "net",
                    "cancelled",
                    "returned",
                    "unpaid",
                    "refunded",
                    "orders",
                    "orders_cancelled",
                    "orders_returned",
                    "units",
                )
            )
        )


def change(current: int, before: int | None) -> float | None:
    """Relative change against `before`; None when there is nothing to compare with."""
    if before is None or before == 0:
        return None
    return (current - before) / before


@dataclass(frozen=True)
class Totals:
    """The period, the period before it, and the same period a year earlier (when known)."""

    current: Figures
    previous: Figures
    year_ago: Figures | None  # None: the state does not go back that far


@dataclass(frozen=True)
class ChannelRow:
    channel: str
    platform: str
    manual: bool
    orders: int
    units: int
    net: int  # net sales
    share: float  # of the shop's net sales


@dataclass(frozen=True)
class RankRow:
    """One product or variant in a top-5 list."""

    key: str  # product id or SKU
    name: str
    units: int
    net: int  # net sales


@dataclass(frozen=True)
class DayPoint:
    """Net sales of one bucket of the chart (a day; a week or month in long periods)."""

    day: date
    units: int
    net: int  # net sales


@dataclass(frozen=True)
class MemberRow:
    """What the members (the products' `maker:`) made and sold; `member` "" is no maker named."""

    member: str
    products: int
    units: int
    net: int  # net sales
    share: float


@dataclass(frozen=True)
class StockRow:
    sku: str
    name: str
    available: int
    sold: int  # units sold in the period
    days_left: float | None  # at the period's rate; None when nothing sold
    state: str  # out | low


@dataclass(frozen=True)
class ConsignmentRow:
    """Units placed at a manual channel (`stock move`) and not sold there yet: still the
    shop's own stock (in `available`), but not offered on the other channels."""

    channel: str
    sku: str
    name: str
    units: int


@dataclass(frozen=True)
class Flag:
    """Something to look at, and what to do: `code` names the message, `params` fill it."""

    code: str
    severity: str  # alert | warn
    channel: str | None = None
    params: Mapping[str, str | int] = field(default_factory=dict)


@dataclass(frozen=True)
class ChannelSync:
    """The last run that touched a channel, and how the channel did in it."""

    channel: str
    platform: str
    enabled: bool
    last_run_at: datetime | None
    result: str  # ok | failures | stopped | needs_human | never
    failures: int
    last_error: str | None
    last_success_at: datetime | None


@dataclass(frozen=True)
class ShopReport:
    """One shop over one period."""

    shop: str
    timezone: str
    language: str
    generated_at: datetime
    period: Period
    previous: Period
    year_ago: Period
    totals: Totals
    channels: tuple[ChannelRow, ...]
    top_products_units: tuple[RankRow, ...]
    top_products_net: tuple[RankRow, ...]
    top_variants_units: tuple[RankRow, ...]
    top_variants_net: tuple[RankRow, ...]
    daily: tuple[DayPoint, ...]
    bucket: str  # day | week | month: what one point of `daily` covers
    members: tuple[MemberRow, ...]
    low_stock_threshold: int
    stock: tuple[StockRow, ...]
    flags: tuple[Flag, ...]
    sync: tuple[ChannelSync, ...]
    consignment: tuple[ConsignmentRow, ...] = ()

    @property
    def live_channels(self) -> int:
        """Enabled channels whose last run went through."""
        return sum(1 for s in self.sync if s.enabled and s.result in ("ok", "failures"))


@dataclass(frozen=True)
class ShopEntry:
    """A shop as the many-shop view lists it: its report, or why it could not be read."""

    source: str  # the config file
    report: ShopReport | None
    error: str | None = None

    @property
    def name(self) -> str:
        return self.report.shop if self.report else self.source


@dataclass(frozen=True)
class ReportSet:
    """What `coopsync report` renders: one shop, or many with a combined total."""

    shops: tuple[ShopEntry, ...]
    generated_at: datetime
    language: str

    @property
    def single(self) -> ShopReport | None:
        """The report when exactly one shop was asked for and could be read."""
        if len(self.shops) == 1:
            return self.shops[0].report
        return None

    def readable(self) -> list[ShopReport]:
        return [entry.report for entry in self.shops if entry.report is not None]

    def combined(self) -> Totals:
        """Every readable shop added up (year-earlier only when every shop has it)."""
        reports = self.readable()
        current = sum((r.totals.current for r in reports), Figures())
        previous = sum((r.totals.previous for r in reports), Figures())
        years = [r.totals.year_ago for r in reports]
        year_ago = (
            sum((y for y in years if y is not None), Figures())
            if reports and all(y is not None for y in years)
            else None
        )
        return Totals(current, previous, year_ago)
