"""Pacing calls to a platform's rate limit (the HTTP layer's limiters; docs/sync.md, "Pacing").

A platform's gateway counts a call when it *arrives*; coopsync only knows when it sent a call
and when the answer came back, and the network between takes a different time each way on
every call. `WindowLimiter` paces on what it can know for sure: a call arrived no earlier than
it was sent and no later than its answer came back, less the answer's own trip. So each call
holds one of the platform's N places in its window from the moment it is sent until one window
after its answer, less half the fastest round trip seen on this channel: at most what the
answer's way back and the next call's way out take together, unless every round trip seen so
far was more than twice as slow as the fastest the path allows. A slow or jittery network, or
a process busy elsewhere between sending and reading the answer, then only slows coopsync
down: it never puts N + 1 calls in a platform's window, whatever the jitter is. The price: the
platform's own time to answer counts as if it were the network's.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

Sleep = Callable[[float], Awaitable[None]]


class RateLimiter:
    """A token bucket: at most `rate` calls per second on average, bursts up to `burst`."""

    def __init__(
        self,
        rate: float | None,
        *,
        burst: float | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.rate = rate
        self.capacity = burst if burst is not None else max(1.0, rate or 1.0)
        self._tokens = self.capacity
        self._monotonic = monotonic
        self._sleep = sleep
        self._last = monotonic()
        self._lock = asyncio.Lock()

    async def acquire(self) -> None:
        if not self.rate:
            return
        async with self._lock:
            while True:
                now = self._monotonic()
                self._tokens = min(self.capacity, self._tokens + (now - self._last) * self.rate)
                self._last = now
                if self._tokens >= 1 - 1e-9:
                    self._tokens = max(0.0, self._tokens - 1)
                    return
                wait = (1 - self._tokens) / self.rate
                await self._sleep(wait)
                # Credit the wait itself, then restart the clock: an injected sleep that
                # returns at once (tests) must not leave this loop spinning.
                self._tokens = min(self.capacity, self._tokens + wait * self.rate)
                self._last = self._monotonic()


@dataclass
class Call:
    """One call's place in a window: when it was sent, and the latest it can have reached the
    platform (known once its answer is in)."""

    sent: float
    _limiter: WindowLimiter | None = None
    arrived_by: float | None = None  # None: still on its way

    def answered(self, *, round_trip: bool = True) -> None:
        """The answer (or the failure) is in. `round_trip=False`: no answer came back from the
        platform (a timeout, a lost connection): the call may have reached it just now."""
        limiter = self._limiter
        if self.arrived_by is not None or limiter is None:
            return
        now = limiter.now()
        if round_trip:
            limiter.saw_round_trip(now - self.sent)
        self.arrived_by = now - (limiter.way_back if round_trip else 0.0)
        limiter.changed.set()


class WindowLimiter:
    """At most `rate` calls a second the way a platform counts them: never more than N calls
    (N = rate, at least 1) in any window of N / rate seconds, at the platform's end of the
    network (see the module's text). Each call `acquire` returns must be `answered()`.

    A call may go when fewer than N calls sent before it can still be in the platform's
    window at the moment it arrives: those whose latest arrival is less than a window ago.
    (Then any window the platform counts holds at most N: the N - 1 or fewer such calls, and
    the call itself.)"""

    def __init__(
        self,
        rate: float | None,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.rate = rate
        self.size = max(1, int(rate)) if rate else 0
        self.window = self.size / rate if rate else 0.0
        self.fastest: float | None = None  # the fastest round trip seen, seconds
        self.changed = asyncio.Event()  # set when a call's answer is in
        self._calls: list[Call] = []
        self._monotonic = monotonic
        self._sleep = sleep
        self._credit = 0.0  # time waited with a sleep that returned at once (tests)
        self._lock = asyncio.Lock()

    def now(self) -> float:
        return self._monotonic() + self._credit

    def saw_round_trip(self, seconds: float) -> None:
        if seconds >= 0 and (self.fastest is None or seconds < self.fastest):
            self.fastest = seconds

    @property
    def way_back(self) -> float:
        """What an answer's way back and the next call's way out take at least, together:
        half the fastest round trip (see the module's text)."""
        return self.fastest / 2 if self.fastest is not None else 0.0

    async def acquire(self) -> Call:
        if not self.rate:
            return Call(self.now())
        async with self._lock:
            while True:
                since = self.now() - self.window
                self._calls = [
                    c for c in self._calls if c.arrived_by is None or c.arrived_by > since
                ]
                over = len(self._calls) - (self.size - 1)  # calls that must leave the window
                if over <= 0:
                    break
                known = sorted(c.arrived_by for c in self._calls if c.arrived_by is not None)
                if len(known) < over:
                    self.changed.clear()
                    await self.changed.wait()  # still on their way: wait for an answer
                    continue
                wait = known[over - 1] - since
                before = self._monotonic()
                await self._sleep(wait)
                # An injected sleep that returns at once must still count as waited.
                self._credit += max(0.0, wait - (self._monotonic() - before))
            call = Call(self.now(), self)
            self._calls.append(call)
            return call
