"""A line of `coopsync doctor`'s table (`Check`), its status, and the exit code of a table:
shared by the doctor's checks (doctor.py) and the token expiry checks (expiry.py)."""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from coopsync.errors import ExitCode


class Status(enum.StrEnum):
    OK = "ok"
    WARN = "warn"  # works now, needs attention soon
    FAIL = "fail"  # a setting or the catalog is wrong: exit 2
    HUMAN = "human"  # a person must log in or authorise again: exit 4


@dataclass(frozen=True)
class Check:
    """One line of the doctor's table: a message code and its params, and a fix code."""

    channel: str  # "" for the shop as a whole
    what: str  # credentials | token | call | catalog | state
    status: Status
    code: str
    params: Mapping[str, object] = field(default_factory=dict)
    fix: str | None = None


def exit_code(checks: Sequence[Check]) -> ExitCode:
    """4 when a person must act on a channel's credentials, 2 for any other failure, else 0."""
    statuses = {c.status for c in checks}
    if Status.HUMAN in statuses:
        return ExitCode.NEEDS_HUMAN
    if Status.FAIL in statuses:
        return ExitCode.BAD_INPUT
    return ExitCode.OK
