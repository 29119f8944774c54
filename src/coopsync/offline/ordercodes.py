"""Order codes: what a buyer types to order a variant from the price list ("PESAN KMJ-PRG-M 2").

A short, readable SKU is its own code. A long or odd one gets a code made from its first
letters and a hash of the SKU, so it never changes when other products come and go. Buyers
type codes in any case, with or without dashes or spaces: matching ignores both.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

CODE_MAX = 14
_READABLE = re.compile(rf"[A-Z0-9][A-Z0-9-]{{0,{CODE_MAX - 1}}}")


def order_code(sku: str) -> str:
    """The code a buyer types for `sku`."""
    upper = sku.strip().upper()
    if _READABLE.fullmatch(upper):
        return upper
    letters = re.sub(r"[^A-Z0-9]", "", upper)[:6] or "P"
    digest = hashlib.sha256(sku.encode()).hexdigest()[:3].upper()
    return f"{letters}-{digest}"


def normalised(code: str) -> str:
    """A code as matched: upper case, letters and digits only (`kmj prg-m` -> `KMJPRGM`)."""
    return re.sub(r"[^A-Z0-9]", "", code.upper())


def code_index(skus: Iterable[str]) -> dict[str, str | None]:
    """Normalised code -> SKU; None where two SKUs share a code (an order naming it is listed
    for a person to read, never guessed)."""
    index: dict[str, str | None] = {}
    for sku in skus:
        for key in {normalised(order_code(sku)), normalised(sku)}:
            if key in index and index[key] != sku:
                index[key] = None
            else:
                index[key] = sku
    return index
