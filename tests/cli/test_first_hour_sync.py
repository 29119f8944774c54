"""What a sync says must be true: plan as push would see it, sales files, where files went."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

Run = Callable[..., Result]

SHOP = """shop:
  name: Koperasi Uji
  language: {language}
channels:
  wa: {{platform: manual, sandbox: true, sales_file: penjualan.csv}}
products:
  - {{title: Kain Batik Tulis, sku: K-1, price: 25000, stock: 5}}
  - {{title: Tas Pandan, sku: T-1, price: 95000, stock: 4}}
"""


def shop(folder: Path, sales: str, language: str = "en") -> Path:
    path = folder / "coopsync.yaml"
    path.write_text(SHOP.format(language=language), encoding="utf-8")
    (folder / "penjualan.csv").write_text(sales, encoding="utf-8")
    return path


def test_a_sale_of_an_unknown_sku_is_reported(run_cli: Run, tmp_path: Path) -> None:
    sales = "tanggal,sku,jumlah,harga\n2026-12-01,K-1,1,25000\n2026-12-01,NOPE,2,5000\n"
    result = run_cli("sync", "-c", str(shop(tmp_path, sales)))
    assert result.exit_code == 0, result.output
    assert "1 order line(s) sell SKUs the catalog does not have: NOPE" in result.stdout


def test_a_bad_row_leaves_the_other_rows_imported_as_it_says(run_cli: Run, tmp_path: Path) -> None:
    sales = "tanggal,sku,jumlah,harga\n2026-12-01,K-1,2,25000\n2026-12-01,T-1,dua,95000\n"
    path = shop(tmp_path, sales)
    result = run_cli("sync", "-c", str(path))
    assert result.exit_code == 1
    assert "the other rows were imported" in result.stdout
    from coopsync.cli.session import open_store
    from coopsync.config import load_config

    with open_store(load_config(path)) as store:
        tables = store.dump()
    sold = [(row["sku"], row["quantity"]) for row in tables["order_lines"]]
    assert sold == [("K-1", 2)]  # the good row is in, the bad one is not


def test_run_warnings_speak_bahasa_indonesia(run_cli: Run, tmp_path: Path) -> None:
    path = shop(tmp_path, "tanggal,sku,jumlah,harga\n2026-12-01,NOPE,1,5000\n", language="id")
    result = run_cli("sync", "-c", str(path))
    assert "menjual SKU yang tidak ada di katalog: NOPE" in result.stdout
    assert "catalog" not in result.stdout


def test_the_sync_says_where_the_price_list_was_written(run_cli: Run, tmp_path: Path) -> None:
    path = shop(tmp_path, "tanggal,sku,jumlah,harga\n")
    result = run_cli("sync", "-c", str(path))
    written = tmp_path / ".coopsync" / "manual" / "wa" / "daftar-harga-whatsapp.txt"
    assert written.is_file()
    assert f"price list written: {written}" in result.stdout.replace("\n", "")


def test_the_summary_says_when_new_counts_were_left_off(
    run_cli: Run, tmp_path: Path, example_config: Path
) -> None:
    config = tmp_path / "config.example.yaml"
    shutil.copy(example_config, config)
    result = run_cli("--lang", "en", "sync", "-c", str(config))
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "New counts from the catalog (23):" in text
    assert "… and 13 more (`coopsync stock show`)" in text


def test_plan_on_a_fresh_sandbox_counts_what_the_sync_then_does(
    tmp_path: Path, example_config: Path
) -> None:
    from coopsync.cli.session import run_engine
    from coopsync.config import load_config
    from coopsync.engine.run import RunOptions

    config = tmp_path / "config.example.yaml"
    shutil.copy(example_config, config)
    loaded = load_config(config)
    planned = asyncio.run(run_engine(loaded, RunOptions("plan"))).summary
    done = asyncio.run(run_engine(loaded, RunOptions("sync"))).summary
    for name, outcome in done.channels.items():
        plan_counts = planned.channels[name].planned
        assert (plan_counts["create"], plan_counts["adopt"]) == (
            outcome.created,
            outcome.adopted,
        ), name
    # One unit: SKUs. Every SKU of a marketplace is either created or adopted on a first sync.
    shopee = done.channels["shopee"]
    assert shopee.created + shopee.adopted == len(loaded.catalog.variants_for_channel("shopee"))


def test_a_missing_sales_file_on_a_live_channel_is_a_warning_without_v(
    run_cli: Run, tmp_path: Path
) -> None:
    path = shop(tmp_path, "")
    (tmp_path / "penjualan.csv").unlink()
    path.write_text(path.read_text("utf-8").replace("sandbox: true", "sandbox: false"), "utf-8")
    result = run_cli("sync", "-c", str(path))
    assert result.exit_code == 0, result.output
    assert "penjualan.csv does not exist (yet): no sales" in result.stderr
