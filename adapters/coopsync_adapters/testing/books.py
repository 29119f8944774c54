"""An adapter's orders pulled into a real state store: stock and money as the shop sees them.

Order scenarios (issue 26) move a fake's orders, pull through the engine's own `pull_orders`
into a SQLite store, and read what a volunteer would: available stock per SKU and the net sales
of the report's definition (coopsync.money).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from coopsync.engine.pull import OrderPull, pull_orders
from coopsync.ledger import StockPosition, positions
from coopsync.sandbox.marketplace import FakeMarketplace, MutableClock
from coopsync.state.records import CountSource, SaleLine
from coopsync.state.sqlite import SqliteStore
from coopsync_adapters.testing.harness import Harness, make_harness

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
F = TypeVar("F", bound=FakeMarketplace)


@dataclass
class Books:
    """A harness's channel, pulled into a state store."""

    h: Harness
    store: SqliteStore
    channel: str = "toko"
    restock_returns: bool = True

    @classmethod
    def open(cls, h: Harness, tmp_path: Path, channel: str = "toko") -> Books:
        return cls(h, SqliteStore(tmp_path / "state.db", clock=h.clock), channel)

    def close(self) -> None:
        self.store.close()

    def fake(self, kind: type[F]) -> F:
        """The harness's fake, as the platform's own class (for its own scenario methods)."""
        assert isinstance(self.h.fake, kind), type(self.h.fake)
        return self.h.fake

    def later(self, hours: float = 1) -> None:
        """Let `hours` pass on the fake's clock."""
        self.h.clock.advance(timedelta(hours=hours))

    async def pull(self, minutes: float = 1) -> OrderPull | None:
        """Let `minutes` pass, then pull the channel's orders as `coopsync sync` does."""
        self.h.clock.advance(timedelta(minutes=minutes))
        return await pull_orders(self.channel, self.h.adapter, self.store, self.h.clock)

    def count(self, sku: str, quantity: int) -> None:
        """A shelf count, now."""
        self.store.add_count(sku, quantity, self.h.clock(), CountSource.COUNT)

    def stock(self, sku: str) -> StockPosition:
        return positions(self.store.ledger_inputs([sku]), self.restock_returns)[sku]

    def available(self, sku: str) -> int:
        return self.stock(sku).available

    def lines(self) -> list[SaleLine]:
        return self.store.sales(EPOCH, self.h.clock() + timedelta(days=1))

    def net_sales(self) -> int:
        return sum(line.net_sales for line in self.lines())

    def omzet(self) -> int:
        return sum(line.omzet for line in self.lines())


@asynccontextmanager
async def open_books(
    make_fake: Callable[[MutableClock], FakeMarketplace],
    tmp_path: Path,
    title: str,
    sku: tuple[str, int, int],
) -> AsyncIterator[Books]:
    """A platform's fake selling one listing (`title`, with `(sku, price, stock)`), its real
    adapter, and a state store to pull its orders into: the setup of every order-line scenario.
    """
    h = make_harness(make_fake, base_dir=tmp_path)
    h.fake.seed_listing(title, [sku])
    books = Books.open(h, tmp_path)
    try:
        yield books
    finally:
        books.close()
        await h.adapter.aclose()
