"""The floor of a scenario: the fewest calls each platform's documented API allows for the
work a sync had to do, and the time those calls take at the platform's rate limit.

A run's floor is the busiest platform's minimum calls ÷ its limit (channels run side by
side). Batch sizes are the platforms' documented maxima (see each adapter's README):
Shopee update_stock/update_price one item (≤50 models) a call, get_item_list 100 a page,
get_item_base_info 50 ids, get_model_list one item; TikTok one product a stock or price call,
search 100 a page with SKUs inline; Lazada price_quantity/update 50 SKUs (stock and price in
one call), products/get 50 a page with SKUs inline; WooCommerce products/batch and
products/{id}/variations/batch 100 objects a call, lists 100 a page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from math import ceil


def pages(n: int, size: int, *, at_least: int = 0) -> int:
    return max(at_least, ceil(n / size)) if n else at_least


@dataclass
class Work:
    """What one channel had to do in a run (from the run's journal and the catalog)."""

    platform: str
    listed_products: int = 0  # products to read when every listing is read
    listed_with_variants: int = 0
    read_products: int = 0  # products the run had to read (all of them on a full read)
    read_with_variants: int = 0
    creates: list[int] = field(default_factory=list)  # variants of each created product
    updates: int = 0
    stock: dict[str, int] = field(default_factory=dict)  # product -> SKUs whose stock changed
    prices: dict[str, int] = field(default_factory=dict)
    stock_price_skus: int = 0  # SKUs with a stock or a price change (Lazada sends both at once)
    orders: int = 0  # orders read
    order_windows: int = 1  # windows the order pull must query (Shopee: 15 days each)

    def writes(self) -> int:
        """The fewest write calls."""
        p = self.platform
        with_variants = sum(1 for n in self.creates if n > 1)
        if p == "shopee":
            creates = len(self.creates) + with_variants  # add_item, init_tier_variation
            return creates + self.updates + len(self.stock) + len(self.prices)
        if p == "tiktok":
            return len(self.creates) + self.updates + len(self.stock) + len(self.prices)
        if p == "lazada":
            return len(self.creates) + self.updates + pages(self.stock_price_skus, 50)
        if p == "woocommerce":
            parents = pages(len(self.creates) + self.updates, 100)
            variations = with_variants  # one variations/batch per new variable product
            changed = set(self.stock) | set(self.prices)
            return parents + variations + len(changed)
        return 0

    def reads(self) -> int:
        """The fewest read calls: the listings the run had to read, and the orders."""
        p, n, v = self.platform, self.read_products, self.read_with_variants
        if p == "shopee":
            listing = pages(n, 100, at_least=1) + pages(n, 50) + v
            orders = self.order_windows + pages(self.orders, 50)
            return listing + orders
        if p == "tiktok":
            return pages(n, 100, at_least=1) + pages(self.orders, 100, at_least=1)
        if p == "lazada":
            return (
                pages(n, 50, at_least=1)
                + pages(self.orders, 100, at_least=1)
                + pages(self.orders, 50)
            )
        if p == "woocommerce":
            return pages(n, 100, at_least=1) + v + pages(self.orders, 100, at_least=1)
        return 0

    def calls(self) -> int:
        return self.reads() + self.writes()


def floor_seconds(works: Iterable[Work], limits: dict[str, float]) -> tuple[float, str]:
    """The busiest platform's minimum calls ÷ its limit, and which platform that is."""
    best, which = 0.0, ""
    for work in works:
        seconds = work.calls() / limits[work.platform]
        if seconds > best:
            best, which = seconds, work.platform
    return best, which
