"""The batched-push helper every adapter uses: chunks, concurrency, one result per item."""

from __future__ import annotations

import asyncio
from collections.abc import Hashable, Sequence

import pytest

from coopsync.adapters import ItemResult, Outcome
from coopsync.batching import concurrency_for, push_in_batches
from coopsync.errors import AuthExpired, Rejected, Transient


class Shop:
    """A platform that takes a few SKUs a call and remembers every call and the most at once."""

    def __init__(self, fail: dict[str, Exception] | None = None) -> None:
        self.calls: list[tuple[Hashable, list[str]]] = []
        self.in_flight = 0
        self.most_in_flight = 0
        self.fail = fail or {}

    async def send(self, group: Hashable, chunk: Sequence[str]) -> list[ItemResult]:
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        await asyncio.sleep(0)
        self.in_flight -= 1
        self.calls.append((group, list(chunk)))
        for sku in chunk:
            if sku in self.fail:
                raise self.fail[sku]
        return [
            ItemResult(s, Outcome.REJECTED, "bad") if s.endswith("!") else ItemResult(s, Outcome.OK)
            for s in chunk
        ]


def skus(n: int, prefix: str = "S") -> list[str]:
    return [f"{prefix}{i}" for i in range(n)]


async def test_chunks_by_the_declared_size_within_each_group() -> None:
    shop = Shop()
    updates = skus(5, "A") + skus(3, "B")
    results = await push_in_batches(
        updates, shop.send, size=2, sku=str, group=lambda s: s[0], concurrency=3
    )
    assert [r.sku for r in results] == updates and all(r.ok for r in results)
    assert sorted((g, len(c)) for g, c in shop.calls) == [
        ("A", 1),
        ("A", 2),
        ("A", 2),
        ("B", 1),
        ("B", 2),
    ]


async def test_no_more_calls_at_once_than_allowed() -> None:
    shop = Shop()
    await push_in_batches(skus(40), shop.send, size=1, sku=str, concurrency=3)
    assert shop.most_in_flight == 3 and len(shop.calls) == 40


def test_concurrency_stays_within_the_rate_limit() -> None:
    assert concurrency_for(None, 4) == 4
    assert concurrency_for(2.5, 4) == 2
    assert concurrency_for(0.2, 4) == 1
    assert concurrency_for(50, 4) == 4


async def test_partial_failures_are_kept_apart() -> None:
    shop = Shop({"S2": Transient("busy"), "S5": Rejected("no such product")})
    updates = [*skus(8), "X!"]
    results = await push_in_batches(
        updates,
        shop.send,
        size=2,
        sku=str,
        refuse=lambda s: ItemResult(s, Outcome.REJECTED, "malformed") if s == "S7" else None,
    )
    by_sku = {r.sku: r for r in results}
    assert len(results) == len(updates)
    assert by_sku["S2"].outcome is by_sku["S3"].outcome is Outcome.TRANSIENT  # one call
    assert by_sku["S4"].outcome is by_sku["S5"].outcome is Outcome.REJECTED
    assert by_sku["S7"].message == "malformed" and all("S7" not in c for _, c in shop.calls)
    assert by_sku["X!"].outcome is Outcome.REJECTED
    assert all(by_sku[s].ok for s in ("S0", "S1", "S6"))


async def test_expired_credentials_stop_the_push_after_the_other_calls_finish() -> None:
    shop = Shop({"S0": AuthExpired("token expired"), "S1": RuntimeError("bug")})
    with pytest.raises(AuthExpired):
        await push_in_batches(skus(6), shop.send, size=1, sku=str, concurrency=2)
    assert len(shop.calls) == 6
