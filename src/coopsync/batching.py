"""One way for every adapter to push stock or prices in batches.

`push_in_batches` groups the updates the way a platform's endpoint takes them (one item's
models, one product's SKUs, one endpoint), cuts each group into calls of the batch size the
platform declares, sends a few calls at once within the channel's rate limit, and gives back one
`ItemResult` per update, in order. An update the adapter refuses before sending (a malformed id,
a value out of range) keeps its own result and is never sent; a call that fails as a whole marks
only its own updates; a failure that is not about items (expired credentials, a broken answer)
is raised once every call in flight has finished.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Awaitable, Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from coopsync.adapters import ItemResult, Outcome
from coopsync.errors import AdapterError, AuthExpired, Fatal, Rejected, Transient

U = TypeVar("U")

# What a call answers: one result per update it was given, in order.
Send = Callable[[Hashable, Sequence[U]], Awaitable[Sequence[ItemResult]]]


@dataclass(frozen=True)
class Call(Generic[U]):
    """One call of a push: the group it belongs to and the updates it carries."""

    group: Hashable
    indexes: tuple[int, ...]
    updates: tuple[U, ...]


def concurrency_for(rate_limit: float | None, most: int) -> int:
    """Calls in flight at once: at most `most`, and no more than the channel's calls a second."""
    if rate_limit is None:
        return max(1, most)
    return max(1, min(most, math.floor(rate_limit)))


def plan_calls(
    updates: Sequence[U],
    size: int,
    group: Callable[[U], Hashable] | None = None,
    skip: Sequence[int] = (),
) -> list[Call[U]]:
    """The calls that carry `updates`: grouped, then at most `size` updates a call."""
    if size < 1:
        raise ValueError(f"a batch holds at least one update, not {size}")
    skipped = set(skip)
    groups: dict[Hashable, list[int]] = {}
    for index, update in enumerate(updates):
        if index not in skipped:
            groups.setdefault(group(update) if group else None, []).append(index)
    return [
        Call(key, tuple(members[i : i + size]), tuple(updates[j] for j in members[i : i + size]))
        for key, members in groups.items()
        for i in range(0, len(members), size)
    ]


async def push_in_batches(
    updates: Sequence[U],
    send: Send[U],
    *,
    size: int,
    sku: Callable[[U], str],
    concurrency: int = 1,
    group: Callable[[U], Hashable] | None = None,
    refuse: Callable[[U], ItemResult | None] | None = None,
) -> list[ItemResult]:
    """Send `updates` in calls of at most `size`, a few at a time; one result per update.

    `send(group, updates)` makes one call and answers one result per update. It may raise
    `Transient` (its updates are tried again by a later run) or `Rejected` (its updates are
    refused); `AuthExpired`, `Fatal` and anything unexpected stop the push, once the other calls
    have finished (credentials first). `refuse(update)` returns a result for an update that must
    not be sent at all.
    """
    results: list[ItemResult | None] = [None] * len(updates)
    refused = []
    for index, update in enumerate(updates):
        verdict = refuse(update) if refuse else None
        if verdict is not None:
            results[index] = verdict
            refused.append(index)
    calls = plan_calls(updates, size, group, refused)
    semaphore = asyncio.Semaphore(max(1, concurrency))

    async def run(call: Call[U]) -> Sequence[ItemResult]:
        async with semaphore:
            return await send(call.group, call.updates)

    answers = await asyncio.gather(*(run(c) for c in calls), return_exceptions=True)
    stops: list[BaseException] = []
    for call, answer in zip(calls, answers, strict=True):
        if isinstance(answer, AuthExpired | Fatal) or (
            isinstance(answer, BaseException) and not isinstance(answer, AdapterError)
        ):
            stops.append(answer)
            continue
        for position, index in enumerate(call.indexes):
            results[index] = _result(answer, position, sku(updates[index]))
    if stops:
        raise next((s for s in stops if isinstance(s, AuthExpired)), stops[0])
    return [r if r is not None else ItemResult("", Outcome.TRANSIENT, "not sent") for r in results]


def _result(answer: Sequence[ItemResult] | BaseException, position: int, sku: str) -> ItemResult:
    if isinstance(answer, Transient):
        return ItemResult(sku, Outcome.TRANSIENT, answer.message)
    if isinstance(answer, Rejected | AdapterError):
        return ItemResult(sku, Outcome.REJECTED, answer.message)
    if isinstance(answer, BaseException):  # pragma: no cover - sorted out by the caller
        raise answer
    if position < len(answer):
        return answer[position]
    return ItemResult(sku, Outcome.TRANSIENT, "the platform's answer did not mention it")
