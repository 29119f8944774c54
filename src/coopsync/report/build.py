"""Build the report of one shop from its state: a pure function of values (`ShopState`).

A period's sales come summed (`ShopState.sales`: the store's SQL sums, or the same sums made
from lines in tests; `coopsync.state.sales_summary`), by the creation time of their orders in the
shop's timezone. Every line placed counts in omzet; net sales count the lines sold, less
refunds (docs/orders.md). Units, per-channel, per-product, per-member and daily figures count
what was sold: units of sold lines and their net sales.
"""

from __future__ import annotations

from collections import defaultdict

from coopsync.adapters import OrderStatus
from coopsync.report.health import health_flags, sync_rows
from coopsync.report.inputs import ShopState
from coopsync.report.model import (
    ChannelRow,
    ConsignmentRow,
    DayPoint,
    Figures,
    MemberRow,
    RankRow,
    ShopReport,
    StockRow,
    Totals,
)
from coopsync.report.money import SOLD
from coopsync.report.period import Period, chart_buckets
from coopsync.state.sales_summary import ChannelOrders, SalesSum, SalesSummary

TOP = 5
_CANCELLED = OrderStatus.CANCELLED
_GONE = frozenset({OrderStatus.RETURNED, OrderStatus.LOST})


def figures(summary: SalesSummary) -> Figures:
    """Omzet and where it went, orders and units, from a period's sums."""
    omzet = net = cancelled = returned = unpaid = refunded = units = 0
    for (_, status), sums in summary.by_status.items():
        omzet += sums.omzet
        if status in SOLD:
            net += sums.net
            refunded += sums.omzet - sums.net
            units += sums.units
        elif status is _CANCELLED:
            cancelled += sums.omzet
        elif status in _GONE:
            returned += sums.omzet
        else:
            unpaid += sums.omzet
    orders = summary.orders.values()
    return Figures(
        omzet=omzet,
        net=net,
        cancelled=cancelled,
        returned=returned,
        unpaid=unpaid,
        refunded=refunded,
        orders=sum(o.orders for o in orders),
        orders_cancelled=sum(o.cancelled for o in orders),
        orders_returned=sum(o.returned for o in orders),
        units=units,
    )


class _Sold:
    """Units and net sales, summed by key."""

    def __init__(self) -> None:
        self.units: dict[str, int] = defaultdict(int)
        self.net: dict[str, int] = defaultdict(int)

    def add(self, key: str, sums: SalesSum) -> None:
        self.units[key] += sums.units
        self.net[key] += sums.net

    def top(self, names: dict[str, str], by_units: bool) -> tuple[RankRow, ...]:
        def rank(key: str) -> tuple[int, int, str]:
            first, second = (self.units, self.net) if by_units else (self.net, self.units)
            return (-first[key], -second[key], key)

        keys = sorted((k for k in self.units if self.units[k] > 0), key=rank)[:TOP]
        return tuple(RankRow(k, names.get(k, k), self.units[k], self.net[k]) for k in keys)


def _variant_name(title: str, options: dict[str, str]) -> str:
    return f"{title} ({' / '.join(options.values())})" if options else title


class _Period:
    """What was sold in the period, by channel, product, variant, member and chart slot."""

    def __init__(self, state: ShopState, period: Period) -> None:
        self.product_names: dict[str, str] = {}
        self.variant_names: dict[str, str] = {}
        product_of: dict[str, str] = {}
        maker_of: dict[str, str] = {}
        for product, variant in state.catalog.variants():
            product_of[variant.sku] = product.product_id
            maker_of[variant.sku] = product.maker or ""
            self.product_names[product.product_id] = product.title
            self.variant_names[variant.sku] = _variant_name(product.title, variant.options)
        self.bucket, self.starts = chart_buckets(period)
        self.summary = state.sales.summary(
            period.since, period.until, [period.start_of(day) for day in self.starts]
        )
        self.channel, self.product, self.variant, self.member = _Sold(), _Sold(), _Sold(), _Sold()
        for (channel, status), sums in self.summary.by_status.items():
            if status in SOLD:
                self.channel.add(channel, sums)
        for sku, sums in self.summary.by_sku.items():
            self.product.add(product_of.get(sku, sku), sums)
            self.variant.add(sku, sums)
            self.member.add(maker_of.get(sku, ""), sums)

    def figures(self) -> Figures:
        return figures(self.summary)

    def rates(self) -> dict[str, tuple[int, int, int]]:
        """Per channel: (orders, orders wholly cancelled, orders with a return)."""
        return {
            channel: (o.orders, o.cancelled, o.returned)
            for channel, o in self.summary.orders.items()
        }


