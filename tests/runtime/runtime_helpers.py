"""Helpers of the runtime tests: an in-memory state store, a small catalog, a shop factory type."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from coopsync.config import LoadedConfig
from coopsync_adapters.testing.memory import MemoryKV, MemoryTokenStore


class MemoryStore(MemoryTokenStore, MemoryKV):
    """Tokens and key-values in one object, as the SQLite store offers them."""

    def __init__(self) -> None:
        MemoryTokenStore.__init__(self)
        MemoryKV.__init__(self)


PRODUCTS: list[dict[str, Any]] = [
    {"title": "Keripik Singkong Balado 250 g", "sku": "KRP-250", "price": 25_000, "stock": 40},
    {"title": "Tas Anyaman Pandan", "sku": "TAS-01", "price": 150_000, "stock": 6},
    {
        "title": "Kemeja Batik Tulis",
        "variants": [
            {"sku": "BTK-M", "price": 175_000, "stock": 8, "options": {"Ukuran": "M"}},
            {"sku": "BTK-L", "price": 185_000, "stock": 5, "options": {"Ukuran": "L"}},
        ],
    },
    {"title": "Kopi Gayo 200 g", "sku": "KOPI-200", "price": 60_000, "stock": 30},
    {"title": "Sabun Sereh Wangi", "sku": "SBN-1", "price": 12_000, "stock": 50},
]


ShopFactory = Callable[..., LoadedConfig]
