"""The error classes every part of coopsync raises, each with an exit code and advice."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes (README: "Exit codes")."""

    OK = 0
    ITEM_FAILURES = 1
    BAD_INPUT = 2
    LOCK_HELD = 3
    NEEDS_HUMAN = 4
    INTERNAL = 5  # a bug in coopsync: the run stopped; what it did is in the journal


class CoopsyncError(Exception):
    """An expected failure: shown to the user as a message and a hint, never as a traceback."""

    exit_code: ExitCode = ExitCode.BAD_INPUT

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        # When set, the CLI shows the message `code` in the user's language with `params`
        # (coopsync.messages) instead of `message`, which stays for logs and libraries.
        self.code: str | None = None
        self.params: dict[str, object] = {}

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message} — {self.hint}"


class ConfigError(CoopsyncError):
    """The configuration or catalog cannot be used as written."""

    exit_code = ExitCode.BAD_INPUT


class LockHeld(CoopsyncError):
    """Another coopsync run holds the run lock for this shop (`holder`: who, since when)."""

    exit_code = ExitCode.LOCK_HELD

    def __init__(
        self, message: str, *, hint: str | None = None, holder: dict[str, object] | None = None
    ) -> None:
        super().__init__(message, hint=hint)
        self.holder = dict(holder or {})


class AdapterError(CoopsyncError):
    """A failure talking to one channel; carries the channel and what the platform said."""

    exit_code = ExitCode.ITEM_FAILURES

    def __init__(
        self,
        message: str,
        *,
        channel: str = "",
        platform_code: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.channel = channel
        self.platform_code = platform_code

    def __str__(self) -> str:
        where = f"[{self.channel}] " if self.channel else ""
        code = f" ({self.platform_code})" if self.platform_code else ""
        tail = f" — {self.hint}" if self.hint else ""
        return f"{where}{self.message}{code}{tail}"


class Transient(AdapterError):
    """Worth retrying: timeouts, 5xx, the platform says it is busy."""


class RateLimited(Transient):
    """The platform asked us to slow down; `retry_after` seconds if it said so."""

    def __init__(
        self,
        message: str,
        *,
        channel: str = "",
        platform_code: str | None = None,
        retry_after: float | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, channel=channel, platform_code=platform_code, hint=hint)
        self.retry_after = retry_after


class AuthExpired(AdapterError):
    """The access token is no longer accepted; refreshable unless `needs_human`."""

    exit_code = ExitCode.NEEDS_HUMAN

    def __init__(
        self,
        message: str,
        *,
        channel: str = "",
        platform_code: str | None = None,
        needs_human: bool = False,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, channel=channel, platform_code=platform_code, hint=hint)
        self.needs_human = needs_human


class Rejected(AdapterError):
    """The platform refused one item (bad parameter, duplicate SKU, price out of range)."""

    def __init__(
        self,
        message: str,
        *,
        channel: str = "",
        platform_code: str | None = None,
        sku: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, channel=channel, platform_code=platform_code, hint=hint)
        self.sku = sku


class RowsUnreadable(Rejected):
    """Some records of a channel could not be read; every other one was delivered.

    Raised by an order source only after it yielded every order it could read (a hand-kept
    sales file with a bad row): the good ones count, the bad ones are item failures.
    """


class Fatal(AdapterError):
    """Not worth retrying and not about one item: bad signature, malformed answers, bad setup."""
