"""What the engine commands need from the library (`coopsync.Shop`): the store and a run.

Commands stay thin: they build RunOptions, call `run_engine` (`Shop.arun`), render the result.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from coopsync.adapters import Clock
from coopsync.config import LoadedConfig
from coopsync.engine.run import Progress, RunOptions, RunResult
from coopsync.shop import STATE_FILE, Shop, bystanders, parse_since
from coopsync.state.timestamps import utc_now

if TYPE_CHECKING:
    from coopsync.runtime import ChannelSet
    from coopsync.state.choose import Store

__all__ = [
    "STATE_FILE",
    "bystanders",
    "open_store",
    "parse_since",
    "run_engine",
    "state_path",
]


def state_path(loaded: LoadedConfig) -> Path:
    """The shop's SQLite state file."""
    return Shop(loaded).state_path


def open_store(loaded: LoadedConfig, clock: Clock = utc_now) -> Store:
    """The shop's state store (created on first use)."""
    return Shop(loaded, clock=clock).open_store()


async def run_engine(
    loaded: LoadedConfig,
    options: RunOptions,
    *,
    only: list[str] | None = None,
    progress: Progress | None = None,
    clock: Clock = utc_now,
    on_opened: Callable[[ChannelSet], None] | None = None,
    simulate_buyers: bool = True,
) -> RunResult:
    """Run the engine once on the shop (`coopsync.Shop.arun`)."""
    return await Shop(loaded, clock=clock).arun(
        options,
        only=only,
        progress=progress,
        on_opened=on_opened,
        simulate_buyers=simulate_buyers,
    )
