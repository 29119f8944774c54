"""Sandbox shops for the fleet tests, and what their channels and state hold afterwards."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from coopsync.config import load_config
from coopsync.runtime import open_channels
from coopsync.shop import Shop
from coopsync.state.timestamps import utc_now

COOPSYNC = [sys.executable, "-c", "from coopsync.cli.app import main; main()"]
TOKEN_KEY = "fleet-test-token-key-0123456789"  # seals the sandbox tokens in PostgreSQL


def fleet_env(url: str) -> dict[str, str]:
    """What a fleet's workers have: the database, and (here one for all) the token key."""
    return {"COOPSYNC_STATE_URL": url, "COOPSYNC_TOKEN_KEY": TOKEN_KEY, "COOPSYNC_LANG": "en"}


SHOP = """\
shop: {{name: Toko Armada {n:02d}, timezone: Asia/Jakarta, language: en}}
state_dir: .coopsync
channels:
{channels}
products:
"""
PRODUCT = """\
  - title: Keripik Singkong Balado Pedas Manis 250 gram Toko {n:02d} {sku}
    description: Keripik singkong renyah buatan ibu-ibu koperasi.
    weight_g: 250
    variants:
      - {{sku: {sku}, price: {price}, stock: {stock}}}
    channels:
{categories}"""
CATEGORIES = {
    "shopee": '      shopee: {category_id: "100018"}\n',
    "tiktok": '      tiktok: {category_id: "601501"}\n',
}
CHANNELS = {
    "shopee": "  shopee: {platform: shopee, sandbox: true}\n",
    "tiktok": "  tiktok: {platform: tiktok, sandbox: true, stock: {buffer: 1}}\n",
}


def write_shop(root: Path, n: int, channels: tuple[str, ...] = ("shopee",)) -> Path:
    folder = root / f"toko-{n:02d}"
    folder.mkdir(parents=True)
    path = folder / "coopsync.yaml"
    body = SHOP.format(n=n, channels="".join(CHANNELS[c] for c in channels))
    body += "".join(
        PRODUCT.format(
            n=n,
            sku=f"KS{n:02d}-{i}",
            price=15_000 + 500 * i,
            stock=8 + i + n % 5,
            categories="".join(CATEGORIES[c] for c in channels),
        )
        for i in range(3)
    )
    path.write_text(body, encoding="utf-8")
    return path


def fleet_name(n: int) -> str:
    return f"toko-armada-{n:02d}"


def cli(
    url: str, *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*COOPSYNC, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env={**os.environ, **fleet_env(url), "COLUMNS": "200", **(env or {})},
    )


def worker(url: str, name: str, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*COOPSYNC, "fleet", "worker", "--once", "--name", name, "--stalled-after", "1", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **fleet_env(url)},
    )


@dataclass(frozen=True)
class Held:
    """What one shop's channels and state hold."""

    order_ids: dict[str, set[str]]  # channel -> the marketplace's orders
    imported: dict[str, set[str]]  # channel -> orders in the shop's state
    most_imports_of_a_line: int
    stock_pushes_left: int  # stock a sync would still set (0: every channel shows the truth)
    listings_left: int  # listings a sync would still create


def what_shop_holds(config: Path) -> Held:
    return asyncio.run(_holds(config))


async def _holds(config: Path) -> Held:
    loaded = load_config(config)
    shop = Shop(loaded)
    order_ids: dict[str, set[str]] = {}
    with shop.open_store() as store:
        async with open_channels(loaded, store, utc_now, simulate_buyers=False) as channels:
            for name in channels.channels:
                order_ids[name] = set(channels.fakes[name].order_ids())
        lines = store.sales(datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC))
    imported: dict[str, set[str]] = {}
    for line in lines:
        imported.setdefault(line.channel, set()).add(line.order_id)
    keys = Counter((line.channel, line.order_id, line.line_id) for line in lines)
    plan = await shop.aplan()
    assert plan is not None
    stock_left = sum(cp.counts().get("stock", 0) for cp in plan.channels.values())
    creates = sum(cp.counts().get("create", 0) for cp in plan.channels.values())
    return Held(order_ids, imported, max(keys.values(), default=0), stock_left, creates)
