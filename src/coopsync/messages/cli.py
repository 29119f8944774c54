"""Messages the command line itself prints: validate's verdict, locks, crashes, interruptions.

Each entry is `(message, suggestion)`; placeholders are `str.format` fields. When a suggestion
names a field that is empty, the `<code>/alt` entry's suggestion is used instead (or none).
"""

from __future__ import annotations

from coopsync.messages.types import Entry

MESSAGES: dict[str, dict[str, Entry]] = {
    # --- CLI ---------------------------------------------------------------------------------
    "cli.valid": {
        "en": ("{file} is valid: {products}, {variants}, {channels} ({names}){disabled}", None),
        "id": ("{file} valid: {products}, {variants}, {channels} ({names}){disabled}", None),
    },
    "cli.valid.disabled": {
        "en": ("; {count} disabled ({names})", None),
        "id": ("; {count} nonaktif ({names})", None),
    },
    # Counted nouns: `<code>.one` for 1, `<code>.many` otherwise (Indonesian has one form).
    "cli.n.products.one": {"en": ("{count} product", None), "id": ("{count} produk", None)},
    "cli.n.products.many": {"en": ("{count} products", None), "id": ("{count} produk", None)},
    "cli.n.variants.one": {"en": ("{count} variant", None), "id": ("{count} varian", None)},
    "cli.n.variants.many": {"en": ("{count} variants", None), "id": ("{count} varian", None)},
    "cli.n.channels.one": {"en": ("{count} channel", None), "id": ("{count} kanal", None)},
    "cli.n.channels.many": {"en": ("{count} channels", None), "id": ("{count} kanal", None)},
    "cli.invalid": {
        "en": ("{count} problem(s) in {file}", "fix them and run `coopsync validate` again"),
        "id": ("{count} masalah di {file}", "perbaiki lalu jalankan `coopsync validate` lagi"),
    },
    "cli.warnings": {
        "en": ("{count} warning(s)", None),
        "id": ("{count} peringatan", None),
    },
    "cli.rules_skipped": {
        "en": ("listing rules for `{platform}` not checked: {reason}", None),
        "id": ("aturan listing `{platform}` tidak diperiksa: {reason}", None),
    },
    "cli.error": {"en": ("error", None), "id": ("galat", None)},
    "cli.warning": {"en": ("warning", None), "id": ("peringatan", None)},
    "cli.unexpected": {
        "en": (
            "{error}",
            "unexpected: a bug in coopsync (exit code 5); run again with --debug and report"
            " the output",
        ),
        "id": (
            "{error}",
            "tak terduga: bug di coopsync (kode keluar 5); jalankan lagi dengan --debug dan"
            " laporkan hasilnya",
        ),
    },
    "cli.unknown_language": {
        "en": ("`{got}` is not a language coopsync speaks", "use `id` (Bahasa Indonesia) or `en`"),
        "id": ("coopsync tidak mengenal bahasa `{got}`", "pakai `id` (Bahasa Indonesia) atau `en`"),
    },
    "cli.lock_held": {
        "en": (
            "another coopsync run holds the lock for this shop: `{command}` (pid {pid} on"
            " {host}) since {since}",
            "wait for it to finish, or stop that process; a run that was killed releases the"
            " lock by itself",
        ),
        "id": (
            "proses coopsync lain sedang memegang kunci toko ini: `{command}` (pid {pid} di"
            " {host}) sejak {since}",
            "tunggu sampai selesai, atau hentikan proses itu; proses yang mati melepas kuncinya"
            " sendiri",
        ),
    },
    "cli.path_unusable": {
        "en": ("cannot use {path}: {reason}", "check the path in the config or the command line"),
        "id": (
            "tidak bisa memakai {path}: {reason}",
            "periksa lokasi itu di konfigurasi atau di perintah",
        ),
    },
    "cli.no_run_yet": {
        "en": ("No run yet: start with `coopsync sync`.", None),
        "id": ("Belum pernah jalan: mulai dengan `coopsync sync`.", None),
    },
    "cli.interrupted": {"en": ("interrupted", None), "id": ("dihentikan", None)},
    # --- coopsync retire ----------------------------------------------------------------------
    "retire.unknown": {
        "en": ("no product or variant `{sku}` in the catalog", None),
        "id": ("tidak ada produk atau varian `{sku}` di katalog", None),
    },
    "retire.unknown_hint": {
        "en": ("give a variant's SKU or a product's id, as written in the catalog", None),
        "id": ("tulis SKU varian atau id produk, persis seperti di katalog", None),
    },
    "retire.not_in_file": {
        "en": (
            "`{sku}` is not written in the catalog file itself",
            "write `status: retired` on it by hand",
        ),
        "id": (
            "`{sku}` tidak tertulis di berkas katalog itu sendiri",
            "tulis `status: retired` padanya secara manual",
        ),
    },
    "retire.when_sold": {
        "en": (
            "{what} is retired in {file}: the next `coopsync sync` takes its listings down on "
            "every channel once its last units are sold",
            "to take it down at once: `coopsync retire {what} --now`",
        ),
        "id": (
            "{what} dipensiunkan di {file}: `coopsync sync` berikutnya menurunkan listingnya di "
            "semua kanal setelah sisa unitnya terjual",
            "untuk menurunkan sekarang juga: `coopsync retire {what} --now`",
        ),
    },
    "retire.now": {
        "en": (
            "{what} is retired in {file}: the next `coopsync sync` takes its listings down on "
            "every channel at once",
            "bring it back with `coopsync retire {what} --back`",
        ),
        "id": (
            "{what} dipensiunkan di {file}: `coopsync sync` berikutnya langsung menurunkan "
            "listingnya di semua kanal",
            "jual lagi dengan `coopsync retire {what} --back`",
        ),
    },
    "retire.back": {
        "en": (
            "{what} is back on sale in {file}: the next `coopsync sync` puts its listings back "
            "with their stock and price",
            None,
        ),
        "id": (
            "{what} dijual lagi di {file}: `coopsync sync` berikutnya menampilkan lagi listingnya "
            "dengan stok dan harganya",
            None,
        ),
    },
}
