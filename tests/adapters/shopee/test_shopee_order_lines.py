"""Issue 26 on Shopee: bundle deals priced from the escrow, lost parcels, the shop id."""

from __future__ import annotations

from datetime import timedelta

from coopsync.adapters import OrderStatus
from coopsync.sandbox.marketplace import FakeLine
from coopsync_adapters.shopee.fake import ShopeeFake
from coopsync_adapters.testing.books import Books

BOOKS = (lambda clock: ShopeeFake(clock=clock), "Keripik", ("KRP", 50_000, 30))


def fake(books: Books) -> ShopeeFake:
    return books.fake(ShopeeFake)


async def test_a_bundle_deal_is_recorded_at_the_bundle_price(books: Books) -> None:
    # Defect 7: model_discounted_price is 0 for bundle items; the full price was recorded.
    fake(books).place_order([FakeLine("KRP", 2)], bundle_total=90_000)
    await books.pull()
    (line,) = books.lines()
    assert (line.gross, line.omzet, line.buyer_paid) == (100_000, 90_000, 90_000)
    assert books.net_sales() == 90_000


async def test_a_lost_parcel_does_not_go_back_on_sale(books: Books) -> None:
    # Defect 4: LOGISTICS_LOST was never read; the cancelled parcel was restocked.
    books.count("KRP", 10)
    order_id = fake(books).place_order([FakeLine("KRP", 2)])
    await books.pull()
    books.h.clock.advance(timedelta(hours=1))
    fake(books).set_order_status(order_id, OrderStatus.SHIPPED)
    books.h.clock.advance(timedelta(hours=1))
    fake(books).lose_parcel(order_id)  # shipped and lost between two pulls
    await books.pull()
    assert books.available("KRP") == 8
    assert [line.status for line in books.lines()] == [OrderStatus.LOST]
    assert books.net_sales() == 0


async def test_orders_belong_to_the_shop_id_not_the_channel_name(books: Books) -> None:
    books.count("KRP", 10)
    fake(books).place_order([FakeLine("KRP", 2)])
    await books.pull()
    books.channel = "shopee-koperasi"
    pulled = await books.pull()
    assert pulled is not None and pulled.imported.new_orders == 0
    assert books.available("KRP") == 8
