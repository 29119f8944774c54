"""Messages of `coopsync doctor`: each check's line and its fix.

Each entry is `(message, suggestion)`; placeholders are `str.format` fields. When a suggestion
names a field that is empty, the `<code>/alt` entry's suggestion is used instead (or none).
"""

from __future__ import annotations

from coopsync.messages.types import Entry

MESSAGES: dict[str, dict[str, Entry]] = {
    # --- doctor ------------------------------------------------------------------------------
    "doctor.title": {"en": ("Doctor", None), "id": ("Pemeriksaan", None)},
    "doctor.columns": {
        "en": ("channel|check|status|found|fix", None),
        "id": ("kanal|periksa|status|temuan|perbaikan", None),
    },
    "doctor.shop": {"en": ("(shop)", None), "id": ("(toko)", None)},
    "doctor.what.credentials": {"en": ("credentials", None), "id": ("kredensial", None)},
    "doctor.what.token": {"en": ("token", None), "id": ("token", None)},
    "doctor.what.shop": {"en": ("shop", None), "id": ("toko", None)},
    "doctor.what.approval": {"en": ("owner's approval", None), "id": ("izin pemilik", None)},
    "doctor.what.refresh": {"en": ("refresh token", None), "id": ("refresh token", None)},
    "doctor.what.access": {"en": ("access token", None), "id": ("token akses", None)},
    "doctor.what.call": {"en": ("one call", None), "id": ("satu panggilan", None)},
    "doctor.what.catalog": {"en": ("catalog", None), "id": ("katalog", None)},
    "doctor.what.location": {"en": ("warehouse", None), "id": ("gudang", None)},
    "doctor.location_unset": {
        "en": (
            "the shop keeps stock in several warehouses/locations ({codes}) and the channel "
            "names none: coopsync manages the platform's first one",
            None,
        ),
        "id": (
            "toko menyimpan stok di beberapa gudang/lokasi ({codes}) dan kanal tidak menyebut "
            "satu pun: coopsync mengelola yang pertama dari platform",
            None,
        ),
    },
    "doctor.location_unset_fix": {
        "en": (
            "name the one coopsync manages under channels.{channel} in the config, e.g. "
            "`{setting}: {example}` (docs/stock.md)",
            None,
        ),
        "id": (
            "sebutkan yang dikelola coopsync di channels.{channel} pada config, misalnya "
            "`{setting}: {example}` (docs/stock.md)",
            None,
        ),
    },
    "doctor.what.state": {"en": ("state file", None), "id": ("berkas state", None)},
    "doctor.status.ok": {"en": ("ok", None), "id": ("ok", None)},
    "doctor.status.warn": {"en": ("soon", None), "id": ("segera", None)},
    "doctor.status.fail": {"en": ("fix", None), "id": ("perbaiki", None)},
    "doctor.status.human": {"en": ("log in", None), "id": ("login", None)},
    "doctor.sandbox": {
        "en": ("sandbox: no credentials needed", None),
        "id": ("sandbox: tidak perlu kredensial", None),
    },
    "doctor.credentials_ok": {
        "en": ("every required credential is set", None),
        "id": ("semua kredensial wajib sudah diisi", None),
    },
    "doctor.token_ok": {
        "en": ("valid until {at:%Y-%m-%d %H:%M} UTC", None),
        "id": ("berlaku sampai {at:%Y-%m-%d %H:%M} UTC", None),
    },
    "doctor.reauthorise_fix": {
        "en": ("run `coopsync connect {channel}` with the shop owner", None),
        "id": ("jalankan `coopsync connect {channel}` bersama pemilik toko", None),
    },
    "doctor.connected_shop": {
        "en": ("connected to {shop} (shop id {shop_id}{region})", None),
        "id": ("terhubung ke {shop} (id toko {shop_id}{region})", None),
    },
    "doctor.until": {
        "en": ("until {at:%Y-%m-%d}: {days} days left", None),
        "id": ("sampai {at:%Y-%m-%d}: sisa {days} hari", None),
    },
    "doctor.ends_soon": {
        "en": ("ends {at:%Y-%m-%d %H:%M} UTC: {days} days left (the {tier}-day warning)", None),
        "id": ("berakhir {at:%Y-%m-%d %H:%M} UTC: sisa {days} hari (peringatan {tier} hari)", None),
    },
    "doctor.ended": {
        "en": ("ended {at:%Y-%m-%d %H:%M} UTC", None),
        "id": ("sudah berakhir {at:%Y-%m-%d %H:%M} UTC", None),
    },
    "doctor.access_renewed": {
        "en": ("until {at:%Y-%m-%d %H:%M} UTC ({hours} hours); coopsync renews it", None),
        "id": ("sampai {at:%Y-%m-%d %H:%M} UTC ({hours} jam); coopsync memperbaruinya", None),
    },
    "doctor.keys_never": {
        "en": ("keys that do not expire (until revoked in the shop)", None),
        "id": ("kunci tanpa batas waktu (sampai dicabut di toko)", None),
    },
    "doctor.connect": {
        "en": ("run `coopsync connect {channel}` with the shop owner", None),
        "id": ("jalankan `coopsync connect {channel}` bersama pemilik toko", None),
    },
    "doctor.connect_soon": {
        "en": ("before then, run `coopsync connect {channel}` with the shop owner", None),
        "id": ("sebelum itu, jalankan `coopsync connect {channel}` bersama pemilik toko", None),
    },
    "doctor.call_ok": {"en": ("answered", None), "id": ("menjawab", None)},
    "doctor.call_none": {
        "en": ("no API to call (files only)", None),
        "id": ("tidak ada API (hanya berkas)", None),
    },
    "doctor.call_auth": {
        "en": ("refused our credentials: {detail}", None),
        "id": ("menolak kredensial kita: {detail}", None),
    },
    "doctor.call_failed": {
        "en": ("did not answer: {detail}", None),
        "id": ("tidak menjawab: {detail}", None),
    },
    "doctor.call_failed_fix": {
        "en": ("check the internet connection and base_url, then run doctor again", None),
        "id": ("periksa koneksi internet dan base_url, lalu jalankan doctor lagi", None),
    },
    "doctor.catalog_ok": {
        "en": ("every product fits the channel's rules", None),
        "id": ("semua produk memenuhi aturan kanal", None),
    },
    "doctor.catalog_problem": {"en": ("{detail}", None), "id": ("{detail}", None)},
    "doctor.not_checked": {
        "en": ("not checked: the state file must be fixed first", None),
        "id": ("tidak diperiksa: berkas state harus diperbaiki dulu", None),
    },
    "doctor.state_new": {
        "en": ("not created yet (the first run makes it)", None),
        "id": ("belum dibuat (run pertama membuatnya)", None),
    },
    "doctor.state_ok": {"en": ("intact", None), "id": ("utuh", None)},
    "doctor.state_bad": {
        "en": ("damaged: {detail}", None),
        "id": ("rusak: {detail}", None),
    },
    "doctor.state_bad_fix": {
        "en": (
            "move the state folder away; the next run starts a new one and pulls the orders again",
            None,
        ),
        "id": (
            "pindahkan folder state; run berikutnya membuat yang baru dan mengambil pesanan lagi",
            None,
        ),
    },
}
