"""Shopee Open Platform v2 (the adapter is imported only when a channel uses it)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

FAKE = "coopsync_adapters.shopee.fake:ShopeeFake"

__all__ = ["FAKE", "ShopeeAdapter"]

if TYPE_CHECKING:
    from coopsync_adapters.shopee.adapter import ShopeeAdapter


def __getattr__(name: str) -> Any:
    if name == "ShopeeAdapter":
        from coopsync_adapters.shopee.adapter import ShopeeAdapter

        return ShopeeAdapter
    raise AttributeError(name)
