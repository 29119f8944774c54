"""Wire an adapter to its fake with a movable clock, instant sleeps and in-memory stores."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from coopsync.adapters import Adapter, AdapterContext, Clock
from coopsync.channel_config import ChannelBase
from coopsync.platforms import create_adapter
from coopsync.sandbox.marketplace import FakeMarketplace, MutableClock
from coopsync_adapters.testing.memory import MemoryKV, MemoryTokenStore


@dataclass
class Sleeps:
    """An instant awaitable sleep that remembers its waits and moves the clock by them."""

    clock: MutableClock | None = None
    waits: list[float] = field(default_factory=list)

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        if self.clock is not None:
            self.clock.advance(timedelta(seconds=seconds))


def memory_context(
    channel: str, settings: ChannelBase, clock: Clock, **more: Any
) -> AdapterContext:
    """The context of an adapter under test, its tokens and memory kept in memory (`more`:
    the context's other fields: sleep, transport, base_dir)."""
    return AdapterContext(
        channel=channel,
        settings=settings,
        tokens=MemoryTokenStore(),
        memory=MemoryKV(),
        clock=clock,
        **more,
    )


@dataclass
class Harness:
    """An adapter talking to its fake, and everything a test needs to look at."""

    adapter: Adapter
    fake: FakeMarketplace
    clock: MutableClock
    tokens: MemoryTokenStore
    memory: MemoryKV
    sleeps: Sleeps
    settings: ChannelBase
    channel: str = "test"
    base_dir: Path = field(default_factory=Path.cwd)

    def rebuild(self, **overrides: Any) -> Adapter:
        """A new adapter on the same fake and stores (a second run)."""
        settings = self.fake.settings(**overrides) if overrides else self.settings
        self.adapter = create_adapter(
            AdapterContext(
                channel=self.channel,
                settings=settings,
                tokens=self.tokens,
                memory=self.memory,
                clock=self.clock,
                transport=self.fake,
                sleep=self.sleeps,
                base_dir=self.base_dir,
            )
        )
        return self.adapter


def make_harness(
    make_fake: Callable[[MutableClock], FakeMarketplace],
    *,
    base_dir: Path | None = None,
    **overrides: Any,
) -> Harness:
    """Build a fake on a fresh clock and the real adapter for its platform, talking to it."""
    clock = MutableClock()
    fake = make_fake(clock)
    settings = fake.settings(**overrides)
    tokens = MemoryTokenStore()
    memory = MemoryKV()
    sleeps = Sleeps(clock)
    adapter = create_adapter(
        AdapterContext(
            channel="test",
            settings=settings,
            tokens=tokens,
            memory=memory,
            clock=clock,
            transport=fake,
            sleep=sleeps,
            base_dir=base_dir or Path.cwd(),
        )
    )
    return Harness(
        adapter, fake, clock, tokens, memory, sleeps, settings, base_dir=base_dir or Path.cwd()
    )
