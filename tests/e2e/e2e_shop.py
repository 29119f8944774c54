"""A shop on the fakes for end-to-end tests: the real adapters, a SQLite state, a movable clock.

Each `sync()` builds fresh adapters, as a new cron run would; the fakes and the state persist
between runs, like the platforms and the state file do.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from coopsync.adapters import Adapter, AdapterContext
from coopsync.catalog import Catalog, Product
from coopsync.channel_config import ChannelBase
from coopsync.engine.apply_writes import StepHook
from coopsync.engine.run import Run, RunOptions, RunResult
from coopsync.http import HttpStats
from coopsync.ledger import positions
from coopsync.platforms import create_adapter
from coopsync.sandbox.marketplace import FakeMarketplace, MutableClock
from coopsync.state.sqlite import SqliteStore
from coopsync_adapters.lazada.fake import LazadaFake
from coopsync_adapters.shopee.fake import ShopeeFake
from coopsync_adapters.testing.harness import Sleeps
from coopsync_adapters.tiktok.fake import TikTokFake
from coopsync_adapters.woocommerce.fake import WooCommerceFake

PNG_1PX = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)

# Platform, the fake, and the per-channel catalog fields its listings need.
PLATFORMS: dict[str, tuple[Callable[[MutableClock], FakeMarketplace], dict[str, Any]]] = {
    "shopee": (lambda clock: ShopeeFake(clock=clock), {"category_id": "100018"}),
    "lazada": (
        lambda clock: LazadaFake(clock=clock),
        {"category_id": "10002019", "attributes": {"brand": "No Brand"}},
    ),
    "tiktok": (lambda clock: TikTokFake(clock=clock), {"category_id": "600001"}),
    "woocommerce": (lambda clock: WooCommerceFake(clock=clock), {}),
}

# Read-only calls that some platforms make with POST.
_READ_PATHS = ("search", "get", "token", "auth")


def is_write(method: str, path: str) -> bool:
    """A request that changes something on the platform."""
    if method == "GET":
        return False
    return not any(word in path.lower() for word in _READ_PATHS)


def http_paths(adapter: Adapter) -> list[str]:
    """Paths the adapter's HttpLayer sent requests to (its `stats`), wherever it keeps it."""
    for holder in (adapter, getattr(adapter, "client", None)):
        http = getattr(holder, "http", None)
        if isinstance(getattr(http, "stats", None), HttpStats):
            return list(http.stats.by_path)  # type: ignore[union-attr]
    raise AssertionError(f"{adapter.platform} adapter does not expose its HttpLayer")


def product(sku: str, price: int = 25_000, stock: int = 10, **fields: Any) -> dict[str, Any]:
    """A one-variant product dict with a title long enough for every platform."""
    return {
        "title": f"Tas Anyaman Pandan Buatan Tangan {sku}",
        "description": "Dianyam oleh pengrajin difabel dari daun pandan pilihan.",
        "images": ["tas.png"],
        "weight_g": 300,
        "dimensions": {"length_cm": 30, "width_cm": 20, "height_cm": 5},
        "sku": sku,
        "price": price,
        "stock": stock,
        **fields,
    }


@dataclass
class Shop:
    """A shop with channels on fakes, and its state."""

    root: Path
    products: list[dict[str, Any]]
    channel_rules: dict[str, dict[str, Any]] = field(
        default_factory=lambda: {"shopee": {}, "lazada": {}}
    )
    clock: MutableClock = field(default_factory=MutableClock)
    restock_returns: bool = False

    def __post_init__(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / "tas.png").write_bytes(PNG_1PX)
        self.store = SqliteStore(self.root / "state.sqlite", clock=self.clock)
        self.fakes: dict[str, FakeMarketplace] = {
            name: PLATFORMS[name][0](self.clock) for name in self.channel_rules
        }
        self.marks = {name: 0 for name in self.fakes}
        self.last_adapters: dict[str, Adapter] = {}

    # ---- the catalog as the user edits it ----------------------------------------------------
    def catalog(self) -> Catalog:
        products = []
        for raw in self.products:
            overrides = {name: dict(PLATFORMS[name][1]) for name in self.fakes}
            for name, extra in raw.get("channels", {}).items():
                overrides.setdefault(name, {}).update(extra)
            products.append(Product.model_validate({**raw, "channels": overrides}))
        return Catalog(tuple(products), base_dir=self.root)

    def set_stock(self, sku: str, stock: int) -> None:
        """The volunteer writes a new count in the catalog."""
        for raw in self.products:
            for variant in raw.get("variants", [raw]):
                if variant.get("sku") == sku:
                    variant["stock"] = stock

    def settings(self, name: str) -> ChannelBase:
        return self.fakes[name].settings(**self.channel_rules[name])

    # ---- runs ----------------------------------------------------------------------------------
    async def run(
        self, command: str = "sync", on_step: StepHook | None = None, **opts: Any
    ) -> RunResult:
        adapters = {
            name: create_adapter(
                AdapterContext(
                    channel=name,
                    settings=self.settings(name),
                    tokens=self.store,
                    memory=self.store,
                    clock=self.clock,
                    transport=fake,
                    sleep=Sleeps(self.clock),
                    base_dir=self.root,
                )
            )
            for name, fake in self.fakes.items()
        }
        for name, fake in self.fakes.items():
            self.marks[name] = len(fake.requests)
        self.last_adapters = adapters
        run = Run(
            self.catalog(),
            self.store,
            adapters,
            {name: self.settings(name) for name in self.fakes},
            self.clock,
            restock_returns=self.restock_returns,
            requests_sent=lambda name: len(self.fakes[name].requests) - self.marks[name],
            on_step=on_step,
        )
        try:
            return await run(RunOptions(command, **opts))
        finally:
            for adapter in adapters.values():
                await adapter.aclose()

    async def sync(self, **opts: Any) -> RunResult:
        """A sync a minute later than the last thing that happened."""
        self.clock.advance(timedelta(minutes=1))
        return await self.run("sync", **opts)

    # ---- what a user would look at -------------------------------------------------------------
    def shown(self, name: str, sku: str) -> tuple[int, int] | None:
        """(stock, price) the channel shows for a SKU."""
        view = self.fakes[name].sku_view(sku)
        return None if view is None else (view.stock, view.price)

    def stock_everywhere(self, sku: str) -> dict[str, int | None]:
        return {name: (self.shown(name, sku) or (None, None))[0] for name in self.fakes}

    def writes_in_last_run(self, name: str) -> list[str]:
        fake = self.fakes[name]
        return [
            f"{r.method} {r.path}"
            for r in fake.requests[self.marks[name] :]
            if is_write(r.method, r.path)
        ]

    def listing_count(self, name: str) -> int:
        return len({v.remote_id for sku in self.skus() if (v := self.fakes[name].sku_view(sku))})

    def skus(self) -> list[str]:
        return self.catalog().skus()

    def available(self) -> dict[str, int]:
        inputs = self.store.ledger_inputs(self.skus())
        stock = positions(inputs, self.restock_returns, self.clock())
        return {s: p.available for s, p in stock.items()}
