"""The network between coopsync and the sandbox fakes, as the benchmark sees it.

Every request waits a jittered round trip (50–150 ms by default, half each way) and is
counted against the platform's limit over a one-second window, as a platform's gateway
counts; a request over the limit is answered with the platform's own 429 (the fake's
`rate_limited_response`) and counted, so pacing mistakes show. The fake itself is not saved
after every write (the sandbox does that so a killed run leaves it as a real marketplace
would be; a real platform has no such cost): it is saved when the channels close.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import deque
from dataclasses import dataclass, field

import httpx

from coopsync import runtime
from coopsync.sandbox.shop import SandboxChannel

WINDOW = 1.0  # seconds over which a platform counts calls


@dataclass
class Conditions:
    """Latency range (seconds) and each platform's calls per second."""

    latency: tuple[float, float] = (0.05, 0.15)
    limits: dict[str, float] = field(default_factory=dict)
    refused: dict[str, int] = field(default_factory=dict)  # 429s per channel, this process
    seed: int = 22


class BenchTransport(httpx.AsyncBaseTransport):
    """A fake behind a jittered network and its platform's rate limit."""

    conditions = Conditions()

    def __init__(self, sandbox: SandboxChannel) -> None:
        self.sandbox = sandbox
        self.rng = random.Random(f"{self.conditions.seed}:{sandbox.name}")
        self.accepted: deque[float] = deque()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        low, high = self.conditions.latency
        trip = self.rng.uniform(low, high)
        await asyncio.sleep(trip / 2)
        limit = self.conditions.limits.get(self.sandbox.fake.platform)
        now = time.monotonic()
        while self.accepted and self.accepted[0] <= now - WINDOW:
            self.accepted.popleft()
        if limit is not None and len(self.accepted) >= limit:
            name = self.sandbox.name
            self.conditions.refused[name] = self.conditions.refused.get(name, 0) + 1
            response = self.sandbox.fake.rate_limited_response(request)
        else:
            self.accepted.append(now)
            response = await self.sandbox.fake.handle_async_request(request)
        await asyncio.sleep(trip / 2)
        return response


def install(conditions: Conditions) -> None:
    """Put the benchmark's network between every sandbox adapter and its fake."""
    BenchTransport.conditions = conditions
    runtime.DurableTransport = BenchTransport  # type: ignore[misc, assignment]
