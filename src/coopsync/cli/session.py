"""Open what an engine command needs: the state store, the run lock and the channels.

Commands stay thin: they build RunOptions, call `run_engine`, and render the result.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, time
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from coopsync.adapters import Clock
from coopsync.config import LoadedConfig
from coopsync.engine.run import Progress, Run, RunOptions, RunResult
from coopsync.engine.targets import ChannelStockRules
from coopsync.errors import ConfigError
from coopsync.state.sqlite import SqliteStore
from coopsync.state.timestamps import utc_now

if TYPE_CHECKING:
    from coopsync.runtime import ChannelSet

STATE_FILE = "state.sqlite"


def state_path(loaded: LoadedConfig) -> Path:
    """The shop's SQLite state file."""
    return loaded.state_dir / STATE_FILE


def open_store(loaded: LoadedConfig, clock: Clock = utc_now) -> SqliteStore:
    """The shop's state store (created on first use)."""
    return SqliteStore(state_path(loaded), clock=clock)


def parse_since(text: str | None, timezone: str) -> datetime | None:
    """`--since 2026-10-01` (midnight in the shop's timezone) or a full ISO time, as UTC."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        error = ConfigError(
            f"--since {text!r} is not a date", hint="write it as YYYY-MM-DD, e.g. 2026-10-01"
        )
        error.code, error.params = "sync.since_not_a_date", {"got": text}
        raise error from None
    if moment.tzinfo is None:
        if len(text) <= 10:
            moment = datetime.combine(moment.date(), time())
        moment = moment.replace(tzinfo=ZoneInfo(timezone))
    return moment.astimezone(ZoneInfo("UTC"))


def bystanders(loaded: LoadedConfig, opened: Mapping[str, object]) -> list[ChannelStockRules]:
    """Enabled channels left out of this run, for sharing the last units fairly."""
    from coopsync.adapters import rules_for

    return [
        ChannelStockRules(name, settings.stock, rules_for(settings.platform), settings.preferred)
        for name, settings in loaded.enabled_channels().items()
        if name not in opened
    ]


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
    """Lock the shop, open its store and channels, and run the engine once.

    `on_opened` sees the open channels before the run (the benchmark counts requests there);
    `simulate_buyers=False` keeps sandbox buyers from shopping before this run.
    """
    from coopsync.runtime import open_channels
    from coopsync.state.lock import RunLock

    with (
        RunLock(loaded.state_dir, options.run_name, clock=clock),
        open_store(loaded, clock) as store,
    ):
        async with open_channels(
            loaded,
            store,
            clock,
            only=only,
            simulate_buyers=simulate_buyers and options.writes_state,
            persist=options.writes_state,
        ) as channels:
            if on_opened is not None:
                on_opened(channels)
            run = Run(
                loaded.catalog,
                store,
                channels.channels,
                channels.channel_settings,
                clock,
                restock_returns=loaded.config.restock_returns,
                requests_sent=channels.requests_sent,
                progress=progress or Progress(),
                bystanders=bystanders(loaded, opened=channels.channels),
            )
            return await run(options)
