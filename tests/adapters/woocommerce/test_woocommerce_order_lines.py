"""Issue 26 on WooCommerce: line items keyed by id, refunds and restocks, trashed orders."""

from __future__ import annotations

from coopsync.adapters import OrderStatus
from coopsync.sandbox.marketplace import FakeLine
from coopsync_adapters.testing.books import Books
from coopsync_adapters.woocommerce.fake import WooCommerceFake

BOOKS = (lambda clock: WooCommerceFake(clock=clock), "Kopi", ("KOPI", 50_000, 30))


def fake(books: Books) -> WooCommerceFake:
    return books.fake(WooCommerceFake)


async def test_a_partial_refund_before_shipping_cancels_those_units(books: Books) -> None:
    # Defect 5: refunds[] was never read.
    books.count("KOPI", 10)
    order_id = fake(books).place_order([FakeLine("KOPI", 3)])
    item = fake(books).line_item_ids(order_id)["KOPI"]
    await books.pull()
    assert books.available("KOPI") == 7
    books.later()
    fake(books).refund(order_id, {item: 1})
    await books.pull()
    assert books.available("KOPI") == 8
    books.later()
    fake(books).set_order_status(order_id, OrderStatus.COMPLETED)
    await books.pull()
    assert books.available("KOPI") == 8
    assert books.net_sales() == 100_000


async def test_after_shipping_only_restocked_units_come_back(books: Books) -> None:
    books.count("KOPI", 10)
    order_id = fake(books).place_order([FakeLine("KOPI", 3)])
    item = fake(books).line_item_ids(order_id)["KOPI"]
    books.later()
    fake(books).set_order_status(order_id, OrderStatus.COMPLETED)
    await books.pull()
    assert books.available("KOPI") == 7
    books.count("KOPI", 7)
    books.later()
    fake(books).refund(order_id, {item: 1}, restock=True)  # came back to the shelf
    books.later()
    fake(books).refund(order_id, {item: 1})  # money only: the buyer kept it
    await books.pull()
    assert books.available("KOPI") == 8
    assert books.net_sales() == 50_000


async def test_a_trashed_order_releases_its_units(books: Books) -> None:
    # Defect 6: trashed orders never appear in the order list.
    books.count("KOPI", 10)
    order_id = fake(books).place_order([FakeLine("KOPI", 2)], status=OrderStatus.UNPAID)
    await books.pull()
    assert books.available("KOPI") == 8
    books.later()
    fake(books).trash(order_id)
    await books.pull()
    assert books.available("KOPI") == 10
    assert books.net_sales() == 0


async def test_an_order_deleted_for_good_is_looked_up_and_settled(books: Books) -> None:
    # Defect 6: an open order that disappears from the platform's lists is looked up by id.
    books.count("KOPI", 10)
    kept = fake(books).place_order([FakeLine("KOPI", 1)])
    gone = fake(books).place_order([FakeLine("KOPI", 2)])
    await books.pull()
    assert books.available("KOPI") == 7
    books.later()
    fake(books).delete(gone)
    await books.pull()
    assert books.available("KOPI") == 9
    assert {line.order_id: line.status for line in books.lines()} == {
        kept: OrderStatus.TO_SHIP,
        gone: OrderStatus.CANCELLED,
    }


async def test_a_coupon_is_the_shops_own_discount(books: Books) -> None:
    fake(books).place_order([FakeLine("KOPI", 2)], coupon_per_unit=5_000)
    await books.pull()
    (line,) = books.lines()
    assert (line.gross, line.seller_discount, line.omzet, line.buyer_paid) == (
        100_000,
        10_000,
        90_000,
        90_000,
    )


async def test_orders_belong_to_the_site_not_the_channel_name(books: Books) -> None:
    books.count("KOPI", 10)
    fake(books).place_order([FakeLine("KOPI", 2)])
    await books.pull()
    books.channel = "webshop"
    pulled = await books.pull()
    assert pulled is not None and pulled.imported.new_orders == 0
    assert books.available("KOPI") == 8
