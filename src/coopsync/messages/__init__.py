"""All user-facing text, in Bahasa Indonesia (`id`) and English (`en`), split by area.

Each area module holds one `MESSAGES` table; `ALL` merges them. A code is unique across areas
(a test checks it), so adding a message means editing only the area it belongs to.
"""

from __future__ import annotations

from coopsync.messages import (
    catalog,
    cli,
    config,
    connect,
    doctor,
    fleet,
    loading,
    offline,
    onboarding,
    report,
    state,
    stock,
    sync,
)
from coopsync.messages.types import Entry

AREAS = (
    loading,
    config,
    catalog,
    cli,
    sync,
    stock,
    report,
    onboarding,
    offline,
    doctor,
    state,
    connect,
    fleet,
)


def _merge() -> dict[str, dict[str, Entry]]:
    merged: dict[str, dict[str, Entry]] = {}
    for area in AREAS:
        for code, entry in area.MESSAGES.items():
            if code in merged:
                raise RuntimeError(f"message code {code!r} is defined twice")
            merged[code] = entry
    return merged


ALL: dict[str, dict[str, Entry]] = _merge()

__all__ = ["ALL", "AREAS", "Entry"]
