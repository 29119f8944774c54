"""Messages about reading the config and catalog files: the files themselves, YAML syntax, and
the shapes and types of what they hold.

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
}
