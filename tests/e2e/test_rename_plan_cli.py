"""`coopsync plan` (and `export`) before the first sync after a SKU rename (`formerly:`) show
the stock the sync will carry over from the old SKU, not the catalog's starting stock."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from e2e_shop import PNG_1PX
from typer.testing import Result

SHOP = """\
shop: {name: Koperasi Uji Ganti Kode, timezone: Asia/Jakarta, language: en}
state_dir: .coopsync
channels:
  wa: {platform: manual}
products:
  - title: Tas Anyaman Pandan Motif Bunga Buatan Tangan
    images: [tas.png]
    sku: TAS-1
    price: 85000
    stock: 10
"""


def planned_stock(run_cli: Callable[..., Result], config: Path) -> list[tuple[str, int, int]]:
    """The stock writes `coopsync plan` shows for the WhatsApp channel: (sku, from, to)."""
    planned = run_cli("plan", "--format", "json", "-c", str(config))
    assert planned.exit_code == 0, planned.stdout + planned.stderr
    wa = json.loads(planned.stdout)["channels"]["wa"]
    return [(row["sku"], row["from"], row["to"]) for row in wa["stock"]]


def price_list_stock(run_cli: Callable[..., Result], config: Path) -> str:
    """The line of TAS-01 in the WhatsApp price list `coopsync export whatsapp` prints."""
    exported = run_cli("export", "whatsapp", "-c", str(config))
    assert exported.exit_code == 0, exported.stdout + exported.stderr
    [line] = [x for x in exported.stdout.splitlines() if "kode TAS-01" in x]
    return line


@pytest.mark.parametrize(
    ("catalog_stock", "after_sync"),
    [
        (10, 7),  # the stock line untouched: the 3 sold stay sold
        (12, 12),  # a new shelf count typed in with the rename: it counts from now
    ],
)
def test_plan_after_a_rename_shows_the_stock_carried_over(
    tmp_path: Path, run_cli: Callable[..., Result], catalog_stock: int, after_sync: int
) -> None:
    (tmp_path / "tas.png").write_bytes(PNG_1PX)
    config = tmp_path / "coopsync.yaml"
    config.write_text(SHOP)
    assert run_cli("-q", "sync", "-c", str(config)).exit_code == 0
    sold = run_cli("sale", "add", "TAS-1", "3", "-c", str(config))
    assert sold.exit_code == 0, sold.stdout + sold.stderr
    assert run_cli("-q", "sync", "-c", str(config)).exit_code == 0
    assert planned_stock(run_cli, config) == []  # the channel shows 7

    renamed = SHOP.replace("sku: TAS-1\n", "sku: TAS-01\n    formerly: [TAS-1]\n")
    config.write_text(renamed.replace("stock: 10", f"stock: {catalog_stock}"))
    expected = [] if after_sync == 7 else [("TAS-01", 7, after_sync)]
    assert planned_stock(run_cli, config) == expected
    assert f"stok {after_sync} · kode TAS-01" in price_list_stock(run_cli, config)

    synced = run_cli("sync", "-c", str(config))
    assert synced.exit_code == 0, synced.stdout + synced.stderr
    # What the plan showed is what the sync did: nothing more to write, the list says so.
    assert planned_stock(run_cli, config) == []
    price_list = (
        tmp_path / ".coopsync" / "manual" / "wa" / "daftar-harga-whatsapp.txt"
    ).read_text()
    assert f"stok {after_sync} · kode TAS-01" in price_list
