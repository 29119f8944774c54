"""Read what the report needs about one shop from its config and its state store (no network).

The edge of the report: everything after this is pure. A shop never synced has no state file;
it gets an empty state rather than a new file (a report writes nothing).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from coopsync.config import LoadedConfig
from coopsync.ledger import StockPosition
from coopsync.report.inputs import ChannelFacts, ShopState, SummedSales
from coopsync.report.period import Period, chart_buckets
from coopsync.state.records import ChannelHealth, RunRecord
from coopsync.state.sales_summary import SalesSummary
from coopsync.state.store import StateStore

if TYPE_CHECKING:
    from coopsync.state.choose import Store

MANUAL_PLATFORM = "manual"
RUNS_READ = 50  # enough runs to find each channel's last one


def sums_read(period: Period) -> list[tuple[datetime, datetime, list[datetime] | None]]:
    """The sums the report asks the store for: the period with its chart slots, the period
    before it, and the same period a year earlier."""
    _, starts = chart_buckets(period)
    previous, year = period.previous(), period.year_earlier()
    return [
        (period.since, period.until, [period.start_of(day) for day in starts]),
        (previous.since, previous.until, None),
        (year.since, year.until, None),
    ]


def channel_facts(loaded: LoadedConfig) -> list[ChannelFacts]:
    return [
        ChannelFacts(
            name, settings.platform, settings.enabled, settings.platform == MANUAL_PLATFORM
        )
        for name, settings in loaded.config.channels.items()
    ]


def gather(
    loaded: LoadedConfig,
    period: Period,
    now: datetime,
    language: str,
    open_store: Callable[[], Store] | None = None,
    has_state: bool | None = None,
) -> ShopState:
    """The shop's state as the report reads it, at `now` (from `open_store`, by default the
    shop's own store; nothing is opened, nor created, when the shop has no state yet)."""
    from coopsync.state.choose import open_state, state_exists

    config = loaded.config
    sums: dict[tuple[datetime, datetime], SalesSummary] = {}
    stock: dict[str, StockPosition] = {}
    listed: dict[str, frozenset[str]] = {}
    health: dict[str, ChannelHealth] = {}
    runs: list[RunRecord] = []
    expiry: dict[str, datetime | None] = {}
    held: dict[str, dict[str, int]] = {}
    last_order: dict[str, datetime] = {}
    if has_state is None:
        has_state = state_exists(loaded)
    if has_state:
        opener = open_store or (lambda: open_state(loaded))
        with opener() as opened, opened.snapshot() as store:
            for since, until, slots in sums_read(period):
                if (since, until) not in sums:
                    sums[since, until] = store.sales_summary(since, until, slots)
            last_order = store.last_order_at()
            # The rule `stock show` reads: unpaid holds expire at `now`.
            stock = store.stock_positions(loaded.catalog.skus(), config.restock_returns, now)
            held = consignment(store, loaded)
            listed = {name: frozenset(store.listings_for(name)) for name in config.channels}
            health = store.channel_health()
            runs = store.last_runs(RUNS_READ)
            for name in config.channels:
                expiry[name] = store.token_expiry(name)
    return ShopState(
        shop=config.shop.name,
        timezone=config.shop.timezone,
        language=language,
        catalog=loaded.catalog,
        channels=channel_facts(loaded),
        sales=SummedSales(sums),
        stock=stock,
        listed=listed,
        health=health,
        runs=runs,
        token_expiry=expiry,
        last_order_at=last_order,
        now=now,
        low_stock=config.report.low_stock,
        held=held,
    )


def consignment(store: StateStore, loaded: LoadedConfig) -> dict[str, dict[str, int]]:
    """Units placed at manual channels and not sold there yet (`stock move`), per channel."""
    from coopsync.engine.consignment import units_held

    moves = store.stock_moves()
    if not moves:
        return {}
    skus = sorted({move.sku for move in moves})
    channels = sorted({move.channel for move in moves})
    return units_held(moves, {c: store.channel_sales(c, skus) for c in channels})
