"""Where coopsync's memory goes during a bench run (`run.py --trace-memory`).

tracemalloc traces this process; a watcher takes a snapshot whenever the traced memory grows
past the last snapshot by a tenth, so the biggest snapshot is taken near the peak. At the end
the biggest snapshot's top allocation sites are printed (slow: tracing costs 2-3x the CPU).
"""

from __future__ import annotations

import asyncio
import tracemalloc
from contextlib import suppress

FRAMES = 6


class Watcher:
    def __init__(self) -> None:
        self.best: tracemalloc.Snapshot | None = None
        self.best_size = 0
        self.label = ""
        self.task: asyncio.Task[None] | None = None
        self.stage = "start"

    def start(self) -> None:
        tracemalloc.start(FRAMES)
        self.task = asyncio.get_running_loop().create_task(self._watch())

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(0.5)
            self.check()

    def check(self) -> None:
        current, _ = tracemalloc.get_traced_memory()
        if current > self.best_size * 1.1:
            self.best = tracemalloc.take_snapshot()
            self.best_size, self.label = current, self.stage

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            with suppress(asyncio.CancelledError):
                await self.task

    def report(self, top: int = 30) -> None:
        _, peak = tracemalloc.get_traced_memory()
        print(
            f"\ntraced Python memory: peak {peak / 2**20:.1f} MB; biggest snapshot "
            f"{self.best_size / 2**20:.1f} MB during {self.label}"
        )
        if self.best is None:
            return
        skip = [tracemalloc.Filter(False, tracemalloc.__file__)]
        snapshot = self.best.filter_traces(skip)
        print("by line:")
        for stat in snapshot.statistics("lineno")[:top]:
            frame = stat.traceback[0]
            print(f"  {stat.size / 2**20:7.2f} MB {stat.count:8d}  {frame.filename}:{frame.lineno}")
        print("by call path (grouped by the innermost coopsync frames):")
        for stat in snapshot.statistics("traceback")[:12]:
            print(f"  {stat.size / 2**20:7.2f} MB")
            for line in stat.traceback.format()[-2 * FRAMES :]:
                print(f"      {line}")
