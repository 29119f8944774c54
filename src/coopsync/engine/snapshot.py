"""A channel's listings as coopsync last read them, stored as JSON (engine/listings.py).

A run loads and stores a channel's snapshot several times (the read, the writes, the read
back) and a quiet run changes a handful of its thousands of listings: the text last loaded or
stored is kept parsed (a few snapshots, by a digest of their text: at 10,000 SKUs the texts
themselves are megabytes), and storing again serializes only the listings that are not the
very objects that text was made from.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from coopsync.adapters import ListingStatus, RemoteListing, RemoteSku

PARSED_KEPT = 8  # snapshots kept parsed (four channels, each as loaded and as stored)


def listing_to_json(listing: RemoteListing) -> dict[str, Any]:
    return {
        "id": listing.remote_id,
        "title": listing.title,
        "status": str(listing.status),
        "skus": [_sku_to_json(s) for s in listing.skus],
        "url": listing.url,
        "updated": listing.updated_at.isoformat() if listing.updated_at else None,
    }


def _sku_to_json(sku: RemoteSku) -> list[Any]:
    """[sku, id, price, stock], then the campaign's units and other locations when there are
    any: a listing not read again must still show what limits its stock."""
    out: list[Any] = [sku.sku, sku.remote_sku_id, sku.price, sku.stock]
    if sku.campaign_reserved or sku.other_locations:
        out += [sku.campaign_reserved, [list(x) for x in sku.other_locations]]
    return out


def _sku_from_json(data: Sequence[Any]) -> RemoteSku:
    sku = RemoteSku(str(data[0]), str(data[1]), int(data[2]), int(data[3]))
    if len(data) > 4:
        others = tuple((str(name), int(units)) for name, units in data[5])
        sku = replace(sku, campaign_reserved=int(data[4]), other_locations=others)
    return sku


def listing_from_json(data: Mapping[str, Any]) -> RemoteListing:
    updated = data.get("updated")
    return RemoteListing(
        remote_id=str(data["id"]),
        title=str(data["title"]),
        status=ListingStatus(data["status"]),
        skus=tuple(_sku_from_json(s) for s in data["skus"]),
        url=data.get("url"),
        updated_at=datetime.fromisoformat(updated) if updated else None,
    )


@dataclass
class Snapshot:
    """The listings as last read, by remote id; when coopsync last wrote to each (after its
    last read); and the update time up to which each is known (engine/listings.py)."""

    listings: dict[str, RemoteListing]
    written: dict[str, datetime]
    known: dict[str, datetime] = field(default_factory=dict)
    # When coopsync's last write to each listing was sent and answered (coopsync's clock).
    answered: dict[str, tuple[datetime, datetime]] = field(default_factory=dict)
    # The JSON each listing was loaded from (or stored as), with that very listing object.
    json_of: dict[str, tuple[RemoteListing, Any]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def copy(self) -> Snapshot:
        """A snapshot whose maps can change without changing this one (listings are frozen)."""
        return Snapshot(
            dict(self.listings),
            dict(self.written),
            dict(self.known),
            dict(self.answered),
            dict(self.json_of),
        )


_parsed: OrderedDict[bytes, Snapshot] = OrderedDict()


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode(), digest_size=20).digest()


def forget_parsed() -> None:
    """Let go of the snapshots kept parsed: a run is over (at 10,000 SKUs they are tens of MB,
    which a long-lived process, a fleet worker, would otherwise hold between runs)."""
    _parsed.clear()


def _keep(text: str, snapshot: Snapshot) -> None:
    key = _digest(text)
    _parsed[key] = snapshot.copy()
    _parsed.move_to_end(key)
    while len(_parsed) > PARSED_KEPT:
        _parsed.popitem(last=False)


def _listing_json(snapshot: Snapshot, rid: str, listing: RemoteListing) -> Any:
    known = snapshot.json_of.get(rid)
    if known is not None and known[0] is listing:
        return known[1]
    data = listing_to_json(listing)
    snapshot.json_of[rid] = (listing, data)
    return data


def dump_snapshot(snapshot: Snapshot) -> str:
    """The snapshot as JSON text; a listing that is the very object loaded keeps its JSON."""
    for rid in [rid for rid in snapshot.json_of if rid not in snapshot.listings]:
        del snapshot.json_of[rid]
    text = json.dumps(
        {
            "listings": [_listing_json(snapshot, k, x) for k, x in snapshot.listings.items()],
            "written": {rid: at.isoformat() for rid, at in snapshot.written.items()},
            "known": {rid: at.isoformat() for rid, at in snapshot.known.items()},
            "answered": {
                rid: [sent.isoformat(), at.isoformat()]
                for rid, (sent, at) in snapshot.answered.items()
            },
        },
        separators=(",", ":"),
    )
    _keep(text, snapshot)
    return text


def load_snapshot(text: str | None) -> Snapshot:
    """The stored snapshot; an unreadable one is empty (the next read is then full)."""
    if not text:
        return Snapshot({}, {})
    key = _digest(text)
    kept = _parsed.get(key)
    if kept is not None:
        _parsed.move_to_end(key)
        return kept.copy()
    try:
        data = json.loads(text)
        json_of = {}
        for item in data["listings"]:
            listing = listing_from_json(item)
            json_of[listing.remote_id] = (listing, item)
        listings = {rid: listing for rid, (listing, _) in json_of.items()}
        written = {str(k): datetime.fromisoformat(v) for k, v in data["written"].items()}
        known = {str(k): datetime.fromisoformat(v) for k, v in data.get("known", {}).items()}
        answered = {
            str(k): (datetime.fromisoformat(v[0]), datetime.fromisoformat(v[1]))
            for k, v in data.get("answered", {}).items()
        }
        snapshot = Snapshot(listings, written, known, answered, json_of)
    except (ValueError, KeyError, TypeError, AttributeError):
        return Snapshot({}, {})
    _keep(text, snapshot)
    return snapshot
