"""Shopee Open Platform v2 (the adapter is imported only when a channel uses it)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coopsync_adapters.shopee.descriptor import DESCRIPTOR

__all__ = ["DESCRIPTOR", "ShopeeAdapter"]

if TYPE_CHECKING:
    from coopsync_adapters.shopee.adapter import ShopeeAdapter


def __getattr__(name: str) -> Any:
    if name == "ShopeeAdapter":
        from coopsync_adapters.shopee.adapter import ShopeeAdapter

        return ShopeeAdapter
    raise AttributeError(name)