def build_report(state: ShopState, period: Period) -> ShopReport:
    """The report of one shop over `period` (lines outside it only feed the comparisons)."""
    current = _Period(state, period)
    previous, year_ago = period.previous(), period.year_earlier()
    year = state.sales.summary(year_ago.since, year_ago.until)
    now = current.figures()
    totals = Totals(
        now,
        figures(state.sales.summary(previous.since, previous.until)),
        figures(year) if not year.empty and period.shape != "year" else None,
    )
    net = now.net
    channels = []
    for facts in state.channels:
        sold = current.channel.net.get(facts.name, 0)
        channels.append(
            ChannelRow(
                facts.name,
                facts.platform,
                facts.manual,
                current.summary.orders.get(facts.name, ChannelOrders()).sold,
                current.channel.units.get(facts.name, 0),
                sold,
                sold / net if net else 0.0,
            )
        )
    products, variants = current.product_names, current.variant_names
    return ShopReport(
        shop=state.shop,
        timezone=state.timezone,
        language=state.language,
        generated_at=state.now,
        period=period,
        previous=previous,
        year_ago=year_ago,
        totals=totals,
        channels=tuple(channels),
        top_products_units=current.product.top(products, by_units=True),
        top_products_net=current.product.top(products, by_units=False),
        top_variants_units=current.variant.top(variants, by_units=True),
        top_variants_net=current.variant.top(variants, by_units=False),
        daily=tuple(
            DayPoint(start, u, o)
            for start, (u, _, o) in zip(current.starts, current.summary.by_slot, strict=True)
        ),
        bucket=current.bucket,
        members=_members(state, current.member, net),
        low_stock_threshold=state.low_stock,
        stock=_stock(state, current.variant.units, variants, period.days),
        flags=health_flags(state, current.rates()),
        sync=sync_rows(state),
        consignment=tuple(
            ConsignmentRow(channel, sku, variants.get(sku, sku), units)
            for channel, held in sorted(state.held.items())
            for sku, units in sorted(held.items())
            if units > 0
        ),
    )


def _members(state: ShopState, sold: _Sold, net: int) -> tuple[MemberRow, ...]:
    """Every member named as a `maker:`, sold or not; "" for what no member is named on."""
    products: dict[str, int] = defaultdict(int)
    for product in state.catalog:
        products[product.maker or ""] += 1
    if not any(products.keys() - {""}):
        return ()
    names = sorted(m for m in products if m)
    if sold.units.get("", 0) or sold.net.get("", 0):
        names.append("")
    return tuple(
        MemberRow(
            name,
            products.get(name, 0),
            sold.units.get(name, 0),
            sold.net.get(name, 0),
            sold.net.get(name, 0) / net if net else 0.0,
        )
        for name in names
    )


def _stock(
    state: ShopState, sold: dict[str, int], names: dict[str, str], days: int
) -> tuple[StockRow, ...]:
    """Variants out of stock or at/below the shop's threshold, the emptiest first."""
    rows = []
    for _, variant in state.catalog.variants():
        position = state.stock.get(variant.sku)
        available = position.available if position else variant.stock
        if available > state.low_stock:
            continue
        units = sold.get(variant.sku, 0)
        rate = units / days if days else 0.0
        days_left = max(available, 0) / rate if rate else None
        rows.append(
            StockRow(
                variant.sku,
                names.get(variant.sku, variant.sku),
                available,
                units,
                days_left,
                "out" if available <= 0 else "low",
            )
        )
    rows.sort(key=lambda row: (row.available, -row.sold, row.sku))
    return tuple(rows)
