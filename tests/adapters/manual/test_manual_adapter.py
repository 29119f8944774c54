"""The manual channel: a price list to share, and sales recorded by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from coopsync.adapters import (
    AdapterContext,
    Capability,
    DraftVariant,
    ListingDraft,
    Order,
    OrderStatus,
    Outcome,
    PriceUpdate,
    RemoteListing,
    StockUpdate,
)
from coopsync.errors import AdapterError
from coopsync.platforms import create_adapter
from coopsync.sandbox.marketplace import MutableClock
from coopsync_adapters.manual.adapter import ManualAdapter
from coopsync_adapters.manual.pricelist import CSV_NAME, WHATSAPP_NAME, format_rupiah
from coopsync_adapters.manual.settings import ManualChannel
from coopsync_adapters.testing.memory import MemoryKV, MemoryTokenStore

HEADER = "date,sku,quantity,price,order_id,status\n"


class Shop:
    """A manual channel in a temporary folder, rebuilt like the next run would."""

    def __init__(self, root: Path, **settings: str) -> None:
        self.root = root
        self.clock = MutableClock(datetime(2026, 11, 23, 3, 0, tzinfo=UTC))
        self.memory = MemoryKV()
        self.settings = ManualChannel(platform="manual", **settings)
        self.adapter = self.rebuild()

    def rebuild(self) -> ManualAdapter:
        adapter = create_adapter(
            AdapterContext(
                channel="wa",
                settings=self.settings,
                tokens=MemoryTokenStore(),
                memory=self.memory,
                clock=self.clock,
                base_dir=self.root,
            )
        )
        assert isinstance(adapter, ManualAdapter)
        self.adapter = adapter
        return adapter

    def sales(self, text: str, name: str = "penjualan.csv") -> Path:
        path = self.root / name
        path.write_text(text, encoding="utf-8")
        return path

    async def pull(self, days: float = 40) -> list[Order]:
        until = self.clock()
        return [o async for o in self.adapter.orders(until - timedelta(days=days), until)]

    async def listed(self) -> list[RemoteListing]:
        return [listing async for listing in self.adapter.listings()]


def draft(product_id: str, title: str, *variants: tuple[str, int, int, str]) -> ListingDraft:
    return ListingDraft(
        product_id=product_id,
        title=title,
        description="",
        variants=tuple(
            DraftVariant(sku, price, stock, {"Ukuran": size} if size else {})
            for sku, price, stock, size in variants
        ),
    )


@pytest.fixture
def shop(tmp_path: Path) -> Shop:
    return Shop(tmp_path, sales_file="penjualan.csv", export_dir="ekspor")


# ---- price list ------------------------------------------------------------------------------
def test_rupiah_is_written_the_indonesian_way() -> None:
    assert format_rupiah(25_000) == "Rp25.000"
    assert format_rupiah(1_250_000) == "Rp1.250.000"
    assert format_rupiah(500) == "Rp500"


async def test_created_listing_is_written_to_the_price_list_and_whatsapp_text(shop: Shop) -> None:
    await shop.adapter.create_listing(
        draft("KRP", "Keripik Singkong Balado", ("KRP-250", 25_000, 12, ""))
    )
    await shop.adapter.create_listing(
        draft("BTK", "Kemeja Batik Tulis", ("BTK-M", 175_000, 3, "M"), ("BTK-L", 185_000, 0, "L"))
    )
    csv_text = (shop.root / "ekspor" / CSV_NAME).read_text(encoding="utf-8-sig")
    assert csv_text.splitlines() == [
        "sku,kode_pesan,nama_produk,varian,harga,stok",
        "KRP-250,KRP-250,Keripik Singkong Balado,,25000,12",
        "BTK-M,BTK-M,Kemeja Batik Tulis,M,175000,3",
        "BTK-L,BTK-L,Kemeja Batik Tulis,L,185000,0",
    ]
    message = (shop.root / "ekspor" / WHATSAPP_NAME).read_text(encoding="utf-8")
    assert message.startswith("*Daftar Harga* — Senin, 23 November 2026")
    assert "*Keripik Singkong Balado*\nRp25.000 · stok 12 · kode KRP-250" in message
    assert (
        "*Kemeja Batik Tulis*\n• M: Rp175.000 · stok 3 · kode BTK-M\n"
        "• L: Rp185.000 · habis · kode BTK-L"
    ) in message
    assert "balas: PESAN KRP-250 2" in message


async def test_pushed_stock_and_prices_are_ok_once_written(shop: Shop) -> None:
    created = await shop.adapter.create_listing(
        draft("KRP", "Keripik Singkong Balado", ("KRP-250", 25_000, 12, ""))
    )
    stock = await shop.adapter.push_stock(
        [StockUpdate("KRP-250", created.remote_id, "KRP-250", 4), StockUpdate("GONE", "x", "x", 1)]
    )
    assert [r.outcome for r in stock] == [Outcome.OK, Outcome.REJECTED]
    assert "GONE" in stock[1].message
    prices = await shop.adapter.push_prices(
        [PriceUpdate("KRP-250", created.remote_id, "KRP-250", 27_500)]
    )
    assert [r.outcome for r in prices] == [Outcome.OK]
    message = (shop.root / "ekspor" / WHATSAPP_NAME).read_text(encoding="utf-8")
    assert "Rp27.500 · stok 4 · kode KRP-250" in message


async def test_listings_show_what_was_last_exported_even_in_the_next_run(shop: Shop) -> None:
    created = await shop.adapter.create_listing(
        draft("TAS", "Tas Anyaman Pandan", ("TAS-01", 150_000, 6, ""))
    )
    await shop.adapter.push_stock([StockUpdate("TAS-01", created.remote_id, "TAS-01", 2)])
    shop.rebuild()
    listed = await shop.listed()
    assert [(s.sku, s.price, s.stock) for x in listed for s in x.skus] == [("TAS-01", 150_000, 2)]
    found = await shop.adapter.find_by_sku(["TAS-01", "NOPE"])
    assert set(found) == {"TAS-01"}


async def test_update_renames_and_keeps_the_shown_price_and_stock(shop: Shop) -> None:
    created = await shop.adapter.create_listing(
        draft("BTK", "Kemeja Batik", ("BTK-M", 175_000, 3, "M"))
    )
    updated = await shop.adapter.update_listing(
        created,
        draft("BTK", "Kemeja Batik Tulis", ("BTK-M", 999, 99, "M"), ("BTK-XL", 190_000, 2, "XL")),
    )
    assert updated.title == "Kemeja Batik Tulis"
    assert {s.sku: (s.price, s.stock) for s in updated.skus} == {
        "BTK-M": (175_000, 3),
        "BTK-XL": (190_000, 2),
    }


async def test_a_price_list_that_cannot_be_written_is_transient(tmp_path: Path) -> None:
    (tmp_path / "file-not-folder").write_text("")
    shop = Shop(tmp_path, export_dir="file-not-folder")
    with pytest.raises(AdapterError, match="could not write the price list"):
        await shop.adapter.create_listing(draft("X", "Sabun Sereh", ("SBN", 12_000, 5, "")))
    assert await shop.listed() == []


async def test_default_export_folder_is_inside_the_config_folder(tmp_path: Path) -> None:
    shop = Shop(tmp_path)
    await shop.adapter.create_listing(draft("X", "Sabun Sereh", ("SBN", 12_000, 5, "")))
    assert (tmp_path / ".coopsync" / "manual" / "wa" / CSV_NAME).exists()


def test_declares_what_it_can_do() -> None:
    caps = ManualAdapter.capabilities
    assert Capability.STOCK_PUSH in caps and Capability.PRICE_PUSH in caps
    assert Capability.ORDERS_PULL in caps and Capability.LISTINGS_PULL in caps
    assert Capability.IMAGE_UPLOAD not in caps


# ---- sales -----------------------------------------------------------------------------------
async def test_each_row_is_one_sale_with_a_stable_id(shop: Shop) -> None:
    shop.sales(
        HEADER + "2026-11-20,KRP-250,2,25000,,\n"
        "20/11/2026 19:30,TAS-01,1,Rp150.000,,selesai\n"
        '2026-11-21,KRP-250,1,"25,000",,\n'
    )
    orders = await shop.pull()
    assert len(orders) == 3
    first = orders[0]
    assert first.status is OrderStatus.COMPLETED
    assert first.created_at == datetime(2026, 11, 20, 5, 0, tzinfo=UTC)  # noon WIB
    assert [(x.sku, x.quantity, x.list_price) for x in first.lines] == [("KRP-250", 2, 25_000)]
    assert orders[1].created_at == datetime(2026, 11, 20, 12, 30, tzinfo=UTC)
    assert orders[1].total == 150_000
    shop.rebuild()
    again = [o.order_id for o in await shop.pull()]
    assert again == [o.order_id for o in orders]


async def test_two_identical_sales_are_two_orders(shop: Shop) -> None:
    shop.sales(HEADER + "2026-11-20,SBN-1,1,12000,,\n2026-11-20,SBN-1,1,12000,,\n")
    orders = await shop.pull()
    assert len({o.order_id for o in orders}) == 2


async def test_appending_rows_keeps_the_ids_of_earlier_ones(shop: Shop) -> None:
    shop.sales(HEADER + "2026-11-20,SBN-1,1,12000,,\n")
    before = {o.order_id for o in await shop.pull()}
    shop.sales(HEADER + "2026-11-20,SBN-1,1,12000,,\n2026-11-20,SBN-1,1,12000,,\n")
    after = {o.order_id for o in await shop.pull()}
    assert before < after and len(after) == 2


async def test_rows_with_an_order_id_are_one_order(shop: Shop) -> None:
    shop.sales(
        HEADER + "2026-11-22,KRP-250,2,25000,BZR-7,\n"
        "2026-11-22,TAS-01,1,150000,BZR-7,\n"
        "2026-11-22,KRP-250,1,25000,BZR-7,\n"
    )
    (order,) = await shop.pull()
    assert order.order_id == "BZR-7"
    assert [line.line_id for line in order.lines] == ["KRP-250", "TAS-01", "KRP-250#2"]
    assert order.total == 2 * 25_000 + 150_000 + 25_000


async def test_indonesian_headers_semicolons_and_statuses(shop: Shop) -> None:
    shop.sales(
        "\ufefftanggal;kode;jumlah;harga;no_pesanan;status\n"
        "22-11-2026;KOPI-200;1;60.000;WA-1;dikemas\n"
        "22-11-2026;KOPI-200;1;60.000;WA-2;batal\n"
        "22-11-2026;KOPI-200;1;60.000;WA-3;Belum Bayar\n"
    )
    statuses = {o.order_id: o.status for o in await shop.pull()}
    assert statuses == {
        "WA-1": OrderStatus.TO_SHIP,
        "WA-2": OrderStatus.CANCELLED,
        "WA-3": OrderStatus.UNPAID,
    }


async def test_a_row_written_late_is_still_pulled_by_the_next_run(shop: Shop) -> None:
    shop.sales(HEADER)
    assert await shop.pull(days=1) == []
    shop.clock.advance(timedelta(days=1))
    # The bazaar sale of a week ago is typed in today: the next incremental pull sees it,
    # dated when it was sold (the units left the shelf then, before any later recount).
    shop.sales(HEADER + "2026-11-15,TAS-01,1,150000,,\n")
    until = shop.clock()
    orders = [o async for o in shop.adapter.orders(until - timedelta(hours=25), until)]
    assert [o.lines[0].sku for o in orders] == ["TAS-01"]
    sold = datetime(2026, 11, 15, 5, 0, tzinfo=UTC)
    assert (orders[0].created_at, orders[0].updated_at) == (sold, sold)
    shop.clock.advance(timedelta(days=1))
    later = shop.clock()
    assert [o async for o in shop.adapter.orders(later - timedelta(hours=1), later)] == []


async def test_a_status_change_in_the_file_is_pulled_again(shop: Shop) -> None:
    shop.sales(HEADER + "2026-11-20,SBN-1,3,12000,,dikemas\n")
    (first,) = await shop.pull()
    shop.clock.advance(timedelta(hours=3))
    shop.sales(HEADER + "2026-11-20,SBN-1,3,12000,,batal\n")
    until = shop.clock()
    orders = [o async for o in shop.adapter.orders(until - timedelta(hours=1), until)]
    assert [(o.order_id, o.status) for o in orders] == [(first.order_id, OrderStatus.CANCELLED)]
    assert orders[0].updated_at > first.updated_at, "the change is newer than the sale"


async def test_bad_rows_name_the_file_and_line_and_good_rows_still_come(shop: Shop) -> None:
    shop.sales(
        HEADER + "2026-11-20,KRP-250,2,25000,,\n"
        "kemarin,KRP-250,1,25000,,\n"
        "2026-11-20,,1,25000,,\n"
        "2026-11-20,TAS-01,0,150000,,\n"
        "2026-11-20,TAS-01,1,murah,,\n"
        "2026-11-20,TAS-01,1,150000,,hilang\n"
    )
    pulled: list[Order] = []
    with pytest.raises(AdapterError) as caught:
        async for order in shop.adapter.orders(shop.clock() - timedelta(days=9), shop.clock()):
            pulled.append(order)
    assert [o.lines[0].sku for o in pulled] == ["KRP-250"]
    message = str(caught.value)
    assert "5 rows" in message
    for line in (3, 4, 5, 6, 7):
        assert f"penjualan.csv:{line}:" in message
    assert "'kemarin' is not a date" in message
    assert "'murah' is not a price" in message
    assert "'hilang' is not a status" in message
    assert caught.value.channel == "wa"


async def test_a_file_without_the_needed_columns_is_refused(shop: Shop) -> None:
    shop.sales("tanggal,barang\n2026-11-20,sabun\n")
    with pytest.raises(AdapterError, match=r"penjualan\.csv:1: .*missing: sku, quantity, price"):
        await shop.pull()


async def test_no_sales_file_yet_means_no_sales(tmp_path: Path) -> None:
    shop = Shop(tmp_path, sales_file="belum-ada.csv")
    assert await shop.pull() == []
    assert await Shop(tmp_path / "x").pull() == []


async def test_sales_can_be_kept_in_monthly_files(tmp_path: Path) -> None:
    shop = Shop(tmp_path, sales_file="penjualan/*.csv")
    (tmp_path / "penjualan").mkdir()
    shop.sales(HEADER + "2026-10-30,SBN-1,1,12000,,\n", "penjualan/2026-10.csv")
    shop.sales(HEADER + "2026-11-02,SBN-1,2,12000,,\n", "penjualan/2026-11.csv")
    orders = await shop.pull()
    assert sorted(o.lines[0].quantity for o in orders) == [1, 2]
