"""`coopsync sale add/list/undo`: a bazaar sale counts in stock, shows in the list, and undoes."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from shop_files import write_shop
from typer.testing import Result

from coopsync.config import load_config
from coopsync.ledger import position
from coopsync.runtime import open_channels
from coopsync.state.sqlite import SqliteStore
from coopsync.state.timestamps import utc_now


def _available(config: Path, sku: str) -> int:
    loaded = load_config(config)
    with SqliteStore(loaded.state_dir / "state.sqlite") as store:
        return position(store.ledger_inputs([sku])[sku], False).available


def test_bazaar_sale_leaves_the_stock_and_undo_brings_it_back(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    config = write_shop(tmp_path)
    added = run_cli(
        "sale",
        "add",
        "-c",
        str(config),
        "KMJ-PRG-M",
        "2",
        "--channel",
        "bazaar",
        "--note",
        "Bazar UMKM",
    )
    assert added.exit_code == 0, added.output
    assert "H-1" in added.stdout and "4 left" in added.stdout
    assert _available(config, "KMJ-PRG-M") == 4

    listed = run_cli("sale", "list", "-c", str(config))
    assert "H-1" in listed.stdout and "bazaar" in listed.stdout and "Bazar UMKM" in listed.stdout

    undone = run_cli("sale", "undo", "-c", str(config), "h-1")
    assert undone.exit_code == 0, undone.output
    assert _available(config, "KMJ-PRG-M") == 6
    assert "undone" in run_cli("sale", "list", "-c", str(config)).stdout
    again = run_cli("sale", "undo", "-c", str(config), "H-1")
    assert again.exit_code == 2


def test_sale_uses_the_channel_price_and_a_typed_price(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    config = write_shop(tmp_path)
    run_cli("sale", "add", "-c", str(config), "TAS-PDN-KWG", "1")
    run_cli("sale", "add", "-c", str(config), "TAS-PDN-KWG", "1", "--price", "Rp 90.000")
    listed = run_cli("sale", "list", "-c", str(config)).stdout
    assert "Rp95.000" in listed and "Rp90.000" in listed
    assert "whatsapp" in listed  # the first manual channel by default
    loaded = load_config(config)
    with SqliteStore(loaded.state_dir / "state.sqlite") as store:
        from datetime import UTC, datetime

        lines = store.sales(datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC))
    assert sorted(line.list_price for line in lines) == [90_000, 95_000]
    assert {line.channel for line in lines} == {"whatsapp"}


def test_sale_refuses_unknown_sku_and_marketplace_channel(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    config = write_shop(tmp_path)
    unknown = run_cli("sale", "add", "-c", str(config), "NOPE-1", "1")
    assert unknown.exit_code == 2 and "NOPE-1" in unknown.stderr
    market = run_cli("sale", "add", "-c", str(config), "KMJ-PRG-M", "1", "--channel", "shopee")
    assert market.exit_code == 2 and "not a manual channel" in market.stderr
    bad_price = run_cli("sale", "add", "-c", str(config), "KMJ-PRG-M", "1", "--price", "murah")
    assert bad_price.exit_code == 2
    assert "no sales recorded" in run_cli("sale", "list", "-c", str(config)).stdout


def _shown(config: Path, sku: str) -> int:
    """The stock the sandbox marketplace shows buyers for `sku`."""

    async def read() -> dict[str, int]:
        loaded = load_config(config)
        with SqliteStore(loaded.state_dir / "state.sqlite") as store:
            async with open_channels(
                loaded, store, utc_now, only=["shopee"], simulate_buyers=False, persist=False
            ) as channels:
                return {
                    s.sku: s.stock
                    async for listing in channels.channels["shopee"].listings()
                    for s in listing.skus
                }

    return asyncio.run(read())[sku]


def test_bazaar_sale_lowers_the_stock_pushed_at_the_next_sync(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    config = write_shop(tmp_path)
    first = run_cli("sync", "-c", str(config))
    assert first.exit_code in (0, 1), first.output
    available = _available(config, "TAS-PDN-KWG")
    assert _shown(config, "TAS-PDN-KWG") == available
    run_cli("sale", "add", "-c", str(config), "TAS-PDN-KWG", "3", "--channel", "bazaar")
    second = run_cli("sync", "-c", str(config))
    assert second.exit_code in (0, 1), second.output
    now = _available(config, "TAS-PDN-KWG")
    assert now <= available - 3
    assert _shown(config, "TAS-PDN-KWG") == now
