"""Defect: one unreadable row in a manual channel's sales file blocked every good row."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

RunCli = Callable[..., Result]

CONFIG = """\
shop: {name: Toko Uji, language: en}
channels:
  wa: {platform: manual, sales_file: penjualan.csv}
products:
  - title: Tas Anyaman Pandan
    sku: TAS-1
    price: 25000
    stock: 10
"""

SALES = """\
date,sku,quantity,price
2026-11-20,TAS-1,2,25000
2026-11-21,TAS-1,dua,25000
2026-11-22,TAS-1,1,25000
"""


def _shop(tmp_path: Path) -> Path:
    (tmp_path / "penjualan.csv").write_text(SALES)
    config = tmp_path / "coopsync.yaml"
    config.write_text(CONFIG)
    return config


def _orders_imported(output: str) -> int:
    """The `orders` column of the channel's row in the sync summary."""
    row = next(line.split() for line in output.splitlines() if line.split()[:1] == ["wa"])
    return int(row[6])


def test_good_rows_count_and_the_bad_row_is_reported_every_run(
    tmp_path: Path, run_cli: RunCli
) -> None:
    config = _shop(tmp_path)
    first = run_cli("sync", "-c", str(config))
    assert first.exit_code == 1, first.output
    assert _orders_imported(first.output) == 2
    assert "penjualan.csv:3" in first.output and "dua" in first.output
    again = run_cli("sync", "-c", str(config))
    assert again.exit_code == 1 and "penjualan.csv:3" in again.output
    assert _orders_imported(again.output) == 0  # the good rows were not imported twice
    fixed = (tmp_path / "penjualan.csv").read_text().replace(",dua,", ",2,")
    (tmp_path / "penjualan.csv").write_text(fixed)
    last = run_cli("sync", "-c", str(config))
    assert last.exit_code == 0, last.output
    assert _orders_imported(last.output) == 1


def test_a_huge_quantity_or_price_in_a_sales_row_is_that_rows_problem(
    tmp_path: Path, run_cli: RunCli
) -> None:
    config = _shop(tmp_path)
    (tmp_path / "penjualan.csv").write_text(
        "date,sku,quantity,price\n"
        f"2026-11-20,TAS-1,{10**24},25000\n"
        f"2026-11-21,TAS-1,1,{10**24}\n"
        "2026-11-22,TAS-1,1,25000\n"
    )
    result = run_cli("sync", "-c", str(config))
    assert result.exit_code == 1, result.output
    assert "penjualan.csv:2" in result.output and "penjualan.csv:3" in result.output
    assert _orders_imported(result.output) == 1
