"""What a run did, channel by channel: plain values for the summary, the journal and `status`."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from coopsync.errors import AdapterError, CoopsyncError, ExitCode, Transient
from coopsync.i18n import t

log = logging.getLogger("coopsync.engine")

HINT_REJECTED = "fix the value in the catalog or the channel's rules; the next sync tries again"
HINT_TRANSIENT = "the channel did not answer in time; the next sync tries again"
# A channel whose credentials need a person: the fix is always `coopsync connect CHANNEL`.
HINT_AUTH_CODE = "connect.fix"
HINT_FATAL = "check the channel's settings (base_url, keys, shop ids) in the config and .env"
HINT_BUG = "this is a bug in coopsync or the adapter: run again with --debug and report it"


@dataclass(frozen=True)
class Failure:
    """One thing that did not happen, with what the platform said and what to do."""

    channel: str
    action: str  # create | update | stock | price | pull_orders | pull_listings | plan
    message: str
    hint: str
    sku: str | None = None
    code: str = ""  # when set: the message in the user's language (`coopsync.messages`)
    params: Mapping[str, object] = field(default_factory=dict)
    hint_code: str = ""  # when set: the hint in the user's language (params: the channel)


@dataclass
class ChannelOutcome:
    """What one run changed and pulled on one channel."""

    channel: str
    created: int = 0
    adopted: int = 0
    updated: int = 0
    stock_set: int = 0
    prices_set: int = 0
    variants_added: int = 0  # catalog changes: SKUs added to live listings, renamed in place,
    renamed: int = 0  # taken down (retired) and brought back (relisted)
    retired: int = 0
    relisted: int = 0
    orders_new: int = 0
    orders_changed: int = 0
    planned: dict[str, int] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    stopped: str | None = None  # the whole channel stopped: why
    needs_human: bool = False
    refused: str | None = None  # the safety check refused this channel's plan
    requests: int | None = None  # HTTP requests sent to the channel during the run
    files: list[str] = field(default_factory=list)  # files written for people (a price list)
    # SKU -> units a campaign keeps listed there (more than coopsync's target; still sellable)
    campaign_locks: dict[str, int] = field(default_factory=dict)

    @property
    def changes(self) -> int:
        return (
            self.created
            + self.adopted
            + self.updated
            + self.stock_set
            + self.prices_set
            + self.variants_added
            + self.renamed
            + self.retired
            + self.relisted
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "adopted": self.adopted,
            "updated": self.updated,
            "stock_set": self.stock_set,
            "prices_set": self.prices_set,
            "variants_added": self.variants_added,
            "renamed": self.renamed,
            "retired": self.retired,
            "relisted": self.relisted,
            "orders_new": self.orders_new,
            "orders_changed": self.orders_changed,
            "planned": self.planned,
            "failures": [
                {"action": f.action, "sku": f.sku, "message": f.message, "hint": f.hint}
                for f in self.failures
            ],
            "stopped": self.stopped,
            "needs_human": self.needs_human,
            "refused": self.refused,
            "requests": self.requests,
            "files": self.files,
            "campaign_locks": self.campaign_locks,
        }


class Notice(str):
    """A warning of a run: `[channel] message` in English (logs, JSON, older readers), with its
    message code (`coopsync.messages.sync`) and params for the user's language."""

    channel: str
    code: str
    params: Mapping[str, object]
    message: str
    hint: str | None

    def __new__(
        cls,
        channel: str,
        code: str,
        params: Mapping[str, object],
        message: str,
        hint: str | None = None,
    ) -> Notice:
        notice = super().__new__(cls, f"[{channel}] {message}")
        notice.channel, notice.code, notice.params = channel, code, dict(params)
        notice.message, notice.hint = message, hint
        return notice


@dataclass
class RunSummary:
    """The one-screen result of a run."""

    command: str
    dry_run: bool = False
    channels: dict[str, ChannelOutcome] = field(default_factory=dict)
    warnings: list[Notice] = field(default_factory=list)
    # The same warnings as {channel, kind, sku}: what `coopsync report` counts (drift, unmatched).
    notices: list[dict[str, str | None]] = field(default_factory=list)
    counted: list[str] = field(default_factory=list)  # SKUs with a new count from the catalog
    run_id: int | None = None

    def channel(self, name: str) -> ChannelOutcome:
        return self.channels.setdefault(name, ChannelOutcome(name))

    def failures(self) -> list[Failure]:
        return [f for c in self.channels.values() for f in c.failures]

    @property
    def exit_code(self) -> ExitCode:
        """4 when a channel needs a human, 1 with item failures or a refusal, else 0."""
        if any(c.needs_human for c in self.channels.values()):
            return ExitCode.NEEDS_HUMAN
        if any(c.failures or c.refused or c.stopped for c in self.channels.values()):
            return ExitCode.ITEM_FAILURES
        return ExitCode.OK

    @property
    def status(self) -> str:
        return {0: "ok", 1: "failures", 4: "needs_human"}.get(int(self.exit_code), "failures")

    def to_dict(self) -> dict[str, Any]:
        return {
            "command": self.command,
            "dry_run": self.dry_run,
            "status": self.status,
            "exit_code": int(self.exit_code),
            "counted": self.counted,
            "warnings": [str(w) for w in self.warnings],
            "notices": self.notices,
            "channels": {name: c.to_dict() for name, c in self.channels.items()},
        }


def stop_channel(outcome: ChannelOutcome, action: str, exc: Exception) -> str:
    """Record that a channel stopped because of `exc`; returns the message for the journal.

    Expected failures carry the platform's words and what to do; anything else is a bug in an
    adapter, reported on this channel so that the other channels still sync.
    """
    if isinstance(exc, CoopsyncError):
        message = exc.message
        if isinstance(exc, AdapterError) and exc.platform_code:
            message += f" ({exc.platform_code})"
        needs_human = exc.exit_code is ExitCode.NEEDS_HUMAN
        hint = exc.hint or (HINT_TRANSIENT if isinstance(exc, Transient) else HINT_FATAL)
    else:
        log.debug("[%s] unexpected error", outcome.channel, exc_info=exc)
        message, hint, needs_human = f"{type(exc).__name__}: {exc}", HINT_BUG, False
    outcome.stopped = message
    outcome.needs_human = outcome.needs_human or needs_human
    if needs_human:
        # The platform's own advice stays with its words; the fix is the same everywhere.
        detail = exc.hint if isinstance(exc, CoopsyncError) else None
        if detail and "coopsync connect" not in detail:
            message = f"{message} ({detail})"
        hint = t(HINT_AUTH_CODE, "en", channel=outcome.channel)
        failure = Failure(outcome.channel, action, message, hint, hint_code=HINT_AUTH_CODE)
    else:
        failure = Failure(outcome.channel, action, message, hint)
    outcome.failures.append(failure)
    return message
