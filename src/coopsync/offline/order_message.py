"""Order messages in a chat: "PESAN KMJ-PRG-M 2", "pesan tas-pdn-kwg x1, kmj-prg-l 2 pcs".

A message is an order when its first word is PESAN or ORDER (any case). Its items are split on
commas, new lines, `+`, `&` and "dan"; each item is a code and a quantity (`2`, `x2`, `2x`,
`2 pcs`), in either order. Anything else in an order message makes the whole message a problem
for a person to read: an order is never guessed, not even its quantity.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from coopsync.offline.ordercodes import normalised

ORDER_WORDS = ("pesan", "order")
_START = re.compile(rf"^\s*(?:{'|'.join(ORDER_WORDS)})\b[\s:,-]*(?P<items>.*)$", re.I | re.S)
_SPLIT = re.compile(r"[,;\n+&]|\bdan\b|\band\b", re.I)
_UNITS = {"pcs", "pc", "buah", "bh", "biji", "lembar", "lbr"}
_QTY = re.compile(r"^[x×*]?(\d+)[x×*]?$", re.I)
_GLUED = re.compile(r"^(?P<code>.+?)[x×*](?P<qty>\d+)$", re.I)  # KMJ-PRG-Mx2


@dataclass(frozen=True)
class OrderedItem:
    sku: str
    quantity: int


@dataclass(frozen=True)
class ReadOrder:
    """What an order message asks for, or why it could not be read (`problem`)."""

    items: tuple[OrderedItem, ...] = ()
    problem: str | None = None  # a message code (messages/onboarding.py), with `detail`
    detail: str = ""


def is_order(text: str) -> bool:
    return _START.match(text) is not None


def _readings(chunk: str) -> list[tuple[str, int]]:
    """Every way to read a chunk as (code, quantity)."""
    tokens = chunk.split()
    if tokens and tokens[-1].lower() in _UNITS:
        tokens = tokens[:-1]
    readings: list[tuple[str, int]] = []
    if len(tokens) >= 2 and (last := _QTY.match(tokens[-1])):
        code = tokens[:-1]
        if len(code) > 1 and code[-1].lower() in ("x", "×", "*"):
            code = code[:-1]
        readings.append((" ".join(code), int(last.group(1))))
    if len(tokens) >= 2 and (first := _QTY.match(tokens[0])):
        readings.append((" ".join(tokens[1:]), int(first.group(1))))
    if len(tokens) == 1 and (glued := _GLUED.match(tokens[0])):
        readings.append((glued["code"], int(glued["qty"])))
    return readings


def _item(chunk: str, codes: Mapping[str, str | None]) -> OrderedItem | ReadOrder:
    for code, quantity in _readings(chunk):
        key = normalised(code)
        if key not in codes:
            continue
        sku = codes[key]
        if sku is None:
            return ReadOrder(problem="order.ambiguous", detail=code)
        if quantity < 1:
            return ReadOrder(problem="order.zero", detail=chunk)
        return OrderedItem(sku, quantity)
    if normalised(chunk) in codes:
        return ReadOrder(problem="order.how_many", detail=chunk)
    return ReadOrder(problem="order.unknown_code", detail=chunk)


def read_order(text: str, codes: Mapping[str, str | None]) -> ReadOrder | None:
    """None when `text` is not an order message; else its items or why it cannot be read."""
    match = _START.match(text)
    if match is None:
        return None
    chunks = [c.strip() for c in _SPLIT.split(match["items"]) if c.strip()]
    if not chunks:
        return ReadOrder(problem="order.empty")
    items: list[OrderedItem] = []
    for chunk in chunks:
        found = _item(chunk, codes)
        if isinstance(found, ReadOrder):
            return found
        items.append(found)
    return ReadOrder(items=tuple(items))
