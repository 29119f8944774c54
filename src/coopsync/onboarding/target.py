"""Where imported products go: the config's `catalog:` file, else its inline `products:`.

Read without validating (a config in the making may not validate yet), with the SKUs already
there so that generated ones never repeat them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class CatalogTarget:
    """The file new products are appended to, under `key` (None: the file is the list)."""

    path: Path
    key: str | None
    skus: frozenset[str]
    channels: tuple[str, ...] = ()


def _load(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return None


def _skus(products: Any) -> set[str]:
    found: set[str] = set()
    for product in products if isinstance(products, list) else []:
        if not isinstance(product, dict):
            continue
        if product.get("sku") is not None:
            found.add(str(product["sku"]))
        for variant in product.get("variants") or []:
            if isinstance(variant, dict) and variant.get("sku") is not None:
                found.add(str(variant["sku"]))
    return found


def catalog_target(config_path: Path) -> CatalogTarget:
    """Where `import` writes for this config (the config must exist)."""
    data = _load(config_path)
    data = data if isinstance(data, dict) else {}
    raw_channels = data.get("channels")
    channels = tuple(str(c) for c in raw_channels) if isinstance(raw_channels, dict) else ()
    catalog = data.get("catalog")
    if isinstance(catalog, str) and catalog.strip():
        path = (config_path.parent / catalog).expanduser()
        document = _load(path)
        if isinstance(document, list):
            return CatalogTarget(path, None, frozenset(_skus(document)), channels)
        products = document.get("products") if isinstance(document, dict) else None
        return CatalogTarget(path, "products", frozenset(_skus(products)), channels)
    return CatalogTarget(config_path, "products", frozenset(_skus(data.get("products"))), channels)
