"""`coopsync doctor`: is every channel ready? Credentials, tokens, one cheap call, the catalog
against the channel's rules, the state file's integrity. Each problem comes with its fix.

Effects are passed in (the open channels, the store, a clock); the checks return rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from coopsync.adapters import Adapter, TokenStore
from coopsync.errors import AuthExpired, CoopsyncError
from coopsync.loading.problems import Problem
from coopsync.onboarding.checks import Check, Status
from coopsync.onboarding.expiry import expiry_check
from coopsync.state.integrity import integrity_problems

LOCATION_SAMPLE = 20  # SKUs looked up to see whether the shop keeps stock in several places


def state_check(path: Path) -> Check:
    """SQLite's own integrity check of the state file (a missing file is fine: it is new)."""
    if not path.exists():
        return Check("", "state", Status.OK, "doctor.state_new")
    # The same checks a sync makes (an empty or cut-short file is damage, though SQLite calls
    # an empty file a sound empty database), then SQLite's integrity check.
    return problems_check(integrity_problems(path))


def problems_check(problems: list[str] | None) -> Check:
    """The state check from what is wrong with the state (None: there is none yet)."""
    if problems is None:
        return Check("", "state", Status.OK, "doctor.state_new")
    if not problems:
        return Check("", "state", Status.OK, "doctor.state_ok")
    return Check(
        "",
        "state",
        Status.FAIL,
        "doctor.state_bad",
        {"detail": "; ".join(problems[:3])},
        "doctor.state_bad_fix",
    )


def token_check(channel: str, tokens: TokenStore, now: datetime) -> Check | None:
    """When the saved refresh token of a channel ends (None when the channel keeps none)."""
    pair = tokens.load_tokens(channel)
    if pair is None:
        return None
    found = expiry_check(channel, "refresh", pair.refresh_expires_at, now)
    return found or Check(
        channel, "token", Status.OK, "doctor.token_ok", {"at": pair.access_expires_at}
    )


async def call_check(channel: str, adapter: Adapter, skus: Sequence[str]) -> Check:
    """One cheap authenticated call: look one SKU up."""
    try:
        await adapter.find_by_sku(list(skus[:1]))
    except AuthExpired as exc:
        return Check(
            channel,
            "call",
            Status.HUMAN,
            "doctor.call_auth",
            {"detail": exc.message},
            "doctor.reauthorise_fix",
        )
    except CoopsyncError as exc:
        return Check(
            channel,
            "call",
            Status.FAIL,
            "doctor.call_failed",
            {"detail": exc.message},
            "doctor.call_failed_fix",
        )
    except NotImplementedError:
        return Check(channel, "call", Status.OK, "doctor.call_none")
    except Exception as exc:  # a network error the adapter did not classify
        return Check(
            channel,
            "call",
            Status.FAIL,
            "doctor.call_failed",
            {"detail": f"{type(exc).__name__}: {exc}"},
            "doctor.call_failed_fix",
        )
    return Check(channel, "call", Status.OK, "doctor.call_ok")


async def location_check(
    channel: str, adapter: Adapter, skus: Sequence[str], setting: str | None, value: object
) -> Check | None:
    """A shop with stock in several warehouses or locations must name the one coopsync
    manages (`setting`); without it the platform's first is used. None when the platform has
    one stock per SKU, the setting is given, or the listings looked at show one location."""
    if setting is None or value:
        return None
    try:
        found = await adapter.find_by_sku(list(skus[:LOCATION_SAMPLE]))
    except (CoopsyncError, NotImplementedError):
        return None  # the call check says what went wrong
    codes = sorted(
        {code for listing in found.values() for s in listing.skus for code, _ in s.other_locations}
    )
    if not codes:
        return None
    return Check(
        channel,
        "location",
        Status.WARN,
        "doctor.location_unset",
        {"setting": setting, "codes": ", ".join(codes), "example": codes[0], "channel": channel},
        "doctor.location_unset_fix",
    )


def catalog_checks(channels: Sequence[str], problems: Sequence[Problem], lang: str) -> list[Check]:
    """The catalog's warnings against each channel's rules (errors stop before the doctor)."""
    checks: list[Check] = []
    for channel in channels:
        mine = [p for p in problems if p.scope and p.scope.get("channel") == channel]
        if not mine:
            checks.append(Check(channel, "catalog", Status.OK, "doctor.catalog_ok"))
        for problem in mine:
            checks.append(
                Check(
                    channel,
                    "catalog",
                    Status.WARN,
                    "doctor.catalog_problem",
                    {"detail": problem.render(lang)},
                )
            )
    return checks
