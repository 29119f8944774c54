"""Messages of the stock commands and the stock ledger.

Each entry is `(message, suggestion)`; placeholders are `str.format` fields. When a suggestion
names a field that is empty, the `<code>/alt` entry's suggestion is used instead (or none).
"""

from __future__ import annotations

from coopsync.messages.types import Entry

MESSAGES: dict[str, dict[str, Entry]] = {
    "stock.campaign_locked": {
        "en": (
            "{sku}: locked by a campaign on {channel}: {units} units can still be sold there",
            "coopsync listed the lowest stock {channel} allows; count the stock after the campaign",
        ),
        "id": (
            "{sku}: dikunci kampanye di {channel}: {units} unit masih bisa terjual di sana",
            "coopsync memasang stok terendah yang diizinkan {channel}; hitung stok setelah "
            "kampanye selesai",
        ),
    },
}
