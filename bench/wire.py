"""The network between coopsync and the sandbox fakes, as the benchmarks see it.

Every request waits a jittered round trip (50–150 ms by default, half each way) and is
counted against the platform's limit over a one-second window, as a platform's gateway
counts; a request over the limit is answered with the platform's own 429 (the fake's
`rate_limited_response`) and counted, so pacing mistakes show.

`Gate` is that network for one channel. `bench/fakeserver.py` puts it in front of each fake
it serves over local HTTP (`run.py`); `BenchTransport` puts it in front of an in-process
sandbox (`bench_fleet.py`), where the fake is not saved after every write (the sandbox does
that so a killed run leaves it as a real marketplace would be; a real platform has no such
cost): it is saved when the channels close.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import deque
from dataclasses import dataclass, field

import httpx

from coopsync import runtime
from coopsync.sandbox.marketplace import FakeMarketplace
from coopsync.sandbox.shop import SandboxChannel

WINDOW = 1.0  # seconds over which a platform counts calls


@dataclass
class Conditions:
    """Latency range (seconds) and each platform's calls per second."""

    latency: tuple[float, float] = (0.05, 0.15)
    limits: dict[str, float] = field(default_factory=dict)
    refused: dict[str, int] = field(default_factory=dict)  # 429s per channel, this process
    seed: int = 22


class Gate:
    """One channel's side of the network: seeded jitter and its platform's window limit."""

    def __init__(self, name: str, fake: FakeMarketplace, conditions: Conditions) -> None:
        self.name = name
        self.fake = fake
        self.conditions = conditions
        self.rng = random.Random(f"{conditions.seed}:{name}")
        self.accepted: deque[float] = deque()

    async def cross(self, request: httpx.Request) -> httpx.Response:
        low, high = self.conditions.latency
        trip = self.rng.uniform(low, high)
        await asyncio.sleep(trip / 2)
        limit = self.conditions.limits.get(self.fake.platform)
        now = time.monotonic()
        while self.accepted and self.accepted[0] <= now - WINDOW:
            self.accepted.popleft()
        if limit is not None and len(self.accepted) >= limit:
            refused = self.conditions.refused
            refused[self.name] = refused.get(self.name, 0) + 1
            response = self.fake.rate_limited_response(request)
        else:
            self.accepted.append(now)
            response = await self.fake.handle_async_request(request)
        await asyncio.sleep(trip / 2)
        return response


class BenchTransport(httpx.AsyncBaseTransport):
    """An in-process fake behind a jittered network and its platform's rate limit."""

    conditions = Conditions()

    def __init__(self, sandbox: SandboxChannel) -> None:
        self.sandbox = sandbox
        self.gate = Gate(sandbox.name, sandbox.fake, self.conditions)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self.gate.cross(request)


def install(conditions: Conditions) -> None:
    """Put the benchmark's network between every in-process sandbox adapter and its fake."""
    BenchTransport.conditions = conditions
    runtime.DurableTransport = BenchTransport  # type: ignore[misc, assignment]
