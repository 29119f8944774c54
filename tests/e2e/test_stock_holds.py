"""What a channel holds on to itself: campaign reservations and other warehouses."""

from __future__ import annotations

from pathlib import Path

from e2e_shop import Shop, product
from rich.console import Console

from coopsync.cli.render import print_summary
from coopsync_adapters.lazada.fake import LazadaFake


async def test_a_campaign_reserve_above_the_target_is_pushed_as_the_floor_and_reported(
    tmp_path: Path,
) -> None:
    shop = Shop(tmp_path, [product("TAS-1", stock=10)])
    await shop.sync()
    lazada = shop.fakes["lazada"]
    assert isinstance(lazada, LazadaFake)
    lazada.lock_for_campaign("TAS-1", 8)
    shop.set_stock("TAS-1", 5)

    result = await shop.sync()

    assert result.summary.failures() == []
    assert shop.stock_everywhere("TAS-1") == {"shopee": 5, "lazada": 8}
    assert result.summary.channels["lazada"].campaign_locks == {"TAS-1": 8}
    assert result.summary.to_dict()["channels"]["lazada"]["campaign_locks"] == {"TAS-1": 8}
    journal = shop.store.dump()["journal"]
    locks = [row for row in journal if row["action"] == "campaign_lock"]
    assert [(r["channel"], r["sku"], r["detail"]) for r in locks] == [("lazada", "TAS-1", "8")]
    console = Console(record=True, width=200)
    print_summary(console, result.summary, "en")
    assert (
        "locked by a campaign on lazada: 8 units can still be sold there" in console.export_text()
    )

    again = await shop.sync()
    assert shop.writes_in_last_run("lazada") == [], "the floor is not pushed again and again"
    assert again.summary.channels["lazada"].campaign_locks == {"TAS-1": 8}


async def test_a_second_warehouse_is_shown_not_summed_and_left_alone(tmp_path: Path) -> None:
    shop = Shop(tmp_path, [product("TAS-1", stock=10)], {"lazada": {}})
    await shop.sync()
    lazada = shop.fakes["lazada"]
    assert isinstance(lazada, LazadaFake)
    lazada.add_warehouse("TAS-1", "gudang-jogja", 30)
    shop.set_stock("TAS-1", 6)

    result = await shop.sync()

    sku = lazada._sku_entry("TAS-1")[1]
    assert lazada.sellable_in(sku, "dropshipping") == 6
    assert lazada.sellable_in(sku, "gudang-jogja") == 30
    assert any("gudang-jogja holds 30 more units" in w for w in result.summary.warnings)
    again = await shop.sync()
    assert shop.writes_in_last_run("lazada") == []
    assert again.summary.failures() == []
