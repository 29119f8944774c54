"""From a chat export to sales: each order message once, keyed by its sender and its time."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from coopsync.catalog import Catalog
from coopsync.channel_config import ChannelBase
from coopsync.offline.chat_export import ChatMessage
from coopsync.offline.order_message import read_order
from coopsync.offline.ordercodes import code_index
from coopsync.offline.sales import unit_price
from coopsync.state.records import HandSale, SaleItem


@dataclass(frozen=True)
class ChatProblem:
    """An order message that could not be read, with where it is."""

    line: int
    sender: str
    text: str
    reason: str  # a message code
    detail: str = ""


@dataclass
class ChatOrders:
    """The sales an export holds and the order messages it could not read."""

    sales: list[HandSale] = field(default_factory=list)
    problems: list[ChatProblem] = field(default_factory=list)


def chat_order_id(message: ChatMessage, occurrence: int) -> str:
    """The id of an order message: its sender and its time (and, for two orders the same
    minute from one sender, which one), so that a later, longer export gives the same ids."""
    stamp = message.sent_at.isoformat(timespec="seconds" if message.seconds else "minutes")
    digest = hashlib.sha256(f"{message.sender}|{stamp}|{occurrence}".encode()).hexdigest()
    return "WA-" + digest[:10].upper()


def chat_orders(
    messages: Sequence[ChatMessage],
    catalog: Catalog,
    channel: str,
    settings: ChannelBase,
    recorded_at: datetime,
) -> ChatOrders:
    """Every order message of the export as a sale on `channel` at the channel's prices."""
    codes = code_index(catalog.skus())
    found = ChatOrders()
    occurrences: Counter[tuple[str, str]] = Counter()
    for message in messages:
        read = read_order(message.text, codes)
        if read is None:
            continue
        key = (message.sender, message.sent_at.isoformat())
        occurrence = occurrences[key]
        occurrences[key] += 1
        if read.problem is not None:
            found.problems.append(
                ChatProblem(message.line, message.sender, message.text, read.problem, read.detail)
            )
            continue
        items = tuple(
            SaleItem(i.sku, i.quantity, unit_price(catalog, i.sku, channel, settings))
            for i in read.items
        )
        found.sales.append(
            HandSale(
                channel=channel,
                order_id=chat_order_id(message, occurrence),
                source="chat",
                sold_at=message.sent_at.astimezone(UTC),
                items=items,
                note=message.text.splitlines()[0][:120],
                sender=message.sender,
                recorded_at=recorded_at,
            )
        )
    return found
