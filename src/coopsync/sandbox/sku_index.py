"""Which listings of a platform fake hold each seller SKU: an index the fake keeps current.

A fake stores its listings as plain JSON-able dicts. Looking a SKU up by scanning all of them
made a sync quadratic in the catalog (every create first checks that its SKU is free), so each
fake tells its index, after every change of a listing's SKUs, which SKUs that listing holds now
(`put`) or that it is gone (`drop`), and builds it again when its whole store is replaced
(`load_state`). A lookup then costs the listings holding that SKU (almost always one), a miss
included. The index knows nothing of statuses: a fake filters the owners with the same tests
its scan made (not deleted, not trashed, ...), so a status change needs no update.

`owners` lists them in the order the fake stores the listings (the order they were first put),
so a fake whose platform allows a SKU twice answers with the first (or the last) as a scan in
store order did. `same_as` compares two indexes (contents and order); the fakes use it to
check theirs against one built from scratch (`FakeMarketplace.check_indexes`, on in tests).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)


class SkuIndex(Generic[K]):
    """Seller SKU -> the keys of the listings (or records) holding it."""

    def __init__(self) -> None:
        self._held: dict[K, tuple[str, ...]] = {}  # listing -> its SKUs, in store order
        self._owners: dict[str, dict[K, None]] = {}  # SKU -> listings holding it
        self._position: dict[K, int] = {}
        self._next = 0

    def put(self, key: K, skus: Iterable[str]) -> None:
        """The listing `key` holds exactly `skus` now (a new listing goes after the others)."""
        new = tuple(dict.fromkeys(skus))
        old = self._held.get(key)
        if old == new:
            return
        if old is None:
            self._position[key] = self._next
            self._next += 1
        else:
            for sku in old:
                if sku not in new:
                    self._forget(sku, key)
        for sku in new:
            self._owners.setdefault(sku, {})[key] = None
        self._held[key] = new

    def drop(self, key: K) -> None:
        """The listing `key` is gone from the store."""
        old = self._held.pop(key, None)
        if old is None:
            return
        del self._position[key]
        for sku in old:
            self._forget(sku, key)

    def _forget(self, sku: str, key: K) -> None:
        owners = self._owners.get(sku)
        if owners is not None:
            owners.pop(key, None)
            if not owners:
                del self._owners[sku]

    def owners(self, sku: str) -> list[K]:
        """The listings holding `sku`, in store order."""
        found = self._owners.get(sku)
        if not found:
            return []
        if len(found) == 1:
            return list(found)
        return sorted(found, key=self._position.__getitem__)

    def holds(self, sku: str) -> bool:
        return sku in self._owners

    def skus_of(self, key: K) -> tuple[str, ...]:
        return self._held.get(key, ())

    def __len__(self) -> int:
        return len(self._held)

    def same_as(self, other: SkuIndex[K]) -> bool:
        """The same listings, holding the same SKUs, in the same order."""
        return list(self._held.items()) == list(other._held.items())

    def differences(self, other: SkuIndex[K], limit: int = 5) -> list[str]:
        """What `other` (built from scratch) holds that this one does not, for an error."""
        out = []
        for key in dict.fromkeys([*self._held, *other._held]):
            mine, theirs = self._held.get(key), other._held.get(key)
            if mine != theirs:
                out.append(f"{key!r}: index {mine!r}, store {theirs!r}")
        if not out and list(self._held) != list(other._held):
            out.append("the listings are in another order than the store's")
        return out[:limit]
