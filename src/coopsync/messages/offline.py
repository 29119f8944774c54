"""Messages of selling off the marketplaces: `sale add|list|undo` and `sale import` of a chat.

Each entry is `(message, suggestion)`; placeholders are `str.format` fields. When a suggestion
names a field that is empty, the `<code>/alt` entry's suggestion is used instead (or none).
"""

from __future__ import annotations

from coopsync.messages.types import Entry

MESSAGES: dict[str, dict[str, Entry]] = {
    # --- sale ------------------------------------------------------------------------------
    "sale.no_manual": {
        "en": ("the config has no manual channel to record the sale on", None),
        "id": ("config belum punya kanal manual untuk mencatat penjualan", None),
    },
    "sale.no_manual_hint": {
        "en": (
            "add one under channels:, e.g. `bazaar: {platform: manual}`, then run again",
            None,
        ),
        "id": (
            "tambahkan di bawah channels:, misalnya `bazaar: {platform: manual}`, lalu ulangi",
            None,
        ),
    },
    "sale.not_manual": {
        "en": ("'{channel}' is not a manual channel of this shop", None),
        "id": ("'{channel}' bukan kanal manual toko ini", None),
    },
    "sale.manual_list": {
        "en": ("the manual channels are: {channels}", None),
        "id": ("kanal manualnya: {channels}", None),
    },
    "sale.no_sku": {
        "en": ("no SKU {sku!r} in the catalog", None),
        "id": ("tidak ada SKU {sku!r} di katalog", None),
    },
    "sale.no_sku_hint": {
        "en": ("check the spelling; `coopsync stock show` lists them", None),
        "id": ("periksa ejaannya; `coopsync stock show` menampilkan semuanya", None),
    },
    "sale.price_hint": {
        "en": ("write the price per unit, e.g. --price 25000", None),
        "id": ("tulis harga per satuan, misalnya --price 25000", None),
    },
    "sale.price_low": {
        "en": ("the price {price} must be at least Rp1", None),
        "id": ("harga {price} paling sedikit Rp1", None),
    },
    "sale.added": {
        "en": (
            "{id}: sold {sku} ×{n} at {price} on {channel}; {left} left to sell. "
            "The next sync lowers the stock on the other channels.",
            None,
        ),
        "id": (
            "{id}: terjual {sku} ×{n} seharga {price} di {channel}; sisa {left} bisa dijual. "
            "Sync berikutnya menurunkan stok di kanal lain.",
            None,
        ),
    },
    "sale.oversold": {
        "en": (
            "{sku} is oversold by {n}: count the shelf with `coopsync stock count`",
            None,
        ),
        "id": (
            "{sku} terjual lebih {n} dari stok: hitung rak dengan `coopsync stock count`",
            None,
        ),
    },
    "sale.none": {
        "en": ("no sales recorded by hand or from a chat yet", None),
        "id": ("belum ada penjualan yang dicatat manual atau dari chat", None),
    },
    "sale.columns": {
        "en": ("id|when|channel|items|buyer / note|", None),
        "id": ("id|waktu|kanal|barang|pembeli / catatan|", None),
    },
    "sale.undone": {"en": ("undone", None), "id": ("dibatalkan", None)},
    "sale.unknown_id": {
        "en": ("no recorded sale {id}", None),
        "id": ("tidak ada penjualan tercatat {id}", None),
    },
    "sale.unknown_id_hint": {
        "en": ("`coopsync sale list` shows the ids", None),
        "id": ("`coopsync sale list` menampilkan id-nya", None),
    },
    "sale.undid": {
        "en": ("{id} undone ({items} on {channel}): back in stock at the next sync", None),
        "id": (
            "{id} dibatalkan ({items} di {channel}): kembali ke stok pada sync berikutnya",
            None,
        ),
    },
    # --- sale import (chat) ----------------------------------------------------------------
    "chat.too_big": {
        "en": ("{file} is larger than {mb} MB: not a chat export", None),
        "id": ("{file} lebih dari {mb} MB: bukan ekspor chat", None),
    },
    "chat.too_big_hint": {
        "en": ("export the chat again without media (Export chat → Without media)", None),
        "id": ("ekspor chat lagi tanpa media (Ekspor chat → Tanpa media)", None),
    },
    "chat.unreadable": {
        "en": ("cannot read {file}: {why}", None),
        "id": ("tidak bisa membaca {file}: {why}", None),
    },
    "chat.unreadable_hint": {
        "en": ("give the path of the .txt that WhatsApp's Export chat wrote", None),
        "id": ("tulis lokasi berkas .txt hasil Ekspor chat WhatsApp", None),
    },
    "chat.date_order": {
        "en": ("--date-order {value!r}: write dmy (day first) or mdy (month first)", None),
        "id": ("--date-order {value!r}: tulis dmy (tanggal dulu) atau mdy (bulan dulu)", None),
    },
    "chat.summary": {
        "en": (
            "{new} new orders recorded on {channel} ({known} recorded before; "
            "{messages} messages read). The next sync lowers the stock on the other channels.",
            None,
        ),
        "id": (
            "{new} pesanan baru dicatat di {channel} ({known} sudah tercatat sebelumnya; "
            "{messages} pesan dibaca). Sync berikutnya menurunkan stok di kanal lain.",
            None,
        ),
    },
    "chat.problem": {
        "en": ("{file}:{line}: {sender}: \u201c{text}\u201d — {reason}", None),
        "id": ("{file}:{line}: {sender}: \u201c{text}\u201d — {reason}", None),
    },
    "chat.bad_time": {
        "en": ("{file}:{line}: the date or time is impossible: {text}", None),
        "id": ("{file}:{line}: tanggal atau jamnya mustahil: {text}", None),
    },
    "chat.problems_hint": {
        "en": (
            "{count} order messages were not recorded: record them with "
            "`coopsync sale add SKU QTY`, or try --date-order",
            None,
        ),
        "id": (
            "{count} pesan pesanan tidak dicatat: catat dengan `coopsync sale add SKU JUMLAH`, "
            "atau coba --date-order",
            None,
        ),
    },
    "order.ambiguous": {
        "en": ("the code {detail!r} fits two products", None),
        "id": ("kode {detail!r} cocok untuk dua produk", None),
    },
    "order.zero": {
        "en": ("{detail!r}: the quantity must be at least 1", None),
        "id": ("{detail!r}: jumlahnya paling sedikit 1", None),
    },
    "order.how_many": {
        "en": ("{detail!r}: how many? (the buyer should write the code, then the quantity)", None),
        "id": ("{detail!r}: berapa banyak? (pembeli menulis kode, lalu jumlah)", None),
    },
    "order.unknown_code": {
        "en": ("{detail!r} is not a code on the price list", None),
        "id": ("{detail!r} bukan kode di daftar harga", None),
    },
    "order.empty": {
        "en": ("no code and quantity after PESAN", None),
        "id": ("tidak ada kode dan jumlah setelah PESAN", None),
    },
}
