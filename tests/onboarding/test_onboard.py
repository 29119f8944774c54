"""`coopsync onboard` on sandbox channels: from a spreadsheet to listings with links, a rerun
after a failure halfway that lists nothing twice, and hand sales reaching the next sync."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import Workbook
from shop_files import PNG_1PX
from typer.testing import Result

from coopsync.adapters import ListingDraft, RemoteListing
from coopsync.config import load_config
from coopsync.errors import Transient
from coopsync.runtime import open_channels
from coopsync.state.sqlite import SqliteStore
from coopsync.state.timestamps import utc_now

CONFIG = """\
shop: {name: Koperasi Uji Coba, language: en}
catalog: produk.yaml
channels:
  shopee: {platform: shopee, sandbox: true}
  lazada: {platform: lazada, sandbox: true}
  whatsapp: {platform: manual, sandbox: true}
"""
HEADER = ["Nama Produk", "Warna", "Harga", "Stok", "Berat (gram)", "Panjang", "Lebar",
          "Tinggi", "Foto", "Merek", "Kategori shopee", "Kategori lazada", "Deskripsi"]  # fmt: skip
PRODUCTS = [
    ("Tas Anyaman Pandan Motif Kawung", "Natural", "Rp 95.000", 12),
    ("Tas Anyaman Pandan Motif Kawung", "Merah", "Rp 97.500", 3),
    ("Kemeja Batik Tulis Parang Lengan Panjang", "", "285.000,00", 6),
    ("Selendang Tenun Ikat Sumba Pewarna Alami", "", "Rp450.000", 2),
    ("Keripik Singkong Balado Pedas 250 gram", "", "25rb", 40),
    ("Gantungan Kunci Wayang Kulit Mini Pandawa", "", "15.000", 25),
]


def _folder(root: Path) -> Path:
    """A shop folder as `init` leaves it, with the owner's spreadsheet beside it."""
    (root / "coopsync.yaml").write_text(CONFIG, encoding="utf-8")
    (root / "produk.yaml").write_text("products: []\n", encoding="utf-8")
    (root / "foto.png").write_bytes(PNG_1PX)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    for title, colour, price, stock in PRODUCTS:
        sheet.append([title, colour, price, stock, 400, 30, 20, 5, "foto.png", "No Brand",
                      "100018", "10002019", f"{title}, buatan anggota koperasi."])  # fmt: skip
    book.save(root / "produk.xlsx")
    return root / "coopsync.yaml"


async def _remote(config: Path, channel: str) -> list[RemoteListing]:
    loaded = load_config(config)
    with SqliteStore(loaded.state_dir / "state.sqlite") as store:
        async with open_channels(
            loaded, store, utc_now, only=[channel], simulate_buyers=False, persist=False
        ) as channels:
            return [listing async for listing in channels.channels[channel].listings()]


def _listed_skus(config: Path, channel: str) -> Counter[str]:
    """How many listings on the channel's own (sandbox) state sell each SKU."""
    return Counter(s.sku for listing in asyncio.run(_remote(config, channel)) for s in listing.skus)


def _shown(config: Path, sku: str) -> int:
    """The stock the sandbox marketplace shows buyers for `sku`."""
    remote = {s.sku: s.stock for lst in asyncio.run(_remote(config, "shopee")) for s in lst.skus}
    return remote[sku]


def test_spreadsheet_to_listings_on_every_sandbox_channel(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    config = _folder(tmp_path)
    imported = run_cli("import", "-c", str(config), str(tmp_path / "produk.xlsx"))
    assert imported.exit_code == 0, imported.output
    onboarded = run_cli("onboard", "-c", str(config))
    assert onboarded.exit_code == 0, onboarded.output
    skus = set(load_config(config).catalog.skus())
    assert len(skus) == 6
    for channel in ("shopee", "lazada", "whatsapp"):
        listed = _listed_skus(config, channel)
        assert set(listed) >= skus and all(listed[s] == 1 for s in skus), (channel, listed)
        assert f"{channel}: 6 of 6 SKUs listed" in onboarded.stdout
    assert "https://shopee.co.id/product/" in onboarded.stdout
    assert "https://www.lazada.co.id/products/" in onboarded.stdout
    assert "15 1 * * *" in onboarded.stdout and "sync -c coopsync.yaml" in onboarded.stdout


def test_rerun_after_a_failure_halfway_lists_nothing_twice(
    tmp_path: Path, run_cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    from coopsync_adapters.shopee.adapter import ShopeeAdapter

    config = _folder(tmp_path)
    run_cli("import", "-c", str(config), str(tmp_path / "produk.xlsx"))
    real_create = ShopeeAdapter.create_listing
    calls = {"n": 0}

    async def flaky_create(self: ShopeeAdapter, draft: ListingDraft) -> RemoteListing:
        calls["n"] += 1
        if calls["n"] == 1:  # the network drops after the adopted listings, at the first new one
            raise Transient("connection reset by peer", channel="shopee")
        return await real_create(self, draft)

    monkeypatch.setattr(ShopeeAdapter, "create_listing", flaky_create)
    first = run_cli("onboard", "-c", str(config))
    assert first.exit_code == 1, first.output
    assert "run `coopsync onboard` again" in first.stderr
    assert "connection reset" in first.stdout
    made = sum(_listed_skus(config, "shopee").values())
    assert 0 < made < 6 and calls["n"] >= 1

    monkeypatch.setattr(ShopeeAdapter, "create_listing", real_create)
    second = run_cli("onboard", "-c", str(config))
    assert second.exit_code == 0, second.output
    listed = _listed_skus(config, "shopee")
    assert {sku: listed[sku] for sku in load_config(config).catalog.skus()} == {
        sku: 1 for sku in load_config(config).catalog.skus()
    }
    third = run_cli("onboard", "-c", str(config))
    assert third.exit_code == 0
    assert _listed_skus(config, "shopee") == listed


def test_chat_orders_and_a_bazaar_sale_reach_the_next_sync(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    config = _folder(tmp_path)
    run_cli("import", "-c", str(config), str(tmp_path / "produk.xlsx"))
    assert run_cli("onboard", "-c", str(config)).exit_code == 0
    loaded = load_config(config)
    sku = next(s for s in loaded.catalog.skus() if s.startswith("KRP"))
    before = _shown(config, sku)
    chat = tmp_path / "chat.txt"
    # A chat export has minutes only: the order is dated a little after the onboarding's count
    # (an order older than the last count is in the report but not subtracted again).
    later = (utc_now() + timedelta(minutes=2)).astimezone(ZoneInfo("Asia/Jakarta"))
    stamp = later.strftime("%d/%m/%y %H.%M")
    chat.write_text(f"{stamp} - Ibu Sri: PESAN {sku} 3\n", encoding="utf-8")
    assert run_cli("sale", "import", "-c", str(config), str(chat)).exit_code == 0
    assert run_cli("sale", "add", "-c", str(config), sku, "2").exit_code == 0
    synced = run_cli("sync", "-c", str(config))
    assert synced.exit_code == 0, synced.output
    assert _shown(config, sku) <= before - 5
