"""Issue 26 on Lazada: one order item per unit, each with its own status and money."""

from __future__ import annotations

from datetime import timedelta

from coopsync.adapters import OrderStatus
from coopsync.sandbox.marketplace import FakeLine
from coopsync_adapters.lazada.fake import LazadaFake
from coopsync_adapters.testing.books import Books

BOOKS = (lambda clock: LazadaFake(clock=clock), "Batik Cap", ("BTK-1", 50_000, 20))


def fake(books: Books) -> LazadaFake:
    return books.fake(LazadaFake)


async def test_units_shipping_one_by_one_are_sold_once(books: Books) -> None:
    # Defect 1: the regrouped units got new line ids; the old row stayed or sold twice.
    books.count("BTK-1", 10)
    order_id = fake(books).place_order([FakeLine("BTK-1", 2)])
    first, second = fake(books).item_ids(order_id)
    await books.pull()
    assert books.available("BTK-1") == 8
    fake(books).set_item_status(order_id, [first], "shipped")
    await books.pull()
    assert books.stock("BTK-1").reserved == 1 and books.available("BTK-1") == 8
    books.count("BTK-1", 9)  # the first parcel has left
    books.h.clock.advance(timedelta(hours=1))
    fake(books).set_item_status(order_id, [second], "shipped")
    await books.pull()
    assert books.stock("BTK-1").reserved == 0 and books.available("BTK-1") == 8
    assert books.net_sales() == 100_000


async def test_a_partial_return_after_a_count_leaves_the_kept_units_alone(books: Books) -> None:
    # Defect 2: the kept units became a new line stamped at the time of the return.
    order_id = fake(books).place_order([FakeLine("BTK-1", 3)])
    first, _, _ = fake(books).item_ids(order_id)
    await books.pull()
    fake(books).set_order_status(order_id, OrderStatus.SHIPPED)
    await books.pull()
    books.count("BTK-1", 7)  # the shelf after the parcel left
    books.h.clock.advance(timedelta(hours=1))
    fake(books).set_item_status(order_id, [first], "returned")
    await books.pull()
    assert books.available("BTK-1") == 8
    assert books.net_sales() == 100_000


async def test_a_lost_unit_never_comes_back_and_is_not_a_sale(books: Books) -> None:
    books.count("BTK-1", 10)
    order_id = fake(books).place_order([FakeLine("BTK-1", 2)])
    first, second = fake(books).item_ids(order_id)
    await books.pull()
    fake(books).set_order_status(order_id, OrderStatus.SHIPPED)
    await books.pull()
    fake(books).set_item_status(order_id, [first], "lost_by_3pl")
    fake(books).set_item_status(order_id, [second], "delivered")
    await books.pull()
    assert books.available("BTK-1") == 8
    assert books.net_sales() == 50_000


async def test_seller_vouchers_lower_the_omzet_and_platform_vouchers_do_not(
    books: Books,
) -> None:
    fake(books).place_order([FakeLine("BTK-1", 2)], seller_voucher=5_000, platform_voucher=10_000)
    await books.pull()
    (a, b) = books.lines()
    assert (a.buyer_paid + b.buyer_paid, books.omzet()) == (70_000, 90_000)


async def test_orders_are_the_sellers_not_the_channel_names(books: Books) -> None:
    # Defect 9: a renamed channel imported every order again.
    books.count("BTK-1", 20)
    fake(books).place_order([FakeLine("BTK-1", 2)])
    await books.pull()
    books.channel = "lazada-baru"
    pulled = await books.pull()
    assert pulled is not None and pulled.imported.new_orders == 0
    assert {line.channel for line in books.lines()} == {"lazada-baru"}
    assert books.available("BTK-1") == 18
