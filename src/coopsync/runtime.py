"""Open the channels of a shop: one adapter per enabled channel, real or sandboxed.

A real channel gets its adapter with the user's settings and the state store. A `sandbox: true`
channel gets the same real adapter talking to its platform's fake (found through the platform's
descriptor, never by name), with the fake's credentials and the user's own rules.
The fake lives in `state_dir/sandbox/<channel>.json`: loaded on open, simulated buyers shop on it
for the time since the last run, and it is saved back atomically on exit, even after an error —
a platform does not forget an order because our process crashed.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Protocol

import httpx

from coopsync.adapters import Adapter, AdapterContext, Clock
from coopsync.channel_config import ChannelBase
from coopsync.errors import ConfigError
from coopsync.http import HttpLayer, HttpStats
from coopsync.platforms import create_adapter
from coopsync.sandbox.buyers import SimulationResult
from coopsync.sandbox.marketplace import FakeMarketplace
from coopsync.sandbox.shop import (
    CatalogLike,
    ChannelStore,
    DurableTransport,
    SandboxChannel,
    SandboxStore,
    catalog_offers,
    fake_class,
    open_sandbox,
    sandbox_settings,
    save_sandbox,
    seed_existing_shop,
    show_counts,
)

log = logging.getLogger("coopsync.runtime")

__all__ = ["ChannelSet", "ChannelStore", "LoadedConfigLike", "open_channels"]


class LoadedConfigLike(Protocol):
    """`coopsync.config.LoadedConfig` as the runtime uses it."""

    @property
    def channels(self) -> Mapping[str, ChannelBase]: ...
    @property
    def catalog(self) -> CatalogLike: ...
    @property
    def state_dir(self) -> Path: ...
    @property
    def base_dir(self) -> Path: ...


Sleep = Callable[[float], Awaitable[None]]


# ---- the channel set -------------------------------------------------------------------------
class ChannelSet:
    """The open channels of one run: `async with open_channels(...) as channels:`."""

    def __init__(
        self,
        loaded: LoadedConfigLike,
        store: ChannelStore,
        clock: Clock,
        *,
        only: Iterable[str] | None = None,
        simulate_buyers: bool = True,
        sleep: Sleep | None = None,
        sandbox_seed: int | None = None,
        persist: bool = True,
    ) -> None:
        self._loaded = loaded
        self._persist = persist
        self._store = store
        self._clock = clock
        self._only = list(only) if only is not None else None
        self._simulate = simulate_buyers
        self._sleep = sleep
        self._seed = sandbox_seed
        self.channels: dict[str, Adapter] = {}
        self.fakes: dict[str, FakeMarketplace] = {}
        self.simulations: dict[str, SimulationResult] = {}
        # The settings each adapter runs with (a sandbox's carry the fake's credentials).
        self.channel_settings: dict[str, ChannelBase] = {}
        self._sandboxes: dict[str, SandboxChannel] = {}

    # ---- what the engine asks ----------------------------------------------------------------
    def settings(self, name: str) -> ChannelBase:
        """The settings the channel's adapter runs with (a sandbox's carry the fake's keys)."""
        return self.channel_settings[name]

    def is_sandbox(self, name: str) -> bool:
        return bool(self._loaded.channels[name].sandbox)

    def http_stats(self, name: str) -> HttpStats | None:
        """The adapter's HTTP counters, summed over every HttpLayer it (or its `.client`) holds;
        None when it holds none."""
        layers = _http_layers(self.channels[name])
        if not layers:
            return None
        total = HttpStats()
        for layer in layers:
            total.requests += layer.stats.requests
            total.retries += layer.stats.retries
            total.refreshes += layer.stats.refreshes
            for path, count in layer.stats.by_path.items():
                total.by_path[path] = total.by_path.get(path, 0) + count
        return total

    def requests_sent(self, name: str) -> int | None:
        """Requests sent to the channel since it was opened (None when nobody counted them).

        A sandbox counts at its fake, which sees every request whatever layer sent it."""
        sandbox = self._sandboxes.get(name)
        if sandbox is not None:
            return len(sandbox.fake.requests) - sandbox.requests_at_open
        stats = self.http_stats(name)
        return stats.requests if stats is not None else None

    def save(self) -> None:
        """Write every sandbox to disk now (it is also done on exit, unless read-only)."""
        for sandbox in self._sandboxes.values():
            save_sandbox(sandbox)

    # ---- opening and closing -------------------------------------------------------------------
    def _selected(self) -> dict[str, ChannelBase]:
        configured = dict(self._loaded.channels)
        if self._only is None:
            return {name: ch for name, ch in configured.items() if ch.enabled}
        unknown = [name for name in self._only if name not in configured]
        if unknown:
            names, known = ", ".join(unknown), ", ".join(configured) or "-"
            error = ConfigError(f"no channel named {names}", hint=f"the channels are: {known}")
            error.code, error.params = "sync.no_such_channel", {"names": names, "known": known}
            raise error
        disabled = [name for name in self._only if not configured[name].enabled]
        if disabled:
            names = ", ".join(disabled)
            error = ConfigError(
                f"channel {names} is disabled",
                hint="set `enabled: true` on it in the config to use it",
            )
            error.code, error.params = "sync.channel_disabled", {"names": names}
            raise error
        return {name: configured[name] for name in self._only}

    def _context(
        self,
        name: str,
        settings: ChannelBase,
        store: ChannelStore,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> AdapterContext:
        return AdapterContext(
            channel=name,
            settings=settings,
            tokens=store,
            memory=store,
            clock=self._clock,
            transport=transport,
            sleep=self._sleep,
            base_dir=self._loaded.base_dir,
        )

    def _with_default_dirs(self, name: str, settings: ChannelBase) -> ChannelBase:
        # Channels that write files (a manual channel's price list) write them in the state
        # folder unless the user chose a place.
        writes_files = "export_dir" in type(settings).model_fields
        if writes_files and not getattr(settings, "export_dir", None):
            default = self._loaded.state_dir / "manual" / name
            return settings.model_copy(update={"export_dir": str(default)})
        return settings

    async def _open_one(self, name: str, channel: ChannelBase) -> None:
        fake_type = fake_class(channel.platform) if channel.sandbox else None
        if fake_type is None:  # a real channel, or one with no API to fake (manual)
            settings = self._with_default_dirs(name, channel)
            self.channel_settings[name] = settings
            self.channels[name] = create_adapter(self._context(name, settings, self._store))
            return
        sandbox = open_sandbox(
            name, channel.platform, fake_type, self._loaded.state_dir, self._clock, seed=self._seed
        )
        self._sandboxes[name] = sandbox
        self.fakes[name] = sandbox.fake
        if sandbox.fake.keep_signed_in():
            log.info("[%s] sandbox: the simulated seller signed in again", name)
        store = SandboxStore(self._store, sandbox.generation)
        if self._simulate:
            await self._let_buyers_shop(sandbox, channel, store)
        elif not self._persist:
            await self._show_first_shop(sandbox, channel, store)
        sandbox.requests_at_open = len(sandbox.fake.requests)
        settings = sandbox_settings(sandbox.fake.settings(), channel)
        self.channel_settings[name] = settings
        self.channels[name] = create_adapter(
            self._context(
                name, settings, store, DurableTransport(sandbox) if self._persist else sandbox.fake
            )
        )

    async def _let_buyers_shop(
        self, sandbox: SandboxChannel, channel: ChannelBase, store: ChannelStore
    ) -> None:
        offers = catalog_offers(self._loaded.catalog, sandbox.name)
        new_shop = sandbox.fresh and sandbox.buyers.simulated_until is None and bool(offers)
        if new_shop:
            made = seed_existing_shop(sandbox.fake, offers, sandbox.buyers.seed)
            log.info("[%s] sandbox: a new simulated shop with %d listings", sandbox.name, made)
        prices = {sku: price for offer in offers.values() for sku, price, *_ in offer.variants}
        result = sandbox.buyers.run(sandbox.fake, prices, self._clock())
        if result is not None:
            self.simulations[sandbox.name] = result
            log.info("[%s] sandbox buyers: %s", sandbox.name, result.summary)
        if new_shop:
            settings = sandbox_settings(sandbox.fake.settings(), channel)
            context = self._context(sandbox.name, settings, store, sandbox.fake)
            await show_counts(context, sandbox.fake, offers)
        if self._persist:
            save_sandbox(sandbox)  # the buyers' orders survive even a run killed before exit

    async def _show_first_shop(
        self, sandbox: SandboxChannel, channel: ChannelBase, store: ChannelStore
    ) -> None:
        """A plan on a sandbox no sync has opened yet sees the shop the first sync will find
        (its listings, seeded the same way), in memory only: plan reads what push would."""
        offers = catalog_offers(self._loaded.catalog, sandbox.name)
        if not (sandbox.fresh and sandbox.buyers.simulated_until is None and offers):
            return
        seed_existing_shop(sandbox.fake, offers, sandbox.buyers.seed)
        settings = sandbox_settings(sandbox.fake.settings(), channel)
        await show_counts(
            self._context(sandbox.name, settings, store, sandbox.fake), sandbox.fake, offers
        )

    async def __aenter__(self) -> ChannelSet:
        try:
            for name, channel in self._selected().items():
                await self._open_one(name, channel)
        except BaseException:
            await self.aclose()
            raise
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close every adapter and save every sandbox; one failure does not stop the others."""
        for name, adapter in self.channels.items():
            try:
                await adapter.aclose()
            except Exception as exc:  # closing must not hide the run's own error
                log.warning("[%s] closing the adapter failed: %s", name, exc)
        saved_errors: dict[str, OSError] = {}
        for name, sandbox in self._sandboxes.items() if self._persist else ():
            try:
                save_sandbox(sandbox)
            except OSError as exc:
                saved_errors[name] = exc
        self.channels.clear()
        if saved_errors:
            name, error = next(iter(saved_errors.items()))
            raise ConfigError(
                f"the sandbox of channel '{name}' could not be saved: {error}",
                hint="check that the state folder is writable",
            )


def open_channels(
    loaded_config: LoadedConfigLike,
    store: ChannelStore,
    clock: Clock,
    *,
    only: list[str] | None = None,
    simulate_buyers: bool = True,
    sleep: Sleep | None = None,
    sandbox_seed: int | None = None,
    persist: bool = True,
) -> ChannelSet:
    """One adapter per enabled channel (or the channels in `only`), to use with `async with`.

    Sandbox channels run against their fake, loaded from and saved to `state_dir/sandbox/`;
    simulated buyers shop there first unless `simulate_buyers=False`. `sandbox_seed` fixes the
    seed of new sandboxes (default: from the channel name). `persist=False` (a plan, a dry run)
    leaves the sandbox files as they were: previewing changes nothing, not even a marketplace.
    """
    return ChannelSet(
        loaded_config,
        store,
        clock,
        only=only,
        simulate_buyers=simulate_buyers,
        sleep=sleep,
        sandbox_seed=sandbox_seed,
        persist=persist,
    )


def _http_layers(adapter: Adapter) -> list[HttpLayer]:
    """The HttpLayers an adapter keeps on itself or on its `client` (where the platforms put
    them), each once."""
    found: dict[int, HttpLayer] = {}
    for holder in (adapter, getattr(adapter, "client", None)):
        for value in vars(holder).values() if hasattr(holder, "__dict__") else ():
            if isinstance(value, HttpLayer):
                found[id(value)] = value
    return list(found.values())
