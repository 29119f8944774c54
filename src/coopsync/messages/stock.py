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
    # --- stock count / adjust / show ------------------------------------------------------------
    "stock.unpulled": {
        "en": (
            "orders were not imported first: {why}. The count is recorded; if an order shipped"
            " since the last sync, count again after the next sync.",
            None,
        ),
        "id": (
            "pesanan tidak diambil dulu: {why}. Hitungan tetap dicatat; bila ada pesanan yang"
            " dikirim sejak sync terakhir, hitung lagi setelah sync berikutnya.",
            None,
        ),
    },
    "stock.no_pull": {
        "en": (
            "--no-pull: orders were not imported first. If an order shipped since the last"
            " sync, count again after the next sync.",
            None,
        ),
        "id": (
            "--no-pull: pesanan tidak diambil dulu. Bila ada pesanan yang dikirim sejak sync"
            " terakhir, hitung lagi setelah sync berikutnya.",
            None,
        ),
    },
    "stock.pull_failed": {
        "en": ("some channels could not be pulled (see `coopsync status`)", None),
        "id": ("sebagian kanal gagal diambil (lihat `coopsync status`)", None),
    },
    "stock.counted": {
        "en": ("{sku}: counted {n} on the shelf; the next sync pushes it.", None),
        "id": ("{sku}: tercatat {n} di rak; sync berikutnya mengirimnya ke kanal.", None),
    },
    "stock.adjusted": {
        "en": ("{sku}: {old} → {new} on the shelf ({reason}).", None),
        "id": ("{sku}: {old} → {new} di rak ({reason}).", None),
    },
    "stock.no_sku": {
        "en": (
            "no SKU `{sku}` in the catalog",
            "check the spelling; `coopsync stock show` lists them",
        ),
        "id": (
            "tidak ada SKU `{sku}` di katalog",
            "periksa ejaannya; `coopsync stock show` menampilkan semuanya",
        ),
    },
    "stock.count_huge": {
        "en": (
            "{n} units of {sku} is more than {limit}, the most coopsync accepts",
            "check the number: is there an extra zero?",
        ),
        "id": (
            "{n} unit {sku} melebihi {limit}, batas coopsync",
            "periksa angkanya: ada nol berlebih?",
        ),
    },
    "stock.count_negative": {
        "en": (
            "a count is what is on the shelf now, it cannot be {n}",
            'to take units off, use `coopsync stock adjust {sku} {n} --reason "..."`',
        ),
        "id": (
            "hitungan adalah isi rak sekarang, tidak bisa {n}",
            'untuk mengurangi, pakai `coopsync stock adjust {sku} {n} --reason "..."`',
        ),
    },
    "stock.count_not_number": {
        "en": ("`{got}` is not a number of units", "write a whole number, e.g. 12"),
        "id": ("`{got}` bukan jumlah barang", "tulis bilangan bulat, mis. 12"),
    },
    "stock.change_not_number": {
        "en": ("`{got}` is not a change in units", "write +3 or -2"),
        "id": ("`{got}` bukan perubahan jumlah barang", "tulis +3 atau -2"),
    },
    "stock.needs_reason": {
        "en": ("an adjustment needs a reason", 'add --reason "..." (e.g. "rusak kena air")'),
        "id": ("penyesuaian butuh alasan", 'tambahkan --reason "..." (mis. "rusak kena air")'),
    },
    "stock.would_be_negative": {
        "en": (
            "{sku} has {on_hand} on the shelf; {change} would make it negative",
            "count the shelf and use `coopsync stock count`",
        ),
        "id": (
            "{sku} ada {on_hand} di rak; {change} membuatnya negatif",
            "hitung raknya dan pakai `coopsync stock count`",
        ),
    },
    "stock.title": {"en": ("Stock", None), "id": ("Stok", None)},
    "stock.columns": {
        "en": ("sku|on hand|reserved|available|counted", None),
        "id": ("sku|di rak|dipesan|tersedia|dihitung", None),
    },
    "stock.not_yet": {"en": ("not yet", None), "id": ("belum ada", None)},
}
