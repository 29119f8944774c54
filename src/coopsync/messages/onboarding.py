"""Messages of getting a shop started: `init`, `import` of a spreadsheet, `onboard`, and
`stock move` (units placed at a manual channel).

Each entry is `(message, suggestion)`; placeholders are `str.format` fields. When a suggestion
names a field that is empty, the `<code>/alt` entry's suggestion is used instead (or none).
"""

from __future__ import annotations

from coopsync.messages.types import Entry

MESSAGES: dict[str, dict[str, Entry]] = {
    # --- import ----------------------------------------------------------------------------
    "import.row": {"en": ("row", None), "id": ("baris", None)},
    "import.what": {
        "en": ("give a spreadsheet, or --from-channel NAME (one of the two)", None),
        "id": ("sebutkan satu spreadsheet, atau --from-channel NAMA (salah satu)", None),
    },
    "import.what_hint": {
        "en": ("e.g. coopsync import produk.xlsx", None),
        "id": ("misalnya coopsync import produk.xlsx", None),
    },
    "import.no_config": {
        "en": ("{file} does not exist yet", None),
        "id": ("{file} belum ada", None),
    },
    "import.no_config_hint": {
        "en": ("run `coopsync init` first (or give the config with -c)", None),
        "id": ("jalankan `coopsync init` dulu (atau sebutkan config dengan -c)", None),
    },
    "import.unreadable": {
        "en": ("cannot read {file}: {why}", None),
        "id": ("tidak bisa membaca {file}: {why}", None),
    },
    "import.unreadable_hint": {
        "en": ("check the path of the spreadsheet", None),
        "id": ("periksa lokasi spreadsheet-nya", None),
    },
    "import.too_big": {
        "en": ("{file} is larger than {mb} MB", None),
        "id": ("{file} lebih dari {mb} MB", None),
    },
    "import.too_big_hint": {
        "en": ("keep only the product sheet, without pictures inside it", None),
        "id": ("simpan hanya lembar produk, tanpa gambar di dalamnya", None),
    },
    "import.too_many_rows": {
        "en": ("{file} has more than {rows} rows", None),
        "id": ("{file} punya lebih dari {rows} baris", None),
    },
    "import.too_many_rows_hint": {
        "en": ("split it into several files and import them one by one", None),
        "id": ("pecah menjadi beberapa berkas dan impor satu per satu", None),
    },
    "import.zip_bomb": {
        "en": ("{file} would unpack to far more than a spreadsheet: refused", None),
        "id": ("{file} terurai jauh lebih besar dari spreadsheet biasa: ditolak", None),
    },
    "import.zip_bomb_hint": {
        "en": ("open it in a spreadsheet program and save it again as .xlsx or .csv", None),
        "id": ("buka di program spreadsheet lalu simpan lagi sebagai .xlsx atau .csv", None),
    },
    "import.not_xlsx": {
        "en": ("{file} is not a readable .xlsx file", None),
        "id": ("{file} bukan berkas .xlsx yang bisa dibaca", None),
    },
    "import.not_xlsx_hint": {
        "en": ("save it again from the spreadsheet program as .xlsx, or as .csv", None),
        "id": ("simpan lagi dari program spreadsheet sebagai .xlsx, atau .csv", None),
    },
    "import.old_xls": {
        "en": ("{file} is an old .xls file", None),
        "id": ("{file} berkas .xls lama", None),
    },
    "import.old_xls_hint": {
        "en": ("save it as .xlsx or .csv (File → Save as) and import that", None),
        "id": ("simpan sebagai .xlsx atau .csv (File → Simpan sebagai) lalu impor itu", None),
    },
    "import.unknown_type": {
        "en": ("{file}: only .xlsx and .csv spreadsheets can be imported", None),
        "id": ("{file}: hanya spreadsheet .xlsx dan .csv yang bisa diimpor", None),
    },
    "import.unknown_type_hint": {
        "en": ("save the sheet as .xlsx or .csv", None),
        "id": ("simpan lembarnya sebagai .xlsx atau .csv", None),
    },
    "import.no_header": {
        "en": (
            "no header row found: one row must name the columns, at least a name (nama) "
            "and a price (harga)",
            None,
        ),
        "id": (
            "baris judul kolom tidak ditemukan: satu baris harus menamai kolom, paling sedikit "
            "nama dan harga",
            None,
        ),
    },
    "import.no_price": {
        "en": ("{title}: the price is empty", None),
        "id": ("{title}: harganya kosong", None),
    },
    "import.bad_price": {
        "en": ("price {value!r} is not whole rupiah (write 25000 or Rp 25.000)", None),
        "id": ("harga {value!r} bukan rupiah bulat (tulis 25000 atau Rp 25.000)", None),
    },
    "import.no_stock": {
        "en": ("{title}: the stock is empty (write 0 when none is on the shelf)", None),
        "id": ("{title}: stoknya kosong (tulis 0 bila tidak ada di rak)", None),
    },
    "import.bad_stock": {
        "en": ("stock {value!r} is not a whole number of units", None),
        "id": ("stok {value!r} bukan bilangan bulat", None),
    },
    "import.bad_weight": {
        "en": ("weight {value!r} is not grams (write 300 or 0,3 kg)", None),
        "id": ("berat {value!r} bukan gram (tulis 300 atau 0,3 kg)", None),
    },
    "import.bad_dimensions": {
        "en": ("package size {value} is not whole centimetres", None),
        "id": ("ukuran paket {value} bukan sentimeter bulat", None),
    },
    "import.no_title": {
        "en": ("the product name is empty", None),
        "id": ("nama produknya kosong", None),
    },
    "import.same_product": {
        "en": (
            "{title} is already on row {first}, with no size, colour or variant to tell them apart",
            None,
        ),
        "id": (
            "{title} sudah ada di baris {first}, tanpa ukuran, warna atau varian pembeda",
            None,
        ),
    },
    "import.same_variant": {
        "en": ("{title}: the same variant is already on row {first}", None),
        "id": ("{title}: varian yang sama sudah ada di baris {first}", None),
    },
    "import.duplicate_sku": {
        "en": ("SKU {sku} is used by an earlier row", None),
        "id": ("SKU {sku} sudah dipakai baris sebelumnya", None),
    },
    "import.sku_exists": {
        "en": ("SKU {sku} is already in the catalog: row skipped", None),
        "id": ("SKU {sku} sudah ada di katalog: baris dilewati", None),
    },
    "import.nothing": {
        "en": ("no product could be imported from {file}", None),
        "id": ("tidak ada produk yang bisa diimpor dari {file}", None),
    },
    "import.nothing_hint": {
        "en": ("fix the rows listed above and import again", None),
        "id": ("perbaiki baris di atas lalu impor lagi", None),
    },
    "import.rows_left_out": {
        "en": ("{count} rows were left out: fix them and import the file again", None),
        "id": ("{count} baris tidak diimpor: perbaiki lalu impor berkasnya lagi", None),
    },
    "import.would_add": {
        "en": ("would add {products} products ({variants} variants) to {file}", None),
        "id": ("akan menambah {products} produk ({variants} varian) ke {file}", None),
    },
    "import.added": {
        "en": ("added {products} products ({variants} variants) to {file}", None),
        "id": ("{products} produk ({variants} varian) ditambahkan ke {file}", None),
    },
    "import.backup": {
        "en": ("the file as it was is kept in {file}", None),
        "id": ("berkas sebelumnya disimpan di {file}", None),
    },
    "import.catalog_shape": {
        "en": ("{file} has no product list to add to", None),
        "id": ("{file} tidak punya daftar produk untuk ditambah", None),
    },
    "import.catalog_shape_hint": {
        "en": ("the catalog must be a list of products, or `products:` with a list", None),
        "id": ("katalog harus berupa daftar produk, atau `products:` berisi daftar", None),
    },
    "import.fix_then_onboard": {
        "en": ("fix the problems above in the catalog, then run `coopsync onboard`", None),
        "id": ("perbaiki masalah di atas di katalog, lalu jalankan `coopsync onboard`", None),
    },
    "import.next": {
        "en": ("the catalog is valid; next: `coopsync onboard`", None),
        "id": ("katalog valid; berikutnya: `coopsync onboard`", None),
    },
    "import.no_channel": {
        "en": ("no channel named {channel!r}", None),
        "id": ("tidak ada kanal bernama {channel!r}", None),
    },
    "import.listing_without_sku": {
        "en": (
            "listing {id} ({title}) has a variant without a SKU: left out — give every "
            "variant a SKU in the seller centre and import again",
            None,
        ),
        "id": (
            "listing {id} ({title}) punya varian tanpa SKU: dilewati — isi SKU setiap varian "
            "di pusat penjual lalu impor lagi",
            None,
        ),
    },
    "import.channel_nothing": {
        "en": ("every listing of {channel} is already in the catalog", None),
        "id": ("semua listing {channel} sudah ada di katalog", None),
    },
    "import.adopted": {
        "en": (
            "{count} SKUs keep their listings on {channel}: the first push updates them, "
            "it does not list them again. The stock is the channel's: count the shelf and fix "
            "`stock:` before the first sync",
            None,
        ),
        "id": (
            "{count} SKU memakai listing yang sudah ada di {channel}: push pertama "
            "memperbaruinya, tidak membuat listing baru. Stoknya dari kanal: hitung rak dan "
            "perbaiki `stock:` sebelum sync pertama",
            None,
        ),
    },
    # --- onboard -----------------------------------------------------------------------------
    "onboard.step_valid": {
        "en": ("1/4 the catalog is valid: {products} products, {variants} variants", None),
        "id": ("1/4 katalog valid: {products} produk, {variants} varian", None),
    },
    "onboard.doctor_failed": {
        "en": ("fix the problems in the table, then run `coopsync onboard` again", None),
        "id": ("perbaiki masalah di tabel, lalu jalankan `coopsync onboard` lagi", None),
    },
    "onboard.step_doctor": {
        "en": ("2/4 {channels} channels are ready; listing the products…", None),
        "id": ("2/4 {channels} kanal siap; membuat listing produk…", None),
    },
    "onboard.step_pushed": {
        "en": ("3/4 listings made and the first stock and prices pushed", None),
        "id": ("3/4 listing dibuat dan stok serta harga pertama dikirim", None),
    },
    "onboard.channel_links": {
        "en": ("{channel}: {listed} of {wanted} SKUs listed, in {listings} listings", None),
        "id": ("{channel}: {listed} dari {wanted} SKU tayang, dalam {listings} listing", None),
    },
    "onboard.nothing_for_a_person": {
        "en": ("4/4 nothing needs a person", None),
        "id": ("4/4 tidak ada yang perlu dikerjakan manual", None),
    },
    "onboard.needs_person": {
        "en": ("4/4 needs a person:", None),
        "id": ("4/4 perlu dikerjakan manual:", None),
    },
    "onboard.cron": {
        "en": ("The sync, for `crontab -e` (daytime every 30 minutes, and nightly):", None),
        "id": ("Sync untuk `crontab -e` (siang tiap 30 menit, dan tiap malam):", None),
    },
    "onboard.run_again": {
        "en": (
            "some items failed: fix them and run `coopsync onboard` again; what is listed "
            "stays listed, nothing is listed twice",
            None,
        ),
        "id": (
            "beberapa item gagal: perbaiki lalu jalankan `coopsync onboard` lagi; yang sudah "
            "tayang tetap, tidak ada yang tayang dua kali",
            None,
        ),
    },
    # --- stock move --------------------------------------------------------------------------
    "move.where": {
        "en": ("say where the units go with --to CHANNEL (or --back --from CHANNEL)", None),
        "id": ("sebutkan tujuan dengan --to KANAL (atau --back --from KANAL)", None),
    },
    "move.where_hint": {
        "en": ("e.g. coopsync stock move KMJ-PRG-M 3 --to pojok", None),
        "id": ("misalnya coopsync stock move KMJ-PRG-M 3 --to pojok", None),
    },
    "move.too_many": {
        "en": ("{sku}: cannot place {n}, only {free} are free to place", None),
        "id": ("{sku}: tidak bisa menitipkan {n}, hanya {free} yang bebas", None),
    },
    "move.too_many_hint": {
        "en": ("count the shelf with `coopsync stock count` if the number is wrong", None),
        "id": ("hitung rak dengan `coopsync stock count` bila angkanya salah", None),
    },
    "move.back_too_many": {
        "en": ("{sku}: {channel} holds {n} unsold units", None),
        "id": ("{sku}: {channel} memegang {n} unit yang belum terjual", None),
    },
    "move.placed": {
        "en": (
            "{sku}: {n} placed at {channel}, which now holds {held}; {online} left for the "
            "other channels at the next sync",
            None,
        ),
        "id": (
            "{sku}: {n} dititipkan di {channel}, kini memegang {held}; sisa {online} untuk "
            "kanal lain pada sync berikutnya",
            None,
        ),
    },
    "move.back": {
        "en": (
            "{sku}: {n} back from {channel}, which now holds {held}; {online} for the other "
            "channels at the next sync",
            None,
        ),
        "id": (
            "{sku}: {n} kembali dari {channel}, kini memegang {held}; {online} untuk kanal lain "
            "pada sync berikutnya",
            None,
        ),
    },
    "export.no_price_list": {
        "en": ("channel {channel!r} has no price list to export", None),
        "id": ("kanal {channel!r} tidak punya daftar harga untuk diekspor", None),
    },
    "export.wrote": {"en": ("wrote {file}", None), "id": ("menulis {file}", None)},
    # --- init --------------------------------------------------------------------------------
    "init.ask_name": {"en": ("Shop name", None), "id": ("Nama toko", None)},
    "init.ask_language": {
        "en": ("Language of messages and reports (id/en)", None),
        "id": ("Bahasa pesan dan laporan (id/en)", None),
    },
    "init.ask_channels": {
        "en": ("Channels (platforms, comma separated; each starts as a sandbox)", None),
        "id": ("Kanal (platform, pisahkan dengan koma; semua mulai sebagai sandbox)", None),
    },
    "init.bad_language": {
        "en": ("language {value!r}: write id or en", None),
        "id": ("bahasa {value!r}: tulis id atau en", None),
    },
    "init.unknown_platform": {
        "en": ("no platform named {platform!r} is installed", None),
        "id": ("tidak ada platform bernama {platform!r} yang terpasang", None),
    },
    "init.platforms": {
        "en": ("the platforms are: {platforms}", None),
        "id": ("platform yang ada: {platforms}", None),
    },
    "init.kept": {
        "en": ("{file} exists: kept as it is", None),
        "id": ("{file} sudah ada: dibiarkan", None),
    },
    "init.wrote": {"en": ("wrote {file}", None), "id": ("menulis {file}", None)},
    "init.next": {
        "en": (
            "next: `coopsync import produk.xlsx` (your spreadsheet), then `coopsync onboard`",
            None,
        ),
        "id": (
            "berikutnya: `coopsync import produk.xlsx` (spreadsheet Anda), lalu `coopsync onboard`",
            None,
        ),
    },
}
