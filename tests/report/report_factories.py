"""Builders for report tests: a shop state made of plain values, with times in WIB."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from coopsync.adapters import OrderStatus
from coopsync.catalog import Catalog, Product
from coopsync.ledger import StockPosition
from coopsync.report.build import build_report
from coopsync.report.inputs import ChannelFacts, LineSales, ShopState
from coopsync.report.model import ShopReport
from coopsync.report.period import Period, resolve_period
from coopsync.state.records import ChannelHealth, RunRecord, SaleLine

WIB = ZoneInfo("Asia/Jakarta")
# Monday 7 December 2026, 10:00 in Jakarta: "now" in every report test.
NOW = datetime(2026, 12, 7, 10, 0, tzinfo=WIB).astimezone(UTC)


def wib(day: int, hour: int = 12, minute: int = 0, second: int = 0, month: int = 12) -> datetime:
    """A time in Jakarta in 2026, as the store hands it out (UTC)."""
    return datetime(2026, month, day, hour, minute, second, tzinfo=WIB).astimezone(UTC)


def product(sku: str, price: int = 100_000, stock: int = 10, **fields: Any) -> Product:
    return Product.model_validate(
        {"title": f"Produk {sku}", "sku": sku, "price": price, "stock": stock, **fields}
    )


def catalog(*products: Product) -> Catalog:
    return Catalog(tuple(products), base_dir=Path("/shop"))


class Orders:
    """Order lines, numbered as they are added."""

    def __init__(self) -> None:
        self.lines: list[SaleLine] = []

    def add(
        self,
        channel: str,
        at: datetime,
        *items: tuple[str, int, int],
        status: OrderStatus = OrderStatus.COMPLETED,
        statuses: Sequence[OrderStatus] | None = None,
    ) -> str:
        """One order of `(sku, quantity, list_price)` items; returns its id."""
        order_id = f"{channel}-{len(self.lines) + 1}"
        for n, (sku, quantity, price) in enumerate(items):
            line_status = statuses[n] if statuses else status
            self.lines.append(
                SaleLine(channel, order_id, str(n), sku, quantity, price, line_status, at)
            )
        return order_id

    def sorted(self) -> list[SaleLine]:
        return sorted(self.lines, key=lambda line: line.created_at)


def run(
    channels: Mapping[str, Mapping[str, Any]],
    at: datetime = NOW - timedelta(hours=1),
    notices: Sequence[Mapping[str, str | None]] = (),
    run_id: int = 1,
) -> RunRecord:
    """A finished run whose summary holds these channel outcomes."""
    summary: dict[str, Any] = {
        "command": "sync",
        "channels": {name: {"failures": [], **outcome} for name, outcome in channels.items()},
        "notices": list(notices),
    }
    return RunRecord(run_id, "sync", at, at + timedelta(minutes=1), "ok", summary)


def healthy(*names: str, at: datetime = NOW - timedelta(hours=1)) -> dict[str, ChannelHealth]:
    return {name: ChannelHealth(name, at, None, None) for name in names}


def state(
    the_catalog: Catalog,
    lines: Sequence[SaleLine] = (),
    *,
    channels: Sequence[ChannelFacts] = (
        ChannelFacts("shopee", "shopee"),
        ChannelFacts("whatsapp", "manual", manual=True),
    ),
    stock: Mapping[str, int] | None = None,
    listed: Mapping[str, frozenset[str]] | None = None,
    health: Mapping[str, ChannelHealth] | None = None,
    runs: Sequence[RunRecord] | None = None,
    token_expiry: Mapping[str, datetime | None] | None = None,
    last_order_at: Mapping[str, datetime] | None = None,
    low_stock: int = 3,
    language: str = "id",
    shop: str = "Koperasi Uji",
) -> ShopState:
    """A shop whose channels all synced an hour ago and list every catalog SKU, by default."""
    names = [c.name for c in channels]
    skus = frozenset(the_catalog.skus())
    available = stock if stock is not None else {sku: 10 for sku in skus}
    return ShopState(
        shop=shop,
        timezone="Asia/Jakarta",
        language=language,
        catalog=the_catalog,
        channels=channels,
        sales=LineSales(list(lines)),
        stock={sku: StockPosition(n, 0, n) for sku, n in available.items()},
        listed=listed if listed is not None else {name: skus for name in names},
        health=health if health is not None else healthy(*names),
        runs=runs if runs is not None else [run({name: {} for name in names})],
        token_expiry=token_expiry or {},
        last_order_at=last_order_at if last_order_at is not None else _newest(lines),
        now=NOW,
        low_stock=low_stock,
    )


def _newest(lines: Sequence[SaleLine]) -> dict[str, datetime]:
    newest: dict[str, datetime] = {}
    for line in lines:
        newest[line.channel] = max(line.created_at, newest.get(line.channel, line.created_at))
    return newest


def report_of(shop_state: ShopState, period: str | None = None, **dates: str) -> ShopReport:
    chosen: Period = resolve_period(NOW, "Asia/Jakarta", period=period, **dates)
    return build_report(shop_state, chosen)
