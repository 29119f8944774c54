"""Shops with sandbox channels on the toy platform, and an in-memory state store."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from runtime_helpers import PRODUCTS, MemoryStore, ShopFactory

from coopsync import platforms
from coopsync.catalog import Catalog
from coopsync.config import Config, LoadedConfig
from coopsync.sandbox.marketplace import MutableClock


@pytest.fixture(autouse=True)
def toyshop_platform() -> Iterator[None]:
    from coopsync_toyshop import DESCRIPTOR

    platforms.register(DESCRIPTOR)
    yield
    platforms.unregister(DESCRIPTOR.name)


@pytest.fixture
def clock() -> MutableClock:
    return MutableClock()


@pytest.fixture
def store() -> MemoryStore:
    return MemoryStore()


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
