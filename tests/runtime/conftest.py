"""Shops with sandbox channels on the toy platform, and an in-memory state store."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from coopsync.adapters import BUILTIN_ADAPTERS
from coopsync.catalog import Catalog
from coopsync.config import Config, LoadedConfig
from coopsync_adapters.testing.fake import MutableClock
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


@pytest.fixture(autouse=True)
def toyshop_platform(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(BUILTIN_ADAPTERS, "toyshop", "coopsync_toyshop:ToyAdapter")


@pytest.fixture
def clock() -> MutableClock:
    return MutableClock()


@pytest.fixture
def store() -> MemoryStore:
    return MemoryStore()


ShopFactory = Callable[..., LoadedConfig]


@pytest.fixture
def make_shop(tmp_path: Path) -> ShopFactory:
    """A loaded config in `tmp_path` with the given channels and the five products above."""

    def make(
        channels: Mapping[str, Mapping[str, Any]] | None = None,
        *,
        folder: Path | None = None,
        products: list[dict[str, Any]] | None = None,
    ) -> LoadedConfig:
        root = folder or tmp_path
        root.mkdir(parents=True, exist_ok=True)
        config = Config.model_validate(
            {
                "shop": {"name": "Koperasi Difabel Sejahtera"},
                "products": PRODUCTS if products is None else products,
                "channels": channels
                if channels is not None
                else {"toko": {"platform": "toyshop", "sandbox": True}},
            }
        )
        return LoadedConfig(
            config=config,
            catalog=Catalog(tuple(config.products or ()), base_dir=root),
            config_path=root / "coopsync.yaml",
            state_dir=root / ".coopsync",
        )

    return make
