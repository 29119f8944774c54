"""The engine's commands driven in-process (CliRunner) on a sandbox shop: exit codes and output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from e2e_shop import PNG_1PX
from typer.testing import CliRunner

from coopsync.cli.app import app
from coopsync.state.lock import RunLock

CONFIG = """\
shop: {name: Toko Uji Coba Difabel, timezone: Asia/Jakarta, language: en}
state_dir: .coopsync
channels:
  shopee:
    platform: shopee
    sandbox: true
    preferred: true
  lazada:
    platform: lazada
    sandbox: true
    stock: {buffer: 1}
products:
"""
PRODUCT = """\
  - title: Tas Anyaman Pandan Buatan Tangan {sku}
    description: Dianyam oleh pengrajin difabel dari daun pandan pilihan.
    sku: {sku}
    price: 25000
    stock: {stock}
    images: [tas.png]
    weight_g: 300
    dimensions: {{length_cm: 30, width_cm: 20, height_cm: 5}}
    channels:
      shopee: {{category_id: "100018"}}
      lazada: {{category_id: "10002019", attributes: {{brand: No Brand}}}}
"""


def write_shop(root: Path, stock: dict[str, int]) -> Path:
    (root / "tas.png").write_bytes(PNG_1PX)
    text = CONFIG + "".join(PRODUCT.format(sku=sku, stock=n) for sku, n in stock.items())
    path = root / "coopsync.yaml"
    path.write_text(text)
    return path


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    return write_shop(tmp_path, {"TAS-1": 10, "TAS-2": 5, "TAS-3": 4})


def cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def test_sync_prints_a_summary_and_exits_0(shop: Path) -> None:
    code, out = cli("-c", str(shop), "sync")
    assert code == 0, out
    assert "coopsync sync" in out and "shopee" in out and "lazada" in out
    code, out = cli("-c", str(shop), "status")
    assert code == 0 and "sync" in out and "ok" in out


def test_status_speaks_the_shops_language(shop: Path) -> None:
    code, out = cli("-c", str(shop), "--lang", "id", "status")
    assert code == 0 and "Belum pernah jalan" in out
    cli("-c", str(shop), "sync")
    code, out = cli("-c", str(shop), "--lang", "id", "status")
    assert code == 0
    assert "Proses terakhir" in out and "sehat" in out and "Last runs" not in out


def test_json_logs_give_a_machine_readable_summary(shop: Path) -> None:
    code, out = cli("-c", str(shop), "--log-format", "json", "sync")
    summary = json.loads(out.strip().splitlines()[-1])
    assert code == summary["exit_code"] == 0
    assert summary["channels"]["shopee"]["created"] + summary["channels"]["shopee"]["adopted"] > 0


def test_quiet_sync_prints_nothing_when_all_is_well(shop: Path) -> None:
    code, out = cli("-c", str(shop), "-q", "sync")
    assert (code, out.strip()) == (0, "")


def test_plan_as_json_and_dry_run_change_nothing(shop: Path) -> None:
    code, out = cli("-c", str(shop), "plan", "--format", "json")
    assert code == 0, out
    planned = json.loads(out)["channels"]
    assert {"shopee", "lazada"} <= set(planned)
    code, out = cli("-c", str(shop), "sync", "--dry-run")
    assert code == 0 and "dry run" in out
    code, out = cli("-c", str(shop), "--log-format", "json", "sync")
    assert json.loads(out.strip().splitlines()[-1])["exit_code"] == 0


def test_a_held_lock_exits_3(shop: Path) -> None:
    with RunLock(shop.parent / ".coopsync", "sync"):
        code, out = cli("-c", str(shop), "sync")
    assert code == 3, out


def test_emptied_counts_are_refused_without_force(tmp_path: Path) -> None:
    # Enough stock that the sandbox's month of simulated orders leaves some on every channel.
    config = write_shop(tmp_path, {"TAS-1": 500, "TAS-2": 500, "TAS-3": 500, "TAS-4": 500})
    assert cli("-c", str(config), "sync")[0] == 0
    write_shop(tmp_path, {"TAS-1": 0, "TAS-2": 0, "TAS-3": 0, "TAS-4": 0})
    code, out = cli("-c", str(config), "sync")
    assert code == 1 and "--force" in out
    code, out = cli("-c", str(config), "--lang", "id", "sync")
    assert code == 1 and "ditolak" in out and "--force" in out
    code, out = cli("-c", str(config), "sync", "--force")
    assert code == 0, out


def test_stock_count_adjust_and_show(shop: Path) -> None:
    assert cli("-c", str(shop), "sync")[0] == 0
    code, out = cli("-c", str(shop), "stock", "count", "TAS-1", "7")
    assert code == 0, out
    code, out = cli("-c", str(shop), "stock", "adjust", "TAS-1", "-2", "--reason", "rusak")
    assert code == 0 and "7 → 5" in out, out
    code, out = cli("-c", str(shop), "stock", "show", "TAS-1")
    assert code == 0 and "TAS-1" in out
    code, out = cli("-c", str(shop), "stock", "adjust", "TAS-1", "+1")
    assert code == 2 and "reason" in out
    code, out = cli("-c", str(shop), "stock", "count", "NOPE", "1")
    assert code == 2 and "NOPE" in out


def test_every_engine_command_has_help_and_an_example() -> None:
    for command in (["sync"], ["push"], ["pull"], ["plan"], ["status"], ["stock", "adjust"]):
        code, out = cli(*command, "--help")
        assert code == 0 and "Example:" in out, command
