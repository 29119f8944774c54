"""`coopsync.Shop`: one shop as a library, for a notebook, a test or the fleet runner.

    shop = Shop.open("coopsync.yaml")      # ConfigInvalid (every located problem) if it is bad
    problems = shop.validate()             # warnings and listing-rule problems, as `validate`
    plan = shop.plan()                     # what a sync would change (the model `plan` renders)
    result = shop.sync()                   # RunResult: `result.summary` is what `sync` shows
    report = shop.report(period="30d")     # ShopReport, the model `report` renders

The CLI is a thin layer over these: it parses options, calls the shop and renders the models.
Each method has an `a...` twin for callers already inside an event loop.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, time
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from coopsync.adapters import Clock
from coopsync.catalog_rules import listing_rule_problems
from coopsync.config import LoadedConfig, load_config
from coopsync.engine.run import Progress, Run, RunOptions, RunResult
from coopsync.engine.targets import ChannelStockRules
from coopsync.errors import ConfigError
from coopsync.platforms import rules_for
from coopsync.state.timestamps import utc_now

if TYPE_CHECKING:
    from coopsync.engine.actions import Plan
    from coopsync.loading.problems import Problem
    from coopsync.report.model import ShopReport
    from coopsync.runtime import ChannelSet
    from coopsync.state.choose import Store

STATE_FILE = "state.sqlite"


class Shop:
    """A shop opened from its config file: validate, plan, sync and report."""

    def __init__(
        self,
        loaded: LoadedConfig,
        *,
        clock: Clock = utc_now,
        state_url: str | None = None,
        state_key: str | None = None,
    ) -> None:
        """`state_url`/`state_key` put the shop's state in that PostgreSQL database under that
        key (a fleet's worker); by default the config's `state:`, COOPSYNC_STATE_URL, else the
        SQLite file in `state_dir`."""
        self.loaded = loaded
        self.clock = clock
        self.state_url = state_url
        self.state_key = state_key

    @classmethod
    def open(cls, path: str | Path, *, clock: Clock = utc_now, check_images: bool = True) -> Shop:
        """Read and validate a config and its catalog (raises `ConfigInvalid`, exit code 2)."""
        return cls(load_config(Path(path), check_images=check_images), clock=clock)

    @property
    def name(self) -> str:
        return self.loaded.config.shop.name

    @property
    def state_path(self) -> Path:
        """The shop's SQLite state file."""
        return self.loaded.state_dir / STATE_FILE

    def open_store(self) -> Store:
        """The shop's state store (created on first use); close it, or use it with `with`."""
        from coopsync.state.choose import open_state

        return open_state(self.loaded, clock=self.clock, url=self.state_url, key=self.state_key)

    # ---- validate ------------------------------------------------------------------------------
    def validate(self, *, rules: bool = True) -> list[Problem]:
        """Warnings of the config, and each enabled channel's listing-rule problems."""
        problems = list(self.loaded.warnings)
        if rules:
            problems += listing_rule_problems(
                list(enumerate(self.loaded.catalog)),
                self.loaded.enabled_channels(),
                self.loaded.catalog_doc,
            )
        return problems

    # ---- plan and sync -------------------------------------------------------------------------
    def plan(self, *, channels: list[str] | None = None, keep_drift: bool = False) -> Plan | None:
        """What a sync would change on each channel; changes nothing (None: nothing to plan)."""
        import asyncio  # here: `validate` imports this module and needs no event loop

        return asyncio.run(self.aplan(channels=channels, keep_drift=keep_drift))

    async def aplan(
        self, *, channels: list[str] | None = None, keep_drift: bool = False
    ) -> Plan | None:
        result = await self.arun(RunOptions("plan", keep_drift=keep_drift), only=channels)
        return result.plan

    def sync(
        self, options: RunOptions | None = None, *, channels: list[str] | None = None
    ) -> RunResult:
        """Pull, plan and push, as `coopsync sync` (options: `RunOptions("sync", ...)`)."""
        import asyncio

        return asyncio.run(self.arun(options or RunOptions("sync"), only=channels))

    async def arun(
        self,
        options: RunOptions,
        *,
        only: list[str] | None = None,
        progress: Progress | None = None,
        on_opened: Callable[[ChannelSet], None] | None = None,
        simulate_buyers: bool = True,
    ) -> RunResult:
        """Lock the shop, open its store and channels, and run the engine once.

        `on_opened` sees the open channels before the run (the benchmark counts requests there);
        `simulate_buyers=False` keeps sandbox buyers from shopping before this run.
        """
        from coopsync.runtime import open_channels
        from coopsync.state.choose import run_lock

        loaded, clock = self.loaded, self.clock
        lock = run_lock(
            loaded, options.run_name, clock=clock, url=self.state_url, key=self.state_key
        )
        with lock, self.open_store() as store:
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

    # ---- report --------------------------------------------------------------------------------
    def report(
        self,
        *,
        period: str | None = None,
        since: str | None = None,
        until: str | None = None,
        lang: str | None = None,
    ) -> ShopReport:
        """Sales, stock and sync health for a period (`7d`, `30d`, `month`...), no network."""
        from coopsync.i18n import resolve_language
        from coopsync.report.build import build_report
        from coopsync.report.gather import gather
        from coopsync.report.period import PeriodError, resolve_period

        now = self.clock()
        zone = self.loaded.config.shop.timezone
        try:
            chosen = resolve_period(now, zone, period=period, since=since, until=until)
        except PeriodError as exc:
            raise ConfigError(str(exc)) from None
        language = resolve_language(lang, self.loaded.config.shop.language)
        state = gather(self.loaded, chosen, now, language, self.open_store, self._has_state())
        return build_report(state, chosen)

    def _has_state(self) -> bool:
        from coopsync.state.choose import pg_problems, state_exists

        if self.state_url is not None:
            from coopsync.state.choose import state_key

            key = self.state_key or state_key(self.loaded)
            return pg_problems(self.state_url, key) is not None
        return state_exists(self.loaded)


def bystanders(loaded: LoadedConfig, opened: Mapping[str, object]) -> list[ChannelStockRules]:
    """Enabled channels left out of this run, for sharing the last units fairly."""
    return [
        ChannelStockRules(name, settings.stock, rules_for(settings.platform), settings.preferred)
        for name, settings in loaded.enabled_channels().items()
        if name not in opened
    ]


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
