"""Reading prices as people write them: `Rp 25.000`, `25.000,00`, `25,000`, `25rb`, 25000.0."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_ID_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")  # 25.000 or 1.250.000,00
_EN_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")  # 25,000 or 1,250,000.00
_DECIMAL = re.compile(r"^\d+([.,]\d{1,2})?$")  # 25000, 25000,00, 25000.5
_SUFFIXES = {"rb": 1_000, "ribu": 1_000, "k": 1_000, "jt": 1_000_000, "juta": 1_000_000}
_SUFFIX = re.compile(r"^(?P<number>\d+([.,]\d+)?)(?P<suffix>rb|ribu|k|jt|juta)$")


class NotRupiah(ValueError):
    """A value that is not a whole number of rupiah."""


def format_rupiah(amount: int) -> str:
    """`25000` -> `Rp25.000`."""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{abs(amount):,}".replace(",", ".")


def _whole(amount: Decimal, text: str) -> int:
    if amount != amount.to_integral_value():
        raise NotRupiah(f"{text!r} is not whole rupiah")
    return int(amount)


def parse_rupiah(value: object) -> int:
    """Whole rupiah from a cell or a word; NotRupiah when it is none (or has sen)."""
    if isinstance(value, bool) or value is None:
        raise NotRupiah(f"{value!r} is not a price")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not value.is_integer():
            raise NotRupiah(f"{value} is not whole rupiah")
        return int(value)
    text = str(value)
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text.strip().lower())
    cleaned = re.sub(r"^(rp\.?|idr)", "", cleaned)
    cleaned = re.sub(r"[.,]-$", "", cleaned)  # Rp25.000,-
    if not cleaned:
        raise NotRupiah(f"{text!r} is not a price")
    suffixed = _SUFFIX.match(cleaned)
    try:
        if suffixed:
            number = Decimal(suffixed["number"].replace(",", "."))
            return _whole(number * _SUFFIXES[suffixed["suffix"]], text)
        if _ID_THOUSANDS.match(cleaned):
            whole, _, cents = cleaned.partition(",")
            return _whole(Decimal(whole.replace(".", "") + "." + (cents or "0")), text)
        if _EN_THOUSANDS.match(cleaned):
            whole, _, cents = cleaned.partition(".")
            return _whole(Decimal(whole.replace(",", "") + "." + (cents or "0")), text)
        if _DECIMAL.match(cleaned):
            return _whole(Decimal(cleaned.replace(",", ".")), text)
    except InvalidOperation:
        pass
    raise NotRupiah(f"{text!r} is not a price (write 25000, 25.000 or Rp 25.000)")


def parse_units(value: object) -> int:
    """A whole number of units from a cell or a word (`2`, `2.0`, `2 pcs`)."""
    if isinstance(value, bool) or value is None:
        raise ValueError(f"{value!r} is not a number of units")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    match = re.fullmatch(r"\s*(\d+)(?:[.,]0+)?\s*(pcs|pc|buah|bh|unit|x)?\s*", str(value).lower())
    if not match:
        raise ValueError(f"{value!r} is not a whole number of units")
    return int(match.group(1))
