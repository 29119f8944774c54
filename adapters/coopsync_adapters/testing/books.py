"""An adapter's orders pulled into a real state store: stock and money as the shop sees them.

Order scenarios (issue 26) move a fake's orders, pull through the engine's own `pull_orders`
into a SQLite store, and read what a volunteer would: available stock per SKU and the net sales
of the report's definition (coopsync.money).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from coopsync.engine.pull import OrderPull, pull_orders
from coopsync.ledger import StockPosition, positions
from coopsync.state.records import CountSource, SaleLine
from coopsync.state.sqlite import SqliteStore
from coopsync_adapters.testing.harness import Harness

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


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
