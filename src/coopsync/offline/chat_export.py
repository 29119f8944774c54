"""Reading the .txt that WhatsApp's "Export chat" writes, from Android or iOS, in Indonesian or
English: one message per entry, with its sender, its local time and its first line number.

Android: `12/11/26 14.30 - Budi: PESAN KMJ-PRG-M 2` (Indonesian) or
`11/12/26, 2:30 PM - Budi: ...` (English, US). iOS: `[12/11/26 14.30.15] Budi: ...` or
`[12/11/2026, 14:30:15] Budi: ...`, sometimes after an invisible left-to-right mark. Lines that
do not start with a time continue the message above. Whether `03/04/26` is 3 April or 4 March
is decided for the whole file: a day above 12 in either place settles it; otherwise a 12-hour
clock means month first (US English phones), and day first is the default (Indonesia).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Literal
from zoneinfo import ZoneInfo

DateOrder = Literal["dmy", "mdy"]

_TIME = r"(?P<time>\d{1,2}[.:]\d{2}(?:[.:]\d{2})?)(?:\s?(?P<ampm>[AaPp]\.?\s?[Mm]\.?))?"
_DATE = r"(?P<date>\d{1,2}[./-]\d{1,2}[./-]\d{2,4})"
_ANDROID = re.compile(rf"^{_DATE},?\s{_TIME}\s[-–]\s(?P<rest>.*)$")
_IOS = re.compile(rf"^\[{_DATE},?\s{_TIME}\]\s(?P<rest>.*)$")
_MARKS = str.maketrans({"\u200e": None, "\u200f": None, "\u202f": " ", "\u00a0": " "})
MAX_CHAT_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class ChatMessage:
    """One message of the export."""

    line: int  # where it starts in the file (1-based)
    sender: str
    sent_at: datetime  # aware, in the shop's time zone
    text: str
    seconds: bool  # the export gave seconds (iOS), so two messages a minute apart differ


@dataclass(frozen=True)
class _Raw:
    line: int
    day_parts: tuple[int, int, int]
    clock: str
    ampm: str | None
    rest: str


def _split_date(text: str) -> tuple[int, int, int]:
    a, b, c = (int(part) for part in re.split(r"[./-]", text))
    return a, b, (c + 2000 if c < 100 else c)


def _heads(text: str) -> list[tuple[_Raw, list[str]]]:
    found: list[tuple[_Raw, list[str]]] = []
    for number, raw_line in enumerate(text.splitlines(), start=1):
        line = raw_line.translate(_MARKS)
        match = _ANDROID.match(line) or _IOS.match(line)
        if match:
            raw = _Raw(
                number,
                _split_date(match["date"]),
                match["time"],
                match["ampm"],
                match["rest"],
            )
            found.append((raw, []))
        elif found:
            found[-1][1].append(line)
    return found


def guess_date_order(heads: list[_Raw]) -> DateOrder:
    """Day first unless the file shows month first (see the module docstring)."""
    if any(raw.day_parts[0] > 12 for raw in heads):
        return "dmy"
    if any(raw.day_parts[1] > 12 for raw in heads):
        return "mdy"
    if any(raw.ampm for raw in heads):
        return "mdy"
    return "dmy"


def _clock(text: str, ampm: str | None) -> tuple[time, bool]:
    parts = [int(p) for p in re.split(r"[.:]", text)]
    hour, minute = parts[0], parts[1]
    second = parts[2] if len(parts) > 2 else 0
    if ampm:
        pm = ampm.strip().lower().startswith("p")
        hour = hour % 12 + (12 if pm else 0)
    return time(hour, minute, second), len(parts) > 2


def read_chat(
    text: str, timezone: str, order: DateOrder | None = None
) -> tuple[list[ChatMessage], list[tuple[int, str]]]:
    """The messages of an export (system lines without a sender are left out), and the lines
    whose date or time is impossible, as (line, text)."""
    heads = _heads(text.lstrip("\ufeff"))
    order = order or guess_date_order([raw for raw, _ in heads])
    zone = ZoneInfo(timezone)
    messages: list[ChatMessage] = []
    bad: list[tuple[int, str]] = []
    for raw, more in heads:
        sender, colon, body = raw.rest.partition(": ")
        if not colon:
            continue  # "Budi joined", "Messages are end-to-end encrypted"
        a, b, year = raw.day_parts
        day, month = (a, b) if order == "dmy" else (b, a)
        try:
            clock, seconds = _clock(raw.clock, raw.ampm)
            moment = datetime.combine(date(year, month, day), clock, tzinfo=zone)
        except ValueError:
            bad.append((raw.line, raw.rest))
            continue
        full = "\n".join([body, *more]).strip()
        messages.append(ChatMessage(raw.line, sender.strip(), moment, full, seconds))
    return messages, bad
