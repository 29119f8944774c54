"""The engine's commands driven in-process (CliRunner) on a sandbox shop: exit codes and output."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


def _on_hand(config: Path, sku: str) -> int:
    from coopsync.config import load_config
    from coopsync.ledger import position
    from coopsync.state.sqlite import SqliteStore

    loaded = load_config(config)
    with SqliteStore(loaded.state_dir / "state.sqlite") as store:
        return position(store.ledger_inputs([sku])[sku], restock_returns=False).on_hand


def _on_sandbox(config: Path, channel: str, act: Callable[[Any], None]) -> None:
    """Let a buyer act on a sandbox marketplace between two commands."""
    from coopsync.config import load_config
    from coopsync.sandbox.shop import fake_class, open_sandbox, save_sandbox
    from coopsync.state.timestamps import utc_now

    loaded = load_config(config)
    platform = loaded.channels[channel].platform
    fake_type = fake_class(platform)
    assert fake_type is not None
    sandbox = open_sandbox(channel, platform, fake_type, loaded.state_dir, utc_now)
    act(sandbox.fake)
    save_sandbox(sandbox)


@pytest.mark.parametrize("pull_first", [True, False])
def test_a_count_after_an_unseen_shipment_counts_it_once(shop: Path, pull_first: bool) -> None:
    from coopsync.adapters import OrderStatus
    from coopsync.sandbox.marketplace import FakeLine

    assert cli("-c", str(shop), "sync")[0] == 0
    assert _on_hand(shop, "TAS-1") == 10
    order: list[str] = []

    def ship_two(fake: Any) -> None:
        order.append(fake.place_order([FakeLine("TAS-1", 2)]))
        fake.set_order_status(order[0], OrderStatus.SHIPPED)

    _on_sandbox(shop, "shopee", ship_two)
    # The parcel has left: the volunteer counts 8 on the shelf before any sync saw it.
    extra = [] if pull_first else ["--no-pull"]
    code, out = cli("-c", str(shop), "stock", "count", "TAS-1", "8", *extra)
    assert code == 0, out
    # The buyer confirms receipt later (platforms stamp whole seconds); the nightly sync then
    # sees the order completed.
    time.sleep(1.1)
    _on_sandbox(shop, "shopee", lambda f: f.set_order_status(order[0], OrderStatus.COMPLETED))
    assert cli("-c", str(shop), "sync")[0] == 0
    if pull_first:
        assert _on_hand(shop, "TAS-1") == 8
    else:
        # Offline, the shipment's time is only known as the completion time, after the count:
        # it is subtracted again (the safe side: never more than the shelf holds), and the
        # command said so.
        assert _on_hand(shop, "TAS-1") == 6


def test_plan_changes_no_marketplace_not_even_a_sandbox(shop: Path) -> None:
    sandbox = shop.parent / ".coopsync" / "sandbox"
    assert cli("-c", str(shop), "plan")[0] == 0
    assert not sandbox.exists(), "a plan made the sandbox marketplaces"
    assert cli("-c", str(shop), "sync")[0] == 0
    before = {p.name: p.read_bytes() for p in sandbox.iterdir()}
    assert cli("-c", str(shop), "plan")[0] == 0
    assert {p.name: p.read_bytes() for p in sandbox.iterdir()} == before


def test_stock_commands_speak_the_shops_language(shop: Path) -> None:
    assert cli("-c", str(shop), "sync")[0] == 0
    code, out = cli("-c", str(shop), "--lang", "id", "stock", "count", "TAS-2", "4")
    assert code == 0 and "tercatat 4 di rak" in out, out
    code, out = cli("-c", str(shop), "--lang", "id", "stock", "show", "TAS-2")
    assert code == 0 and "tersedia" in out and "available" not in out
    code, out = cli("-c", str(shop), "--lang", "id", "stock", "count", "NOPE", "1")
    assert code == 2 and "tidak ada SKU `NOPE`" in out
