"""What an order line sold for, one meaning on every platform (docs/orders.md). Pure.

Every figure is integer rupiah for a whole line (all its units):

- gross = quantity × list price (the price tag before any discount);
- omzet = gross − the seller's own discounts: what the shop sold for. Discounts the platform
  pays for (its vouchers, free-shipping subsidies) are not the shop's loss, so they stay in;
- net sales = the omzet of lines that were sold (paid, not cancelled, not returned), less the
  share of it given back in refunds without return: a refund of the whole amount the buyer paid
  takes the whole omzet back, a partial one takes back the same share of it.

Fees and payouts per order (commission, shipping subsidies, the money that reaches the shop's
bank) are a later step; they will sit beside these figures, never inside them.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from coopsync.adapters import OrderStatus

# Lines whose units were sold: paid, and neither cancelled nor returned.
SOLD = frozenset({OrderStatus.TO_SHIP, OrderStatus.SHIPPED, OrderStatus.COMPLETED})


class LineMoney(Protocol):
    """What `omzet` and `net_sales` read: an OrderLine or a stored SaleLine."""

    @property
    def status(self) -> OrderStatus: ...

    @property
    def quantity(self) -> int: ...

    @property
    def list_price(self) -> int: ...

    @property
    def seller_discount(self) -> int: ...

    @property
    def refunded(self) -> int: ...

    @property
    def buyer_paid(self) -> int: ...


def omzet(line: LineMoney) -> int:
    """What the shop sold the line for: list price × quantity − the seller's own discounts."""
    return line.quantity * line.list_price - line.seller_discount


def refund_share(amount: int, refunded: int, paid: int) -> int:
    """The part of `amount` a refund of `refunded` out of `paid` takes back (rounded half up)."""
    if refunded <= 0:
        return 0
    if paid <= 0 or refunded >= paid:
        return amount
    share = Decimal(amount) * Decimal(refunded) / Decimal(paid)
    return int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def net_sales(line: LineMoney) -> int:
    """The line's omzet if it was sold, less the share refunded; 0 if it was not sold."""
    if line.status not in SOLD:
        return 0
    sold_for = omzet(line)
    return sold_for - refund_share(sold_for, line.refunded, line.buyer_paid)
