"""Messages about the config's own settings (shop, channels, state, stock rules); reading the
files is `loading`, the catalog's values `catalog`.

Each entry is `(message, suggestion)`; placeholders are `str.format` fields. When a suggestion
names a field that is empty, the `<code>/alt` entry's suggestion is used instead (or none).
"""

from __future__ import annotations

from coopsync.messages.types import Entry

MESSAGES: dict[str, dict[str, Entry]] = {
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
}
