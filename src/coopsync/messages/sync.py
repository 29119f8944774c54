"""Messages of pull, plan, push and sync: the engine's warnings and plan notes.

Each entry is `(message, suggestion)`; placeholders are `str.format` fields. When a suggestion
names a field that is empty, the `<code>/alt` entry's suggestion is used instead (or none).
"""

from __future__ import annotations

from coopsync.messages.types import Entry

MESSAGES: dict[str, dict[str, Entry]] = {
    # --- plan notes (engine/plan.py) ------------------------------------------------------------
    "sync.listings_unknown": {
        "en": (
            "the channel's listings were not read; compared with what coopsync last pushed",
            None,
        ),
        "id": (
            "listing kanal tidak terbaca; dibandingkan dengan yang terakhir dikirim coopsync",
            None,
        ),
    },
    "sync.variant_missing": {
        "en": (
            "{sku} is in the catalog but not on the channel's listing",
            "add the variant to the listing in the seller centre; the next sync finds it by SKU",
        ),
        "id": (
            "{sku} ada di katalog tetapi tidak ada di listing kanal",
            "tambahkan varian itu di seller centre; sync berikutnya menemukannya lewat SKU",
        ),
    },
    "sync.sku_kept": {
        "en": (
            "{sku}: this platform cannot change a SKU; the listing keeps {old}, which coopsync "
            "counts as {sku}",
            "leave {old} on the channel, or change it in the seller centre",
        ),
        "id": (
            "{sku}: platform ini tidak bisa mengganti SKU; listing tetap memakai {old}, yang "
            "dihitung coopsync sebagai {sku}",
            "biarkan {old} di kanal, atau ganti di seller centre",
        ),
    },
    "sync.retire_after_sold": {
        "en": (
            "{product} is retired: {units} unit(s) left to sell; its listing is taken down once "
            "they are sold",
            "`coopsync retire {sku} --now` takes it down at once",
        ),
        "id": (
            "{product} dipensiunkan: sisa {units} unit untuk dijual; listingnya diturunkan "
            "setelah habis terjual",
            "`coopsync retire {sku} --now` menurunkannya sekarang juga",
        ),
    },
    "sync.cannot_unlist": {
        "en": (
            "{product} is retired, but this channel cannot take a listing down: it is shown "
            "sold out",
            "delete or hide the listing in the seller centre if it should disappear",
        ),
        "id": (
            "{product} dipensiunkan, tetapi kanal ini tidak bisa menurunkan listing: "
            "ditampilkan habis",
            "hapus atau sembunyikan listing di seller centre jika harus hilang",
        ),
    },
    "sync.retired_variant": {
        "en": (
            "{sku} is retired: the listing stays for the other variants; it is shown with stock 0",
            "platforms have no unlist for one variant; remove it in the seller centre if it "
            "should disappear",
        ),
        "id": (
            "{sku} dipensiunkan: listing tetap ada untuk varian lain; varian ini ditampilkan "
            "dengan stok 0",
            "platform tidak bisa menurunkan satu varian saja; hapus di seller centre jika harus "
            "hilang",
        ),
    },
    "sync.retired_variant_selling": {
        "en": (
            "{sku} is retired: the listing stays for the other variants; it sells its last "
            "{units} unit(s), then shows stock 0",
            "`coopsync retire {sku} --now` shows it with stock 0 at once",
        ),
        "id": (
            "{sku} dipensiunkan: listing tetap ada untuk varian lain; sisa {units} unit dijual "
            "dulu, lalu stoknya 0",
            "`coopsync retire {sku} --now` langsung membuat stoknya 0",
        ),
    },
    "sync.rename_question": {
        "en": (
            "{sku} looks like {old} renamed (same product and price on this channel): nothing "
            "was created for it",
            "if it is a rename, add `formerly: [{old}]` to {sku}; if it is a new variant, put "
            "{old} back in the catalog with `status: retired`",
        ),
        "id": (
            "{sku} tampaknya {old} yang diganti nama (produk dan harga sama di kanal ini): "
            "belum dibuat apa pun untuknya",
            "jika memang ganti nama, tambahkan `formerly: [{old}]` pada {sku}; jika varian baru, "
            "kembalikan {old} ke katalog dengan `status: retired`",
        ),
    },
    "sync.catalog_changes": {
        "en": (
            "catalog changes: {add_variant} variant(s) added, {rename} SKU(s) renamed, "
            "{retire} retired (taken down), {relist} brought back",
            None,
        ),
        "id": (
            "perubahan katalog: {add_variant} varian ditambah, {rename} SKU diganti nama, "
            "{retire} dipensiunkan (diturunkan), {relist} dijual lagi",
            None,
        ),
    },
    "sync.price_low": {
        "en": (
            "{sku}: Rp{price} is below the platform's minimum Rp{min}; the price was not pushed",
            "change the catalog price or this channel's price rules",
        ),
        "id": (
            "{sku}: Rp{price} di bawah minimum platform Rp{min}; harga tidak dikirim",
            "ubah harga di katalog atau aturan harga kanal ini",
        ),
    },
    "sync.price_high": {
        "en": (
            "{sku}: Rp{price} is above the platform's maximum Rp{max}; the price was not pushed",
            "change the catalog price or this channel's price rules",
        ),
        "id": (
            "{sku}: Rp{price} di atas maksimum platform Rp{max}; harga tidak dikirim",
            "ubah harga di katalog atau aturan harga kanal ini",
        ),
    },
    "sync.cannot_create": {
        "en": (
            "{skus} not on the channel, and coopsync cannot create listings there",
            "create the listing on the channel with the same SKU; the next sync adopts it",
        ),
        "id": (
            "{skus} belum ada di kanal, dan coopsync tidak bisa membuat listing di sana",
            "buat listing di kanal dengan SKU yang sama; sync berikutnya mengadopsinya",
        ),
    },
    "sync.stock_drift": {
        "en": (
            "{sku}: the channel shows {shown} units, coopsync last set {pushed}",
            "set back to {target}; record a count with `coopsync stock count` if the channel"
            " was right",
        ),
        "id": (
            "{sku}: kanal menampilkan {shown} unit, terakhir diisi coopsync {pushed}",
            "dikembalikan ke {target}; catat hitungan dengan `coopsync stock count` bila kanal"
            " yang benar",
        ),
    },
    "sync.stock_drift_kept": {
        "en": (
            "{sku}: the channel shows {shown} units, coopsync last set {pushed}",
            "left as is (--keep-drift)",
        ),
        "id": (
            "{sku}: kanal menampilkan {shown} unit, terakhir diisi coopsync {pushed}",
            "dibiarkan (--keep-drift)",
        ),
    },
    "sync.price_drift": {
        "en": (
            "{sku}: the channel shows Rp{shown}, coopsync last set Rp{pushed}",
            "set back to Rp{target}; change the catalog if the channel was right",
        ),
        "id": (
            "{sku}: kanal menampilkan Rp{shown}, terakhir diisi coopsync Rp{pushed}",
            "dikembalikan ke Rp{target}; ubah katalog bila kanal yang benar",
        ),
    },
    "sync.price_drift_kept": {
        "en": (
            "{sku}: the channel shows Rp{shown}, coopsync last set Rp{pushed}",
            "left as is (--keep-drift)",
        ),
        "id": (
            "{sku}: kanal menampilkan Rp{shown}, terakhir diisi coopsync Rp{pushed}",
            "dibiarkan (--keep-drift)",
        ),
    },
    "sync.unmatched": {
        "en": (
            "listing {remote_id} ({title}) sells SKUs the catalog does not have: {skus}",
            "add them to the catalog, or leave them: coopsync does not touch them",
        ),
        "id": (
            "listing {remote_id} ({title}) menjual SKU yang tidak ada di katalog: {skus}",
            "tambahkan ke katalog, atau biarkan: coopsync tidak menyentuhnya",
        ),
    },
    "sync.campaign_lock": {
        "en": (
            "{sku}: locked by a campaign on {channel}: {reserved} units can still be sold there",
            "coopsync would list {target}; end the campaign's reservation in the seller centre,"
            " or count the stock",
        ),
        "id": (
            "{sku}: dikunci kampanye di {channel}: {reserved} unit masih bisa terjual di sana",
            "coopsync akan menampilkan {target}; akhiri reservasi kampanye di seller centre,"
            " atau hitung stoknya",
        ),
    },
    "sync.other_locations": {
        "en": (
            "warehouse/location {code} holds {units} more units of {skus} SKUs; coopsync shows"
            " them and does not manage them",
            "to manage that warehouse instead, name it in the channel's settings (docs/stock.md)",
        ),
        "id": (
            "gudang/lokasi {code} menyimpan {units} unit lagi dari {skus} SKU; coopsync"
            " menampilkannya tetapi tidak mengelolanya",
            "untuk mengelola gudang itu, sebutkan di pengaturan kanal (docs/stock.md)",
        ),
    },
    # --- command line of the engine commands --------------------------------------------------
    "sync.no_such_channel": {
        "en": ("no channel named {names}", "the channels are: {known}"),
        "id": ("tidak ada kanal bernama {names}", "kanal yang ada: {known}"),
    },
    "sync.channel_disabled": {
        "en": ("channel {names} is disabled", "set `enabled: true` on it in the config to use it"),
        "id": (
            "kanal {names} dimatikan",
            "isi `enabled: true` pada kanal itu di konfigurasi untuk memakainya",
        ),
    },
    "sync.since_not_a_date": {
        "en": ("--since `{got}` is not a date", "write it as YYYY-MM-DD, e.g. 2026-10-01"),
        "id": ("--since `{got}` bukan tanggal", "tulis sebagai YYYY-MM-DD, mis. 2026-10-01"),
    },
    # --- safety refusals (engine/safety.py); the hint is shown on its own line --------------
    "sync.refused_zero_counted": {
        "en": (
            "the plan would set {n} of {stocked} stocked SKUs to zero on {channel}: {counted_n}"
            " counted 0 or 0 in the catalog ({counted})",
            None,
        ),
        "id": (
            "rencana akan membuat {n} dari {stocked} SKU berstok menjadi nol di {channel}:"
            " {counted_n} dihitung 0 atau 0 di katalog ({counted})",
            None,
        ),
    },
    "sync.refused_zero_rules": {
        "en": (
            "the plan would set {n} of {stocked} stocked SKUs to zero on {channel}: {rules_n} by"
            " the channel's stock rules (buffer, percent, max, zero_below) ({rules})",
            None,
        ),
        "id": (
            "rencana akan membuat {n} dari {stocked} SKU berstok menjadi nol di {channel}:"
            " {rules_n} karena aturan stok kanal (buffer, percent, max, zero_below) ({rules})",
            None,
        ),
    },
    "sync.refused_zero_counted_rules": {
        "en": (
            "the plan would set {n} of {stocked} stocked SKUs to zero on {channel}: {counted_n}"
            " counted 0 or 0 in the catalog ({counted}); {rules_n} by the channel's stock rules"
            " ({rules})",
            None,
        ),
        "id": (
            "rencana akan membuat {n} dari {stocked} SKU berstok menjadi nol di {channel}:"
            " {counted_n} dihitung 0 atau 0 di katalog ({counted}); {rules_n} karena aturan"
            " stok kanal ({rules})",
            None,
        ),
    },
    "sync.refused_delist": {
        "en": (
            "the plan would delist or retire (take down) {n} of {managed} SKUs coopsync manages "
            "on {channel}",
            None,
        ),
        "id": (
            "rencana akan menurunkan {n} dari {managed} SKU yang dikelola coopsync di {channel}",
            None,
        ),
    },
    # --- run notes (engine/run.py) ------------------------------------------------------------
    "sync.unknown_sku_sold": {
        "en": (
            "{count} order line(s) sell SKUs the catalog does not have: {skus}; their units are"
            " not counted",
            "add the SKU to the catalog, or correct it where the sale was recorded",
        ),
        "id": (
            "{count} baris pesanan menjual SKU yang tidak ada di katalog: {skus}; jumlahnya tidak"
            " dihitung",
            "tambahkan SKU itu ke katalog, atau perbaiki di tempat penjualan dicatat",
        ),
    },
    "sync.price_list_written": {
        "en": ("price list written: {path}", None),
        "id": ("daftar harga ditulis: {path}", None),
    },
}
