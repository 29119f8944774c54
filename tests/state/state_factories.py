"""Small factories for the state store tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from coopsync.adapters import Order, OrderLine, OrderStatus

T0 = datetime(2026, 11, 1, 1, 0, tzinfo=UTC)


class FakeClock:
    """A clock that tests move by hand."""

    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def hours(n: float) -> datetime:
    return T0 + timedelta(hours=n)


def make_order(
    order_id: str,
    status: OrderStatus,
    updated_hour: float,
    lines: dict[str, int] | None = None,
    *,
    created_hour: float = 0,
    unit_price: int = 25_000,
) -> Order:
    """An order whose lines (sku -> quantity) all share the order's status."""
    lines = lines if lines is not None else {"BTK-001": 1}
    order_lines = tuple(
        OrderLine(line_id=sku, sku=sku, quantity=qty, list_price=unit_price, status=status)
        for sku, qty in lines.items()
    )
    total = sum(qty for qty in lines.values()) * unit_price
    return Order(order_id, status, hours(created_hour), hours(updated_hour), order_lines, total)


TOKEN_KEY = "a-test-token-key-of-some-length"  # seals tokens of the PostgreSQL test stores
