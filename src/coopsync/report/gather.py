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
from coopsync.report.inputs import ChannelFacts, ShopState
from coopsync.report.period import Period
from coopsync.state.records import ChannelHealth, RunRecord, SaleLine

if TYPE_CHECKING:
    from coopsync.state.choose import Store

MANUAL_PLATFORM = "manual"
RUNS_READ = 50  # enough runs to find each channel's last one


def windows(period: Period) -> list[tuple[datetime, datetime]]:
    """The order creation times the report reads, oldest first: the same period a year earlier,
    and the period with the one before it."""
    recent = (period.previous().since, period.until)
    year = period.year_earlier()
    if year.until >= recent[0]:
        return [(min(year.since, recent[0]), recent[1])]
    return [(year.since, year.until), recent]


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
    lines: list[SaleLine] = []
    stock: dict[str, StockPosition] = {}
    listed: dict[str, frozenset[str]] = {}
    health: dict[str, ChannelHealth] = {}
    runs: list[RunRecord] = []
    expiry: dict[str, datetime | None] = {}
    last_order: dict[str, datetime] = {}
    if has_state is None:
        has_state = state_exists(loaded)
    if has_state:
        opener = open_store or (lambda: open_state(loaded))
        with opener() as opened, opened.snapshot() as store:
            for since, until in windows(period):
                lines.extend(store.sales(since, until))
            last_order = store.last_order_at()
            stock = store.stock_positions(loaded.catalog.skus(), config.restock_returns)
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
        lines=lines,
        stock=stock,
        listed=listed,
        health=health,
        runs=runs,
        token_expiry=expiry,
        last_order_at=last_order,
        now=now,
        low_stock=config.report.low_stock,
    )
