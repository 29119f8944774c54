"""Build the report of one shop from its state: a pure function of values (`ShopState`).

Lines are the order lines of orders created in a period (their creation time decides, in the
shop's timezone). Every line placed counts in omzet; net sales count the lines sold, less
refunds (docs/orders.md). Units, per-channel, per-product, per-member and daily figures count
what was sold: units of sold lines and their net sales.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from coopsync.adapters import OrderStatus
from coopsync.report.health import health_flags, sync_rows
from coopsync.report.inputs import ShopState
from coopsync.report.model import (
    ChannelRow,
    DayPoint,
    Figures,
    MemberRow,
    RankRow,
    ShopReport,
    StockRow,
    Totals,
)
from coopsync.report.money import SOLD, line_net, line_omzet
from coopsync.report.period import Period
from coopsync.state.records import SaleLine

TOP = 5
_CANCELLED = OrderStatus.CANCELLED
_GONE = frozenset({OrderStatus.RETURNED, OrderStatus.LOST})


def in_period(lines: Sequence[SaleLine], period: Period) -> Sequence[SaleLine]:
    """The lines of orders created in `period` (`lines` are oldest first)."""
    since, until = period.since, period.until
    start = bisect.bisect_left(lines, since, key=lambda line: line.created_at)
    end = bisect.bisect_left(lines, until, key=lambda line: line.created_at)
    return lines[start:end]


class _Money:
    """Omzet and where it went, summed line by line; orders flagged as their lines are seen."""

    def __init__(self) -> None:
        self.omzet = self.net = self.cancelled = self.returned = 0
        self.unpaid = self.refunded = self.units = 0
        # Per (channel, order id): (every line cancelled so far, some line returned or lost).
        self.orders: dict[tuple[str, str], tuple[bool, bool]] = {}

    def add(self, line: SaleLine) -> int:
        """Count one line; returns its net sales (0 when it was not sold)."""
        omzet = line_omzet(line)
        self.omzet += omzet
        status = line.status
        key = (line.channel, line.order_id)
        all_cancelled, any_returned = self.orders.get(key, (True, False))
        net = 0
        if status in SOLD:
            net = omzet if not line.refunded else line_net(line)
            self.net += net
            self.refunded += omzet - net
            self.units += line.quantity
            all_cancelled = False
        elif status is _CANCELLED:
            self.cancelled += omzet
        elif status in _GONE:
            self.returned += omzet
            all_cancelled, any_returned = False, True
        else:
            self.unpaid += omzet
            all_cancelled = False
        self.orders[key] = (all_cancelled, any_returned)
        return net

    def figures(self) -> Figures:
        return Figures(
            omzet=self.omzet,
            net=self.net,
            cancelled=self.cancelled,
            returned=self.returned,
            unpaid=self.unpaid,
            refunded=self.refunded,
            orders=len(self.orders),
            orders_cancelled=sum(1 for c, _ in self.orders.values() if c),
            orders_returned=sum(1 for _, r in self.orders.values() if r),
            units=self.units,
        )


def figures(lines: Iterable[SaleLine]) -> Figures:
    """Omzet, net sales, orders and units of these lines."""
    money = _Money()
    for line in lines:
        money.add(line)
    return money.figures()


def bucket_of(period: Period) -> str:
    """What one point of the sales chart covers: a day, a week, or a month."""
    if period.days <= 31:
        return "day"
    return "week" if period.days <= 92 else "month"


def _bucket_starts(period: Period, bucket: str) -> list[date]:
    days = period.dates()
    if bucket == "day":
        return days
    if bucket == "week":
        return [d for d in days if d == period.first or d.weekday() == 0]
    return [d for d in days if d == period.first or d.day == 1]


class _Sold:
    """Units and net sales, summed by key."""

    def __init__(self) -> None:
        self.units: dict[str, int] = defaultdict(int)
        self.net: dict[str, int] = defaultdict(int)

    def top(self, names: dict[str, str], by_units: bool) -> tuple[RankRow, ...]:
        def rank(key: str) -> tuple[int, int, str]:
            first, second = (self.units, self.net) if by_units else (self.net, self.units)
            return (-first[key], -second[key], key)

        keys = sorted((k for k in self.units if self.units[k] > 0), key=rank)[:TOP]
        return tuple(RankRow(k, names.get(k, k), self.units[k], self.net[k]) for k in keys)


def _variant_name(title: str, options: dict[str, str]) -> str:
    return f"{title} ({' / '.join(options.values())})" if options else title


class _Period:
    """One pass over the period's lines: totals, per-order flags, and what was sold and kept."""

    def __init__(self, state: ShopState, period: Period) -> None:
        self.product_of: dict[str, str] = {}
        self.maker_of: dict[str, str] = {}
        self.product_names: dict[str, str] = {}
        self.variant_names: dict[str, str] = {}
        for product, variant in state.catalog.variants():
            self.product_of[variant.sku] = product.product_id
            self.maker_of[variant.sku] = product.maker or ""
            self.product_names[product.product_id] = product.title
            self.variant_names[variant.sku] = _variant_name(product.title, variant.options)
        self.channel, self.product, self.variant, self.member = _Sold(), _Sold(), _Sold(), _Sold()
        self.channel_orders: dict[str, set[str]] = defaultdict(set)
        self.money = _Money()
        self.bucket = bucket_of(period)
        self.starts = _bucket_starts(period, self.bucket)
        self.chart_units = [0] * len(self.starts)
        self.chart_net = [0] * len(self.starts)
        self._add_all(in_period(state.lines, period), period)

    def _add_all(self, lines: Sequence[SaleLine], period: Period) -> None:
        offsets = [(d - period.first).days for d in self.starts]
        since_ts = period.since.timestamp()
        slot_of_day: dict[int, int] = {}
        slot_of_time: dict[datetime, int] = {}
        product_of, maker_of = self.product_of, self.maker_of
        ch_units, ch_net = self.channel.units, self.channel.net
        pr_units, pr_net = self.product.units, self.product.net
        va_units, va_net = self.variant.units, self.variant.net
        me_units, me_net = self.member.units, self.member.net
        channel_orders, chart_units, chart_net = (
            self.channel_orders,
            self.chart_units,
            self.chart_net,
        )
        add = self.money.add
        for line in lines:
            net = add(line)
            channel = line.channel
            if line.status not in SOLD:
                continue
            quantity, sku = line.quantity, line.sku
            ch_units[channel] += quantity
            ch_net[channel] += net
            channel_orders[channel].add(line.order_id)
            product = product_of.get(sku, sku)
            pr_units[product] += quantity
            pr_net[product] += net
            va_units[sku] += quantity
            va_net[sku] += net
            maker = maker_of.get(sku, "")
            me_units[maker] += quantity
            me_net[maker] += net
            # Lines of one order share their creation time: find its chart slot once.
            created = line.created_at
            slot = slot_of_time.get(created)
            if slot is None:
                day = int((created.timestamp() - since_ts) // 86400)
                slot = slot_of_day.get(day)
                if slot is None:
                    slot = slot_of_day[day] = max(bisect.bisect_right(offsets, day) - 1, 0)
                slot_of_time[created] = slot
            chart_units[slot] += quantity
            chart_net[slot] += net

    def figures(self) -> Figures:
        return self.money.figures()

    def rates(self) -> dict[str, tuple[int, int, int]]:
        """Per channel: (orders, orders wholly cancelled, orders with a return)."""
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        for (channel, _), (cancelled, returned) in self.money.orders.items():
            row = counts[channel]
            row[0] += 1
            row[1] += cancelled
            row[2] += returned
        return {channel: (row[0], row[1], row[2]) for channel, row in counts.items()}


def build_report(state: ShopState, period: Period) -> ShopReport:
    """The report of one shop over `period` (lines outside it only feed the comparisons)."""
    current = _Period(state, period)
    previous, year_ago = period.previous(), period.year_earlier()
    year_lines = in_period(state.lines, year_ago)
    now = current.figures()
    totals = Totals(
        now,
        figures(in_period(state.lines, previous)),
        figures(year_lines) if year_lines and period.shape != "year" else None,
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
                len(current.channel_orders.get(facts.name, ())),
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
            for start, u, o in zip(
                current.starts, current.chart_units, current.chart_net, strict=True
            )
        ),
        bucket=current.bucket,
        members=_members(state, current.member, net),
        low_stock_threshold=state.low_stock,
        stock=_stock(state, current.variant.units, variants, period.days),
        flags=health_flags(state, current.rates()),
        sync=sync_rows(state),
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
