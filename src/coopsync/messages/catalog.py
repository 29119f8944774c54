"""Messages about the catalog's values and each channel's listing rules (what a platform
accepts).

Each entry is `(message, suggestion)`; placeholders are `str.format` fields. When a suggestion
names a field that is empty, the `<code>/alt` entry's suggestion is used instead (or none).
"""

from __future__ import annotations

from coopsync.messages.types import Entry

MESSAGES: dict[str, dict[str, Entry]] = {
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
