"""Units placed at a corner (`stock move`) and the price list on demand (`export`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from shop_files import write_shop
from typer.testing import Result

from coopsync.config import load_config
from coopsync.engine.consignment import units_held
from coopsync.ledger import position
from coopsync.state.records import StockMove
from coopsync.state.sqlite import SqliteStore

T0 = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)


def _at(hours: int) -> datetime:
    return T0 + timedelta(hours=hours)


def test_corner_sales_come_out_of_the_units_placed_there() -> None:
    moves = [StockMove("pojok", "TAS", 4, _at(0)), StockMove("pojok", "TAS", -1, _at(5))]
    sales = {"pojok": [("TAS", 2, _at(2))], "whatsapp": [("TAS", 3, _at(3))]}
    assert units_held(moves, sales) == {"pojok": {"TAS": 1}}


def test_sales_before_the_first_move_or_beyond_the_units_held_do_not_count() -> None:
    moves = [StockMove("pojok", "TAS", 2, _at(1))]
    sales = {"pojok": [("TAS", 5, _at(0)), ("TAS", 3, _at(2))]}
    assert units_held(moves, sales) == {}
    assert units_held([*moves, StockMove("pojok", "TAS", 2, _at(3))], sales) == {
        "pojok": {"TAS": 2}
    }


def _available(store: SqliteStore) -> int:
    entry = store.ledger_inputs(["TAS-PDN-KWG"])["TAS-PDN-KWG"]
    return position(entry, False).available


def test_units_at_the_corner_are_not_offered_online_until_they_come_back(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    config = write_shop(tmp_path)
    assert run_cli("sync", "-c", str(config)).exit_code in (0, 1)
    loaded = load_config(config)
    state = loaded.state_dir / "state.sqlite"
    # The simulated buyers sold some during the sandbox's month of history: count the shelf.
    counted = run_cli("stock", "count", "-c", str(config), "TAS-PDN-KWG", "30", "--no-pull")
    assert counted.exit_code == 0, counted.output
    moved = run_cli("stock", "move", "-c", str(config), "TAS-PDN-KWG", "5", "--to", "bazaar")
    assert moved.exit_code == 0, moved.output
    run_cli("sale", "add", "-c", str(config), "TAS-PDN-KWG", "2", "--channel", "bazaar")
    assert run_cli("sync", "-c", str(config)).exit_code in (0, 1)
    with SqliteStore(state) as store:
        online = store.get_listing("shopee", "TAS-PDN-KWG")
        corner = store.get_listing("bazaar", "TAS-PDN-KWG")
        available = _available(store)
    assert online is not None and corner is not None
    assert corner.pushed_stock == 3  # 5 placed, 2 sold there
    # The simulated buyers may shop between runs: compare with the ledger, not a number.
    assert online.pushed_stock == available - 3

    back = run_cli("stock", "move", "-c", str(config), "TAS-PDN-KWG", "--back", "--from", "bazaar")
    assert back.exit_code == 0 and "3 back" in back.stdout
    assert run_cli("sync", "-c", str(config)).exit_code in (0, 1)
    with SqliteStore(state) as store:
        online = store.get_listing("shopee", "TAS-PDN-KWG")
        available = _available(store)
    assert online is not None and online.pushed_stock == available


def test_moving_more_than_is_free_is_refused(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    config = write_shop(tmp_path)
    result = run_cli("stock", "move", "-c", str(config), "TAS-PDN-KWG", "13", "--to", "bazaar")
    assert result.exit_code == 2 and "only 12" in result.stderr
    assert run_cli("stock", "move", "-c", str(config), "TAS-PDN-KWG", "1").exit_code == 2
    market = run_cli("stock", "move", "-c", str(config), "TAS-PDN-KWG", "1", "--to", "shopee")
    assert market.exit_code == 2


def test_export_prints_the_price_list_with_order_codes_before_any_sync(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    config = write_shop(tmp_path)
    message = run_cli("export", "whatsapp", "-c", str(config))
    assert message.exit_code == 0, message.output
    assert "*Tas Anyaman Pandan Motif Kawung*" in message.stdout
    assert "Rp95.000 · stok 12 · kode TAS-PDN-KWG" in message.stdout
    assert "• M: Rp285.000" in message.stdout and "balas: PESAN" in message.stdout
    out = tmp_path / "harga.csv"
    written = run_cli("export", "csv", "-c", str(config), "--channel", "bazaar", "-o", str(out))
    assert written.exit_code == 0
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "sku,kode_pesan,nama_produk,varian,harga,stok"
    assert "TAS-PDN-KWG,TAS-PDN-KWG,Tas Anyaman Pandan Motif Kawung,,95000,12" in lines
    market = run_cli("export", "csv", "-c", str(config), "--channel", "shopee")
    assert market.exit_code == 2
