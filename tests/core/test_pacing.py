"""The window limiter: never more calls in a platform's window than its limit, as the platform
counts them (when they arrive), whatever the network's jitter; and no slower than it must."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable

import pytest

from coopsync.pacing import WindowLimiter

Legs = Callable[[random.Random], tuple[float, float]]


async def _send(calls: int, rate: float, legs: Legs, seed: int = 22) -> tuple[list[float], float]:
    """`calls` calls through a limiter, each with its way out and way back drawn by `legs`;
    returns when each arrived at the platform, and when the last was sent. Each call is
    answered as soon as it is sent, at its answer's time (the limiter then knows every round
    trip earlier than it could on a real network: it is only bolder here)."""
    now = [0.0]
    rng = random.Random(seed)

    async def sleep(seconds: float) -> None:
        now[0] += seconds

    limiter = WindowLimiter(rate, monotonic=lambda: now[0], sleep=sleep)
    arrived: list[float] = []
    sent = 0.0
    for _ in range(calls):
        call = await limiter.acquire()
        sent = now[0]
        out, back = legs(rng)
        arrived.append(sent + out)
        now[0] = sent + out + back
        call.answered()
        now[0] = sent + 0.001  # the next call is ready a millisecond later
    return arrived, sent


def _busiest_window(arrived: list[float], window: float = 1.0) -> int:
    """Most calls the platform saw in any window (it counts those of the last second)."""
    times = sorted(arrived)
    return max(sum(1 for t in times if at - window < t <= at) for at in times)


@pytest.mark.parametrize(
    "legs",
    [
        pytest.param(lambda r: (r.uniform(0.025, 0.075), r.uniform(0.025, 0.075)), id="bench"),
        pytest.param(lambda r: (r.uniform(0.0, 0.3), 0.01), id="jitter-all-on-the-way-out"),
        pytest.param(lambda r: (0.01, r.uniform(0.0, 0.3)), id="jitter-all-on-the-way-back"),
        pytest.param(lambda r: (r.choice([0.02, 0.02, 0.9]), r.uniform(0.02, 0.04)), id="stalls"),
    ],
)
async def test_no_platform_window_holds_more_than_the_rate_whatever_the_jitter(
    legs: Legs,
) -> None:
    arrived, _ = await _send(400, 20.0, legs)
    assert _busiest_window(arrived) <= 20


async def test_a_fixed_window_would_let_the_same_jitter_through() -> None:
    """The check above can fail: pacing on the send times alone, 10% over the window, lets a
    jittery way out put 21 calls in one of the platform's windows."""
    rng = random.Random(22)
    sent = [i // 20 * 1.1 + (i % 20) * 0.001 for i in range(400)]
    arrived = [t + rng.uniform(0.0, 0.3) for t in sent]
    assert _busiest_window(arrived) > 20


async def test_pacing_stays_close_to_the_limit_on_a_steady_network() -> None:
    # 50-150 ms round trips: each call holds its place a window after its answer, less half
    # the fastest round trip: about 1.075 s, where a fixed 10% headroom held 1.1 s.
    _, last = await _send(400, 20.0, lambda r: (r.uniform(0.025, 0.075),) * 2)
    windows = 400 / 20 - 1
    assert windows * 1.05 < last < windows * 1.1


async def test_a_call_still_on_its_way_keeps_its_place() -> None:
    now = [0.0]

    async def sleep(seconds: float) -> None:
        now[0] += seconds

    limiter = WindowLimiter(1.0, monotonic=lambda: now[0], sleep=sleep)
    first = await limiter.acquire()
    second = asyncio.ensure_future(limiter.acquire())
    for _ in range(10):
        await asyncio.sleep(0)
    assert not second.done()  # the first call may reach the platform at any moment
    now[0] = 30.0  # its answer never comes: the connection times out after 30 s
    first.answered(round_trip=False)
    # It may have reached the platform just before the timeout: a whole window after it.
    assert (await second).sent == pytest.approx(31.0)


async def test_window_limiter_with_an_instant_sleep_does_not_spin() -> None:
    waits: list[float] = []

    async def instant(seconds: float) -> None:
        waits.append(seconds)

    limiter = WindowLimiter(50.0, monotonic=lambda: 100.0, sleep=instant)
    for _ in range(200):
        (await limiter.acquire()).answered()
    # 200 calls at 50 a second: three full windows waited out, each once.
    assert len(waits) == 3
    assert sum(waits) == pytest.approx(3 * 1.0)
