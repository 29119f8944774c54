"""Issue 26 on TikTok Shop: one line item per unit; returns and refunds from their own API."""

from __future__ import annotations

from coopsync.adapters import OrderStatus
from coopsync.sandbox.marketplace import FakeLine
from coopsync_adapters.testing.books import Books
from coopsync_adapters.tiktok.fake import TikTokFake

BOOKS = (lambda clock: TikTokFake(clock=clock), "Kopi Gayo", ("KOPI", 50_000, 30))


def fake(books: Books) -> TikTokFake:
    return books.fake(TikTokFake)


async def test_partial_shipping_sells_each_unit_once(books: Books) -> None:
    # Defect 1: PARTIALLY_SHIPPING regrouped units under "<sku>#<status>" ids.
    books.count("KOPI", 10)
    order_id = fake(books).place_order([FakeLine("KOPI", 2)])
    first, second = fake(books).line_ids(order_id)
    await books.pull()
    books.later()
    fake(books).set_line_status(order_id, [first], "IN_TRANSIT")
    await books.pull()
    assert books.stock("KOPI").reserved == 1 and books.available("KOPI") == 8
    books.count("KOPI", 9)
    books.later()
    fake(books).set_line_status(order_id, [second], "IN_TRANSIT")
    await books.pull()
    assert books.stock("KOPI").reserved == 0 and books.available("KOPI") == 8
    assert books.net_sales() == 100_000


async def test_a_partial_return_after_a_count_leaves_the_kept_units_alone(books: Books) -> None:
    # Defect 2: the kept units were stamped as shipped at the time of the return.
    order_id = fake(books).place_order([FakeLine("KOPI", 3)])
    first = fake(books).line_ids(order_id)[0]
    await books.pull()
    books.later()
    fake(books).set_order_status(order_id, OrderStatus.SHIPPED)
    await books.pull()
    books.count("KOPI", 7)
    books.later()
    fake(books).record_return(order_id, [first])
    await books.pull()
    assert books.available("KOPI") == 8
    assert books.net_sales() == 100_000


async def test_a_second_return_does_not_undo_the_first(books: Books) -> None:
    # Defect 3: a window's return search only knew that window's returns.
    books.count("KOPI", 10)
    order_id = fake(books).place_order([FakeLine("KOPI", 2)])
    first, second = fake(books).line_ids(order_id)
    await books.pull()
    books.later()
    fake(books).set_order_status(order_id, OrderStatus.COMPLETED)
    await books.pull()
    books.later()
    fake(books).record_return(order_id, [first])
    await books.pull()
    assert books.available("KOPI") == 9
    await books.pull(minutes=60)  # a quiet run: the first return leaves the pull window
    books.later(24)
    fake(books).record_return(order_id, [second])
    await books.pull()
    assert books.available("KOPI") == 10
    assert books.net_sales() == 0


async def test_a_parcel_cancelled_after_shipping_does_not_go_back_on_sale(books: Books) -> None:
    # Defect 4: a package cancelled in transit (lost) was restocked as a return.
    books.count("KOPI", 10)
    order_id = fake(books).place_order([FakeLine("KOPI", 2)])
    await books.pull()
    books.later()
    fake(books).set_order_status(order_id, OrderStatus.SHIPPED)
    books.later()
    fake(books).set_order_status(order_id, OrderStatus.LOST)  # both steps between two pulls
    await books.pull()
    assert books.available("KOPI") == 8
    assert {line.status for line in books.lines()} == {OrderStatus.LOST}
    assert books.net_sales() == 0


async def test_a_refund_without_return_keeps_stock_and_takes_the_money_back(
    books: Books,
) -> None:
    # Defect 8: a REFUND left a full-price sale.
    books.count("KOPI", 10)
    order_id = fake(books).place_order([FakeLine("KOPI", 2)])
    first = fake(books).line_ids(order_id)[0]
    await books.pull()
    books.later()
    fake(books).set_order_status(order_id, OrderStatus.COMPLETED)
    await books.pull()
    books.later()
    fake(books).record_return(order_id, [first], return_type="REFUND")
    await books.pull()
    assert books.available("KOPI") == 8
    assert books.net_sales() == 50_000


async def test_discounts_by_who_pays_them(books: Books) -> None:
    fake(books).place_order([FakeLine("KOPI", 2)], seller_discount=5_000, platform_discount=8_000)
    await books.pull()
    assert books.omzet() == 90_000
    assert sum(line.buyer_paid for line in books.lines()) == 74_000


async def test_one_shop_under_two_channel_names_is_imported_once(books: Books) -> None:
    # Defect 9: the channel's YAML name keyed the orders.
    books.count("KOPI", 10)
    fake(books).place_order([FakeLine("KOPI", 2)])
    await books.pull()
    books.channel = "tokopedia"
    pulled = await books.pull()
    assert pulled is not None and pulled.imported.new_orders == 0
    assert books.available("KOPI") == 8
