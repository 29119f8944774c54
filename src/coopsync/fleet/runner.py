"""One shop's sync inside a fleet worker, and what its result means for the fleet.

The sync is the same `Shop.arun` as `coopsync sync` (same run lock, same crash safety, same
exactly-once order record); the fleet adds only this:

- the shop's config is read with the shop's own environment (`names.shop_environment`);
- a channel that needs a person (exit 4: a token gone, an app revoked) is parked with the
  reason, and later runs leave it out until `coopsync connect`/`fleet connect` connects it
  again (seen from the connection recorded in the shop's state) or `fleet resume`;
- a shop whose run lock is held (someone runs `coopsync sync` on it by hand) is tried again
  later by procrastinate's retry, like a crash.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from coopsync.config import LoadedConfig, load_config
from coopsync.engine.outcome import Failure
from coopsync.errors import CoopsyncError, ExitCode, LockHeld
from coopsync.fleet.names import shop_environment
from coopsync.fleet.registry import Parked
from coopsync.loading.problems import ConfigInvalid
from coopsync.secrets import redact

KINDS = ("quiet", "full")


@dataclass(frozen=True)
class ShopRun:
    """How one sync of one shop went, as the fleet records it."""

    exit_code: int
    outcome: str  # ok | failures | needs_person | bad_config | lock_held | nothing_to_do
    message: str = ""
    park: Mapping[str, str] = field(default_factory=dict)  # channel -> why a person must act
    renewed: tuple[str, ...] = ()  # parked channels connected again since they were parked

    @property
    def retry(self) -> bool:
        """Worth another try soon (procrastinate's retry): only a run lock held elsewhere."""
        return self.outcome == "lock_held"


def load_shop(
    config: str,
    name: str,
    environ: Mapping[str, str],
    others: Sequence[str],
    *,
    check_images: bool = True,
) -> LoadedConfig:
    """A fleet shop's config, `${VAR}`s read from the shop's own view of the environment."""
    return load_config(
        Path(config), check_images=check_images, environ=shop_environment(name, environ, others)
    )


def renewed_channels(loaded: LoadedConfig, parked: Sequence[Parked]) -> tuple[str, ...]:
    """Parked channels that were connected again (`coopsync connect`) after being parked."""
    if not parked:
        return ()
    from coopsync.authorization import connected_shop
    from coopsync.shop import Shop

    found: list[str] = []
    with Shop(loaded).open_store() as store:
        for entry in parked:
            shop = connected_shop(store, entry.channel) or {}
            try:
                connected = datetime.fromisoformat(shop.get("connected_at", ""))
            except ValueError:
                continue
            if connected > entry.parked_at:
                found.append(entry.channel)
    return tuple(found)


async def sync_shop(
    name: str,
    config: str,
    kind: str,
    *,
    parked: Sequence[Parked],
    environ: Mapping[str, str],
    others: Sequence[str] = (),
) -> ShopRun:
    """Run `coopsync sync` (`--full` for the nightly kind) for one shop, parked channels left
    out. Unexpected exceptions propagate: the job fails and procrastinate retries it."""
    from coopsync.engine.run import RunOptions
    from coopsync.shop import Shop

    try:
        loaded = load_shop(config, name, environ, others)
    except ConfigInvalid as exc:
        first = "; ".join(exc.render("en")[:2])
        return ShopRun(int(ExitCode.BAD_INPUT), "bad_config", redact(f"{config}: {first}"))
    renewed = renewed_channels(loaded, parked)
    still = {entry.channel for entry in parked} - set(renewed)
    enabled = list(loaded.enabled_channels())
    only = [channel for channel in enabled if channel not in still]
    if enabled and not only:
        return ShopRun(int(ExitCode.NEEDS_HUMAN), "nothing_to_do", renewed=renewed)
    try:
        result = await Shop(loaded).arun(
            RunOptions("sync", full=kind == "full"), only=only if still else None
        )
    except LockHeld as exc:
        return ShopRun(int(exc.exit_code), "lock_held", redact(str(exc)), renewed=renewed)
    except CoopsyncError as exc:
        # A channel that cannot even open (never connected, app revoked) stops the whole run:
        # park it, and the next run syncs the others.
        needs_person = exc.exit_code is ExitCode.NEEDS_HUMAN
        channel = str(getattr(exc, "channel", "") or "")
        text = redact(_said(exc, loaded.config.shop.language or "en"))
        park = {channel: text} if needs_person and channel else {}
        outcome = "needs_person" if needs_person else "bad_config"
        return ShopRun(int(exc.exit_code), outcome, text, park, renewed)
    summary = result.summary
    code = int(summary.exit_code)
    park = {
        channel: _reason(outcome.failures, outcome.stopped, loaded.config.shop.language or "en")
        for channel, outcome in summary.channels.items()
        if outcome.needs_human
    }
    failures = [
        f"[{f.channel}] {f.sku + ' ' if f.sku else ''}{f.action}: {f.message}"
        for f in summary.failures()
    ]
    outcome_name = {0: "ok", 4: "needs_person"}.get(code, "failures")
    return ShopRun(code, outcome_name, redact("; ".join(failures[:5])), park, renewed)


def _said(exc: CoopsyncError, lang: str) -> str:
    """The error as the CLI would say it, in the shop's language."""
    if exc.code:
        from coopsync.i18n import t

        return t(exc.code, lang, **exc.params)
    return str(exc)


def _reason(failures: Sequence[Failure], stopped: str | None, lang: str) -> str:
    """What a person must do about a channel, from its first failure, in the shop's language."""
    for failure in failures:
        if failure.code:
            from coopsync.i18n import t

            return redact(t(failure.code, lang, **failure.params))
        text = f"{failure.message} — {failure.hint}" if failure.hint else failure.message
        return redact(text)
    return redact(stopped or "the channel needs a person")
