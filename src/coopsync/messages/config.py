"""Messages about reading and validating the config and catalog files, and channel listing rules.

Each entry is `(message, suggestion)`; placeholders are `str.format` fields. When a suggestion
names a field that is empty, the `<code>/alt` entry's suggestion is used instead (or none).
"""

from __future__ import annotations

from coopsync.messages.types import Entry

MESSAGES: dict[str, dict[str, Entry]] = {
    # --- reading files -------------------------------------------------------------------
    "file_missing": {
        "en": ("{what} file not found", "check the path, or pass the right file with -c FILE"),
        "id": (
            "berkas {what} tidak ditemukan",
            "periksa lokasinya, atau beri berkas yang benar dengan -c BERKAS",
        ),
    },
    "catalog_file_missing": {
        "en": (
            "catalog file {file} not found",
            "the `catalog:` path is relative to this config file",
        ),
        "id": (
            "berkas katalog {file} tidak ditemukan",
            "lokasi `catalog:` relatif terhadap berkas konfigurasi ini",
        ),
    },
    "catalog_is_directory": {
        "en": ("{file} is a folder, not a catalog file", "name the YAML file itself"),
        "id": ("{file} adalah folder, bukan berkas katalog", "sebut berkas YAML-nya"),
    },
    "catalog_file_unreadable": {
        "en": ("cannot read the catalog file {file}: {reason}", "check the file's permissions"),
        "id": ("berkas katalog {file} tidak bisa dibaca: {reason}", "periksa izin akses berkas"),
    },
    "bad_tag": {
        "en": ("YAML tag `{tag}` is not allowed", "remove the tag; plain YAML is enough"),
        "id": ("tag YAML `{tag}` tidak diizinkan", "hapus tag-nya; YAML biasa sudah cukup"),
    },
    "is_directory": {
        "en": ("this is a folder, not a {what} file", "give the path of the YAML file itself"),
        "id": ("ini folder, bukan berkas {what}", "beri lokasi berkas YAML-nya sendiri"),
    },
    "file_unreadable": {
        "en": ("cannot read the {what} file: {reason}", "check the file's permissions"),
        "id": ("berkas {what} tidak bisa dibaca: {reason}", "periksa izin akses berkas"),
    },
    "encoding": {
        "en": (
            "the file is not UTF-8 text (byte {byte} here)",
            "save it as UTF-8 (in Notepad: Save As → Encoding: UTF-8)",
        ),
        "id": (
            "berkas bukan teks UTF-8 (byte {byte} di sini)",
            "simpan ulang sebagai UTF-8 (di Notepad: Save As → Encoding: UTF-8)",
        ),
    },
    "encoding_utf16": {
        "en": ("the file starts like UTF-16 but cannot be read as it", "save it as UTF-8"),
        "id": ("berkas tampak UTF-16 tetapi tidak bisa dibaca", "simpan ulang sebagai UTF-8"),
    },
    "control_char": {
        "en": (
            "the file contains a control character {char}",
            "is this really a text file? save it as plain UTF-8 text",
        ),
        "id": (
            "berkas berisi karakter kontrol {char}",
            "apakah ini berkas teks? simpan sebagai teks UTF-8 biasa",
        ),
    },
    "empty_file": {
        "en": ("the file is empty", "copy config.example.yaml and edit it, or run `coopsync init`"),
        "id": (
            "berkas kosong",
            "salin config.example.yaml lalu ubah, atau jalankan `coopsync init`",
        ),
    },
    "too_big": {
        "en": (
            "the file is too large (or its aliases expand to too much)",
            "split it, and avoid nested YAML aliases",
        ),
        "id": (
            "berkas terlalu besar (atau alias YAML-nya berkembang terlalu banyak)",
            "pecah berkasnya, hindari alias YAML bertingkat",
        ),
    },
    "too_deep": {
        "en": ("the file is nested too deeply", "a catalog needs only a few levels of indentation"),
        "id": ("berkas bertingkat terlalu dalam", "katalog hanya butuh beberapa tingkat indentasi"),
    },
    # --- YAML syntax -----------------------------------------------------------------------
    "tab": {
        "en": (
            "tab character in the indentation",
            "YAML indents with spaces only: replace the tab with spaces",
        ),
        "id": ("ada karakter tab di indentasi", "YAML hanya memakai spasi: ganti tab dengan spasi"),
    },
    "syntax": {
        "en": ("YAML syntax error: {detail}", None),
        "id": ("kesalahan sintaks YAML: {detail}", None),
    },
    "syntax_hint": {
        "en": ("", "check this line and the one above it (indentation, colons, quotes)"),
        "id": ("", "periksa baris ini dan baris di atasnya (indentasi, titik dua, tanda kutip)"),
    },
    "syntax_colon": {
        "en": ("", "put text that contains ': ' in quotes, or fix the indentation"),
        "id": ("", "beri tanda kutip pada teks yang mengandung ': ', atau perbaiki indentasi"),
    },
    "syntax_indent": {
        "en": ("", "check the indentation and that every key ends with ':'"),
        "id": ("", "periksa indentasi dan pastikan setiap kunci diakhiri ':'"),
    },
    "syntax_tag": {
        "en": ("", "remove the `!tag`; plain YAML is enough"),
        "id": ("", "hapus `!tag`; YAML biasa sudah cukup"),
    },
    "syntax_documents": {
        "en": ("", "keep one document per file: remove the extra `---`"),
        "id": ("", "satu dokumen per berkas: hapus `---` tambahan"),
    },
    "syntax_quote": {
        "en": ("", "a quote or bracket is not closed"),
        "id": ("", "ada tanda kutip atau kurung yang belum ditutup"),
    },
    "duplicate_key": {
        "en": (
            "`{key_name}` appears twice in the same block (first on line {first_line})",
            "keep one of them",
        ),
        "id": (
            "`{key_name}` muncul dua kali di blok yang sama (pertama di baris {first_line})",
            "sisakan satu saja",
        ),
    },
    "complex_key": {
        "en": ("a key must be a plain word", "write `name: value`"),
        "id": ("kunci harus berupa kata biasa", "tulis `nama: nilai`"),
    },
    "bad_merge": {
        "en": ("`<<:` must merge a mapping", "point it at an anchored mapping (&name)"),
        "id": (
            "`<<:` harus menggabungkan sebuah pemetaan",
            "arahkan ke pemetaan ber-anchor (&nama)",
        ),
    },
    "recursive_alias": {
        "en": ("this alias refers to itself", "remove the alias loop"),
        "id": ("alias ini merujuk ke dirinya sendiri", "hapus alias yang berputar"),
    },
    "bad_scalar": {
        "en": ("cannot read this value: {detail}", "put it in quotes"),
        "id": ("nilai ini tidak bisa dibaca: {detail}", "beri tanda kutip"),
    },
    # --- shapes and types --------------------------------------------------------------------
    "unknown_key_close": {
        "en": ("unknown key `{key_name}`", "did you mean `{close}`?"),
        "id": ("kunci `{key_name}` tidak dikenal", "maksudnya `{close}`?"),
    },
    "unknown_key": {
        "en": ("unknown key `{key_name}`", "allowed here: {allowed}"),
        "id": ("kunci `{key_name}` tidak dikenal", "yang boleh di sini: {allowed}"),
    },
    "shorthand_with_variants": {
        "en": (
            "`{key_name}` on a product that has `variants:`",
            "move `{key_name}` into each variant, or drop `variants:` for a single variant",
        ),
        "id": (
            "`{key_name}` di produk yang punya `variants:`",
            "pindahkan `{key_name}` ke setiap varian, atau hapus `variants:` bila satu varian",
        ),
    },
    "missing_key": {
        "en": ("`{key_name}` is required here", "add `{key_name}:`"),
        "id": ("`{key_name}` wajib diisi di sini", "tambahkan `{key_name}:`"),
    },
    "unknown_choice": {
        "en": ("`{got}` is not one of: {expected}", "did you mean `{close}`?"),
        "id": ("`{got}` bukan salah satu dari: {expected}", "maksudnya `{close}`?"),
    },
    "unknown_choice/alt": {"en": ("", None), "id": ("", None)},
    "expected_int": {
        "en": ("expected a whole number, got `{got}`", "write digits only, e.g. 12"),
        "id": ("harus bilangan bulat, tertulis `{got}`", "tulis angka saja, mis. 12"),
    },
    "expected_number": {
        "en": ("expected a number, got `{got}`", "write digits only, e.g. 5 or 2.5"),
        "id": ("harus angka, tertulis `{got}`", "tulis angka saja, mis. 5 atau 2.5"),
    },
    "expected_text": {
        "en": (
            "expected text, got `{got}`",
            "YAML reads it as a number or yes/no: put it in quotes, '{quote}'",
        ),
        "id": (
            "harus teks, tertulis `{got}`",
            "YAML membacanya sebagai angka atau ya/tidak: beri tanda kutip, '{quote}'",
        ),
    },
    "expected_text/alt": {"en": ("", "write text"), "id": ("", "tulis teks")},
    "expected_bool": {
        "en": ("expected true or false, got `{got}`", "write true or false"),
        "id": ("harus true atau false, tertulis `{got}`", "tulis true atau false"),
    },
    "expected_list": {
        "en": ("expected a list", "write each item on its own line starting with '- '"),
        "id": ("harus berupa daftar", "tulis tiap butir di barisnya sendiri, diawali '- '"),
    },
    "top_not_mapping/list": {
        "en": (
            "the file is a list (lines starting with `- `); a config is `key: value` settings",
            "start with `shop:` and `channels:` as in config.example.yaml; the products go"
            " under `products:`",
        ),
        "id": (
            "berkas ini sebuah daftar (baris diawali `- `); konfigurasi berisi `kunci: nilai`",
            "mulai dengan `shop:` dan `channels:` seperti config.example.yaml; produk di bawah"
            " `products:`",
        ),
    },
    "top_not_mapping/text": {
        "en": (
            "the file holds no `key: value` settings — is this the right file?",
            "a config starts with `shop:` and `channels:`, as in config.example.yaml",
        ),
        "id": (
            "berkas ini tidak berisi pengaturan `kunci: nilai` — benarkah ini berkasnya?",
            "konfigurasi diawali `shop:` dan `channels:`, seperti config.example.yaml",
        ),
    },
    "expected_mapping": {
        "en": ("expected `key: value` entries", "indent the entries below this key"),
        "id": ("harus berisi `kunci: nilai`", "indentasikan isinya di bawah kunci ini"),
    },
    "range_greater_than_equal": {
        "en": ("must be at least {bound}, got `{got}`", None),
        "id": ("minimal {bound}, tertulis `{got}`", None),
    },
    "range_greater_than": {
        "en": ("must be more than {bound}, got `{got}`", None),
        "id": ("harus lebih dari {bound}, tertulis `{got}`", None),
    },
    "range_less_than_equal": {
        "en": ("must be at most {bound}, got `{got}`", None),
        "id": ("maksimal {bound}, tertulis `{got}`", None),
    },
    "range_less_than": {
        "en": ("must be less than {bound}, got `{got}`", None),
        "id": ("harus kurang dari {bound}, tertulis `{got}`", None),
    },
    "too_short": {
        "en": ("must not be empty", "fill it in"),
        "id": ("tidak boleh kosong", "isi nilainya"),
    },
    "too_long": {
        "en": ("is too long (at most {max})", "shorten it"),
        "id": ("terlalu panjang (maksimal {max})", "persingkat"),
    },
    "invalid": {"en": ("{detail}", None), "id": ("{detail}", None)},
    # --- catalog values ----------------------------------------------------------------------
    "rupiah_decimal": {
        "en": ("price must be whole rupiah, got `{got}`", "write {suggested}"),
        "id": ("harga harus rupiah bulat, tertulis `{got}`", "tulis {suggested}"),
    },
    "rupiah_decimal/alt": {
        "en": ("", "write digits only, no dots or commas, e.g. 25000"),
        "id": ("", "tulis angka saja tanpa titik atau koma, mis. 25000"),
    },
    "rupiah_text": {
        "en": ("price must be a number of rupiah, not text: `{got}`", "write {suggested}"),
        "id": ("harga harus angka rupiah, bukan teks: `{got}`", "tulis {suggested}"),
    },
    "rupiah_text/alt": {
        "en": ("", "write digits only, without Rp, dots or quotes, e.g. 25000"),
        "id": ("", "tulis angka saja, tanpa Rp, titik atau tanda kutip, mis. 25000"),
    },
    "rupiah_type": {
        "en": (
            "price must be a whole number of rupiah, got `{got}`",
            "write digits only, e.g. 25000",
        ),
        "id": (
            "harga harus bilangan bulat rupiah, tertulis `{got}`",
            "tulis angka saja, mis. 25000",
        ),
    },
    "rupiah_low": {
        "en": ("price must be at least Rp 1, got `{got}`", "write the selling price in rupiah"),
        "id": ("harga minimal Rp 1, tertulis `{got}`", "tulis harga jual dalam rupiah"),
    },
    "rupiah_high": {
        "en": (
            "price must be at most Rp {limit}, got `{got}`",
            "check the price: is there an extra zero?",
        ),
        "id": (
            "harga paling banyak Rp {limit}, tertulis `{got}`",
            "periksa harga: ada nol berlebih?",
        ),
    },
    "bad_url": {
        "en": (
            "`{got}` is not a web address",
            "write the full address with https://, e.g. https://tokoku.example",
        ),
        "id": (
            "`{got}` bukan alamat web",
            "tulis alamat lengkap dengan https://, mis. https://tokoku.example",
        ),
    },
    "count_high": {
        "en": (
            "must be at most {limit}, got `{got}`",
            "check the number: is there an extra zero, or a pasted id?",
        ),
        "id": (
            "paling banyak {limit}, tertulis `{got}`",
            "periksa angkanya: ada nol berlebih, atau id yang tertempel?",
        ),
    },
    "negative_count": {
        "en": (
            "cannot be negative, got `{got}`",
            "write the count on the shelf (0 if none are left)",
        ),
        "id": ("tidak boleh negatif, tertulis `{got}`", "tulis jumlah di rak (0 bila habis)"),
    },
    "not_whole": {
        "en": ("expected a whole number, got `{got}`", "write digits only, e.g. 12"),
        "id": ("harus bilangan bulat, tertulis `{got}`", "tulis angka saja, mis. 12"),
    },
    "maker_text": {
        "en": (
            "`maker` is the name of the one member who made the product",
            "write one name as text, e.g. `maker: Bu Sri Lestari`",
        ),
        "id": (
            "`maker` adalah nama satu anggota yang membuat produk ini",
            "tulis satu nama sebagai teks, misalnya `maker: Bu Sri Lestari`",
        ),
    },
    "sku_text": {
        "en": (
            "a SKU must be text, got `{got}`",
            "put it in quotes: '{got}' (YAML changes numbers like 0012)",
        ),
        "id": (
            "SKU harus teks, tertulis `{got}`",
            "beri tanda kutip: '{got}' (YAML mengubah angka seperti 0012)",
        ),
    },
    "formerly_in_catalog": {
        "en": (
            "SKU {sku}: `formerly` names {old}, which is still a SKU in the catalog (at {first})",
            "a renamed variant's old SKU leaves the catalog: remove the variant {old}, or "
            "remove {old} from `formerly` if it is a different variant",
        ),
        "id": (
            "SKU {sku}: `formerly` menyebut {old}, yang masih menjadi SKU di katalog (di {first})",
            "SKU lama dari varian yang diganti namanya harus keluar dari katalog: hapus varian "
            "{old}, atau hapus {old} dari `formerly` jika itu varian lain",
        ),
    },
    "formerly_twice": {
        "en": (
            "SKU {sku}: {old} is in `formerly` of two variants (first at {first})",
            "an old SKU can become only one new SKU: keep it in one `formerly` list",
        ),
        "id": (
            "SKU {sku}: {old} ada di `formerly` dua varian (pertama di {first})",
            "satu SKU lama hanya bisa menjadi satu SKU baru: simpan di satu daftar `formerly` saja",
        ),
    },
    "formerly_self": {
        "en": (
            "`formerly` names the variant's own SKU {sku}",
            "list only the SKUs it was sold under before, or remove `formerly`",
        ),
        "id": (
            "`formerly` menyebut SKU varian itu sendiri, {sku}",
            "tulis hanya SKU lama tempat varian ini dijual sebelumnya, atau hapus `formerly`",
        ),
    },
    "duplicate_sku": {
        "en": ("SKU `{sku}` is used twice (first at {first})", "give every variant its own SKU"),
        "id": (
            "SKU `{sku}` dipakai dua kali (pertama di {first})",
            "beri setiap varian SKU sendiri",
        ),
    },
    "duplicate_product_id": {
        "en": (
            "product id `{product_id}` is used twice (first at {first})",
            "give every product its own id",
        ),
        "id": (
            "id produk `{product_id}` dipakai dua kali (pertama di {first})",
            "beri setiap produk id sendiri",
        ),
    },
    "image_outside": {
        "en": (
            "image {image} is outside the shop's folder {base}",
            "copy the photo into the folder of the config (e.g. foto/) and write its path from"
            " there, or use an https:// URL",
        ),
        "id": (
            "gambar {image} ada di luar folder toko {base}",
            "salin foto ke folder konfigurasi (mis. foto/) dan tulis lokasinya dari sana, atau"
            " pakai URL https://",
        ),
    },
    "image_not_image": {
        "en": (
            "{image} is not a JPEG, PNG or WebP image (by its content)",
            "save the photo as .jpg or .png (any phone or editor can) and point to that file",
        ),
        "id": (
            "{image} bukan gambar JPEG, PNG atau WebP (menurut isinya)",
            "simpan foto sebagai .jpg atau .png (ponsel atau editor apa pun bisa) lalu tunjuk"
            " berkas itu",
        ),
    },
    "image_too_big": {
        "en": (
            "image {image} is {size_mb} MB, the marketplaces take at most {max_mb} MB",
            "make it smaller (e.g. 1000x1000 pixels as JPEG)",
        ),
        "id": (
            "gambar {image} berukuran {size_mb} MB, marketplace menerima paling besar {max_mb} MB",
            "perkecil (mis. 1000x1000 piksel sebagai JPEG)",
        ),
    },
    "image_unreadable": {
        "en": ("image {image} cannot be read: {error}", "check the file's permissions"),
        "id": ("gambar {image} tidak bisa dibaca: {error}", "periksa izin berkas itu"),
    },
    "options_missing": {
        "en": (
            "this product has {count} variants but this one has no `options`",
            "add e.g. `options: {{Ukuran: M}}` so buyers can choose",
        ),
        "id": (
            "produk ini punya {count} varian tetapi varian ini tanpa `options`",
            "tambahkan mis. `options: {{Ukuran: M}}` agar pembeli bisa memilih",
        ),
    },
    "options_differ": {
        "en": (
            "option names {names} differ from the first variant's {first}",
            "use the same option names for every variant",
        ),
        "id": (
            "nama pilihan {names} berbeda dari varian pertama {first}",
            "pakai nama pilihan yang sama di semua varian",
        ),
    },
    "options_duplicate": {
        "en": ("same options as variant {other}", "each variant needs a different combination"),
        "id": ("pilihan sama dengan varian {other}", "setiap varian butuh kombinasi berbeda"),
    },
    "image_missing": {
        "en": (
            "image file not found: {image}",
            "check the path (relative to {base}) or use an https:// URL",
        ),
        "id": (
            "berkas gambar tidak ditemukan: {image}",
            "periksa lokasinya (relatif terhadap {base}) atau pakai URL https://",
        ),
    },
    # --- config ------------------------------------------------------------------------------
    "catalog_and_products": {
        "en": (
            "both `catalog:` and `products:` are set",
            "keep one: a catalog file or an inline product list",
        ),
        "id": (
            "`catalog:` dan `products:` diisi bersamaan",
            "pilih satu: berkas katalog atau daftar produk langsung",
        ),
    },
    "no_products": {
        "en": ("no products", "add `products:` here, or `catalog: products.yaml`"),
        "id": ("tidak ada produk", "tambahkan `products:` di sini, atau `catalog: products.yaml`"),
    },
    "no_channels": {
        "en": (
            "no channels",
            "add a channel under `channels:` (try `platform: {example}` with `sandbox: true`)",
        ),
        "id": (
            "tidak ada kanal",
            "tambahkan kanal di `channels:` (coba `platform: {example}` dengan `sandbox: true`)",
        ),
    },
    "unknown_platform": {
        "en": ("unknown platform `{got}` (known: {known})", "did you mean `{close}`?"),
        "id": ("platform `{got}` tidak dikenal (yang dikenal: {known})", "maksudnya `{close}`?"),
    },
    "unknown_platform/alt": {
        "en": ("", "install the package that provides this adapter, or fix the name"),
        "id": ("", "pasang paket yang menyediakan adapter ini, atau perbaiki namanya"),
    },
    "unknown_channel": {
        "en": (
            "channel `{channel}` is not configured (channels: {known})",
            "did you mean `{close}`?",
        ),
        "id": ("kanal `{channel}` tidak ada di `channels:` ({known})", "maksudnya `{close}`?"),
    },
    "unknown_channel/alt": {
        "en": ("", "add it under `channels:` or remove it here"),
        "id": ("", "tambahkan di `channels:` atau hapus dari sini"),
    },
    "unset_var": {
        "en": (
            "environment variable {names} is not set (needed by channel `{channel}`)",
            "put `{first}=...` in {dotenv}, export it, or set `sandbox: true` on this channel",
        ),
        "id": (
            "variabel lingkungan {names} belum diisi (dibutuhkan kanal `{channel}`)",
            "tulis `{first}=...` di {dotenv}, ekspor, atau pasang `sandbox: true` pada kanal ini",
        ),
    },
    "unset_var_global": {
        "en": (
            "environment variable {names} is not set",
            "put `{first}=...` in {dotenv} or export it",
        ),
        "id": (
            "variabel lingkungan {names} belum diisi",
            "tulis `{first}=...` di {dotenv} atau ekspor",
        ),
    },
    "unset_var_sandbox": {
        "en": (
            "environment variable {names} is not set; fine while channel `{channel}` is a sandbox",
            None,
        ),
        "id": (
            "variabel lingkungan {names} belum diisi; tidak apa selama kanal `{channel}` sandbox",
            None,
        ),
    },
    "missing_credential": {
        "en": (
            "channel `{channel}` ({platform}) needs `{field}` to reach the real marketplace",
            "add `{field}: ${{{env}}}` and put {env}=... in .env, or set `sandbox: true`",
        ),
        "id": (
            "kanal `{channel}` ({platform}) butuh `{field}` untuk terhubung ke marketplace",
            "tambahkan `{field}: ${{{env}}}`, tulis {env}=... di .env, atau pasang `sandbox: true`",
        ),
    },
    "dotenv_line": {
        "en": ("{file} line {line} is not `NAME=value`; ignored", None),
        "id": ("{file} baris {line} bukan `NAMA=nilai`; diabaikan", None),
    },
    "timezone": {
        "en": (
            "unknown time zone `{got}`",
            "Indonesia uses Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT)",
        ),
        "id": (
            "zona waktu `{got}` tidak dikenal",
            "Indonesia memakai Asia/Jakarta (WIB), Asia/Makassar (WITA) atau Asia/Jayapura (WIT)",
        ),
    },
    "scope": {
        "en": ("(SKU {sku}) on channel {channel}", None),
        "id": ("(SKU {sku}) di kanal {channel}", None),
    },
    # --- channel listing rules ---------------------------------------------------------------
    "rule_title_short": {
        "en": (
            "title is {length} characters, {platform} needs {min}–{max}",
            "lengthen the title (or set `{override}`)",
        ),
        "id": (
            "judul {length} karakter, {platform} butuh {min}–{max}",
            "perpanjang judul (atau isi `{override}`)",
        ),
    },
    "rule_title_long": {
        "en": (
            "title is {length} characters, {platform} allows at most {max}",
            "shorten the title (or set a shorter one for this channel)",
        ),
        "id": (
            "judul {length} karakter, {platform} maksimal {max}",
            "persingkat judul (atau beri judul lain khusus kanal ini)",
        ),
    },
    "rule_description_long": {
        "en": (
            "description is {length} characters, {platform} allows at most {max}",
            "shorten the description",
        ),
        "id": ("deskripsi {length} karakter, {platform} maksimal {max}", "persingkat deskripsi"),
    },
    "rule_price_low": {
        "en": (
            "price Rp {price} is below {platform}'s minimum Rp {min}",
            "raise the price for this channel",
        ),
        "id": (
            "harga Rp {price} di bawah minimum {platform} Rp {min}",
            "naikkan harga untuk kanal ini",
        ),
    },
    "rule_price_high": {
        "en": (
            "price Rp {price} is above {platform}'s maximum Rp {max}",
            "check the price: is there an extra zero?",
        ),
        "id": (
            "harga Rp {price} di atas maksimum {platform} Rp {max}",
            "periksa harga: ada nol berlebih?",
        ),
    },
    "rule_stock_high": {
        "en": ("stock {stock} is above {platform}'s maximum {max}; {max} will be listed", None),
        "id": ("stok {stock} di atas maksimum {platform} {max}; yang tampil {max}", None),
    },
    "rule_images_few": {
        "en": (
            "has {count} images, {platform} needs at least {min}",
            "add `images:` (a file path or an https:// URL)",
        ),
        "id": (
            "punya {count} gambar, {platform} butuh minimal {min}",
            "tambahkan `images:` (lokasi berkas atau URL https://)",
        ),
    },
    "rule_images_many": {
        "en": ("has {count} images, {platform} allows at most {max}", "keep the best {max}"),
        "id": ("punya {count} gambar, {platform} maksimal {max}", "pilih {max} yang terbaik"),
    },
    "rule_variants_many": {
        "en": (
            "has {count} variants, {platform} allows at most {max}",
            "split it into several products",
        ),
        "id": ("punya {count} varian, {platform} maksimal {max}", "pecah menjadi beberapa produk"),
    },
    "rule_tiers_many": {
        "en": (
            "varies by {count} options ({names}), {platform} allows at most {max}",
            "combine options, e.g. `Warna-Ukuran`",
        ),
        "id": (
            "bervariasi pada {count} pilihan ({names}), {platform} maksimal {max}",
            "gabungkan pilihan, mis. `Warna-Ukuran`",
        ),
    },
    "rule_option_name_long": {
        "en": (
            "option name `{name}` has {length} characters, {platform} allows at most {max}",
            "shorten the option name (e.g. `Warna` for `Pilihan Warna`)",
        ),
        "id": (
            "nama pilihan `{name}` {length} karakter, {platform} maksimal {max}",
            "pendekkan nama pilihan (mis. `Warna` untuk `Pilihan Warna`)",
        ),
    },
    "rule_option_value_long": {
        "en": (
            "option `{value}` has {length} characters, {platform} allows at most {max}",
            "shorten the option value",
        ),
        "id": (
            "pilihan `{value}` {length} karakter, {platform} maksimal {max}",
            "pendekkan isi pilihan",
        ),
    },
    "rule_required_field_list": {
        "en": (
            "{platform} needs `{field}`",
            "write this channel in the product's `channels:` list as"
            " `- {channel}: {{{field}: ...}}`",
        ),
        "id": (
            "{platform} butuh `{field}`",
            "tulis kanal ini di daftar `channels:` produk sebagai `- {channel}: {{{field}: ...}}`",
        ),
    },
    "rule_required_weight_g": {
        "en": (
            "{platform} needs the parcel weight `weight_g`",
            "add `weight_g: 300` (grams) to this product, or to each of its variants",
        ),
        "id": (
            "{platform} butuh berat paket `weight_g`",
            "tambahkan `weight_g: 300` (gram) pada produk ini, atau pada tiap variannya",
        ),
    },
    "rule_required_dimensions": {
        "en": (
            "{platform} needs the parcel size `dimensions`",
            "add `dimensions: {{length_cm: 30, width_cm: 20, height_cm: 5}}` to this product",
        ),
        "id": (
            "{platform} butuh ukuran paket `dimensions`",
            "tambahkan `dimensions: {{length_cm: 30, width_cm: 20, height_cm: 5}}` pada produk ini",
        ),
    },
    "rule_required_field": {
        "en": (
            "{platform} needs `{field}`",
            "add `channels: {{{channel}: {{{field}: ...}}}}` to this product",
        ),
        "id": (
            "{platform} butuh `{field}`",
            "tambahkan `channels: {{{channel}: {{{field}: ...}}}}` pada produk ini",
        ),
    },
}
