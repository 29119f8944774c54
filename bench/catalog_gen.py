"""A generated shop for the benchmarks: N SKUs on four sandbox channels.

Products have five colour variants, except every tenth, which is a single SKU without
options (a shop sells both). The order history comes from the sandbox's simulated buyers:
a new sandbox shop has most of the catalog listed already and a month of orders on it.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import yaml

PNG_1PX = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
CHANNEL_FIELDS: dict[str, dict[str, Any]] = {
    "shopee": {"category_id": "100018"},
    "tiktok": {"category_id": "600001"},
    "lazada": {"category_id": "10002019", "attributes": {"brand": "No Brand"}},
    "woocommerce": {},
}
COLOURS = ("Merah", "Biru", "Hijau", "Hitam", "Putih")


def product(p: int, channels: list[str]) -> dict[str, Any]:
    """Product number `p`: five variants, or one SKU for every tenth product."""
    base: dict[str, Any] = {
        "id": f"tas-{p:05d}",
        "title": f"Tas Anyaman Pandan Buatan Tangan Model {p:05d}",
        "description": "Dianyam oleh pengrajin difabel dari daun pandan pilihan.",
        "images": ["tas.png"],
        "weight_g": 300,
        "dimensions": {"length_cm": 30, "width_cm": 20, "height_cm": 5},
        "channels": {name: CHANNEL_FIELDS[name] for name in channels},
    }
    price = 25_000 + 1_000 * (p % 50)
    if p % 10 == 9:
        return base | {"sku": f"TAS-{p:05d}", "price": price, "stock": 200}
    base["variants"] = [
        {"sku": f"TAS-{p:05d}-{c}", "price": price, "stock": 200, "options": {"Warna": c}}
        for c in COLOURS
    ]
    return base


def products_for(skus: int, channels: list[str]) -> list[dict[str, Any]]:
    """Products until `skus` SKUs are reached (the last product may be cut short)."""
    out: list[dict[str, Any]] = []
    count, p = 0, 0
    while count < skus:
        item = product(p, channels)
        if "variants" in item:
            item["variants"] = item["variants"][: skus - count]
            count += len(item["variants"])
        else:
            count += 1
        out.append(item)
        p += 1
    return out


def write_shop(
    root: Path,
    skus: int,
    channels: list[str],
    rate_limits: dict[str, float],
    *,
    settings: dict[str, dict[str, Any]] | None = None,
    file: str = "coopsync.yaml",
) -> Path:
    """A config with an inline catalog, every channel a sandbox paced at `rate_limits`, or,
    given `settings`, a real channel with those settings (a platform's address and keys)."""
    (root / "tas.png").write_bytes(PNG_1PX)
    config = {
        "shop": {"name": "Koperasi Bench", "timezone": "Asia/Jakarta", "language": "en"},
        "state_dir": ".coopsync",
        "channels": {
            name: (settings or {}).get(name)
            or {"platform": name, "sandbox": True, "rate_limit": rate_limits[name]}
            for name in channels
        },
        "products": products_for(skus, channels),
    }
    path = root / file
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False))
    return path


def main() -> None:
    """`python catalog_gen.py ROOT SKUS CHANNELS RATES_JSON [SETTINGS_JSON] FILE`: the bench
    writes its shop in a process of its own, so that coopsync's peak RSS is coopsync's."""
    import json
    import sys

    root, skus, channels, rates, settings, file = sys.argv[1:7]
    write_shop(
        Path(root),
        int(skus),
        channels.split(","),
        json.loads(rates),
        settings=json.loads(settings) or None,
        file=file,
    )


if __name__ == "__main__":
    main()
