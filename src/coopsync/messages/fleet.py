"""Messages of `coopsync fleet`: the shops of an office, their queue, workers and status."""

from __future__ import annotations

from coopsync.messages.types import Entry

MESSAGES: dict[str, dict[str, Entry]] = {
    "fleet.no_url": {
        "en": (
            "no fleet database given",
            "pass --state-url postgresql://USER@HOST/DB or set COOPSYNC_STATE_URL (docs/fleet.md)",
        ),
        "id": (
            "database armada belum diberikan",
            "isi --state-url postgresql://USER@HOST/DB atau set COOPSYNC_STATE_URL (docs/fleet.md)",
        ),
    },
    "fleet.bad_url": {
        "en": (
            "the fleet database must be PostgreSQL, got '{url}'",
            "write it as postgresql://USER@HOST:5432/DB",
        ),
        "id": (
            "database armada harus PostgreSQL, tertulis '{url}'",
            "tulis sebagai postgresql://USER@HOST:5432/DB",
        ),
    },
    "fleet.db_unreachable": {
        "en": (
            "cannot reach the fleet database: {reason}",
            "check that PostgreSQL runs and the address, user and password are right",
        ),
        "id": (
            "database armada tidak bisa dihubungi: {reason}",
            "pastikan PostgreSQL berjalan dan alamat, user dan kata sandinya benar",
        ),
    },
    "fleet.added": {
        "en": ("added {name} ({shop}) from {config}", None),
        "id": ("{name} ({shop}) ditambahkan dari {config}", None),
    },
    "fleet.updated": {
        "en": ("{name} ({shop}) now reads {config}", None),
        "id": ("{name} ({shop}) sekarang memakai {config}", None),
    },
    "fleet.not_added": {
        "en": ("{config} was not added: fix the problems above and add it again", None),
        "id": ("{config} tidak ditambahkan: perbaiki masalah di atas lalu tambahkan lagi", None),
    },
    "fleet.same_name": {
        "en": (
            "{config} was not added: its shop.name '{shop}' is also shop {other}'s",
            "give each shop its own shop.name (their states would mix)",
        ),
        "id": (
            "{config} tidak ditambahkan: shop.name '{shop}' juga dipakai toko {other}",
            "beri setiap toko shop.name sendiri (state-nya akan tercampur)",
        ),
    },
    "fleet.name_for_one": {
        "en": ("--name goes with one config only", "add the shops one by one to name them"),
        "id": ("--name hanya untuk satu config", "tambahkan toko satu per satu untuk menamainya"),
    },
    "fleet.bad_name": {
        "en": (
            "'{name}' cannot be a shop's fleet name",
            "use lowercase letters, digits and dashes, e.g. toko-sari",
        ),
        "id": (
            "'{name}' tidak bisa jadi nama toko di armada",
            "pakai huruf kecil, angka dan tanda minus, mis. toko-sari",
        ),
    },
    "fleet.removed": {
        "en": ("{name} removed from the fleet (its state and config are untouched)", None),
        "id": ("{name} dikeluarkan dari armada (state dan config-nya tidak diubah)", None),
    },
    "fleet.unknown_shop": {
        "en": ("no shop named '{name}' in the fleet", "the shops are: {known}"),
        "id": ("tidak ada toko bernama '{name}' di armada", "toko yang ada: {known}"),
    },
    "fleet.empty": {
        "en": ("the fleet has no shops yet", "add one: coopsync fleet add toko/coopsync.yaml"),
        "id": (
            "armada belum punya toko",
            "tambahkan: coopsync fleet add toko/coopsync.yaml",
        ),
    },
    "fleet.list_columns": {
        "en": ("shop|name|config|waiting for a person", None),
        "id": ("toko|nama|config|menunggu orang", None),
    },
    "fleet.queued": {
        "en": ("{count} sync(s) queued ({kind}); {waiting} shop(s) were already waiting", None),
        "id": ("{count} sinkron diantrekan ({kind}); {waiting} toko sudah menunggu", None),
    },
    "fleet.schedule": {
        "en": (
            "quiet sync: cron '{quiet}' (UTC); full sync: cron '{full}' (UTC); "
            "next quiet {next_quiet}, next full {next_full}",
            None,
        ),
        "id": (
            "sinkron ringan: cron '{quiet}' (UTC); sinkron penuh: cron '{full}' (UTC); "
            "berikutnya ringan {next_quiet}, penuh {next_full}",
            None,
        ),
    },
    "fleet.schedule_restart": {
        "en": ("saved: running workers take the new schedule when restarted", None),
        "id": ("tersimpan: worker yang berjalan memakai jadwal baru setelah di-restart", None),
    },
    "fleet.bad_every": {
        "en": (
            "--every {minutes} is not a number of minutes that divides an hour",
            "e.g. 5, 10, 15, 30",
        ),
        "id": ("--every {minutes} bukan jumlah menit yang membagi satu jam", "mis. 5, 10, 15, 30"),
    },
    "fleet.bad_time": {
        "en": ("--nightly {time} is not a time of day", "write it as HH:MM, e.g. 02:00"),
        "id": ("--nightly {time} bukan jam", "tulis sebagai JJ:MM, mis. 02:00"),
    },
    "fleet.resumed": {
        "en": ("{name}: {count} channel(s) will sync again from the next run", None),
        "id": ("{name}: {count} kanal akan disinkronkan lagi mulai putaran berikutnya", None),
    },
    "fleet.not_parked": {
        "en": ("{name} has no channel waiting for a person", None),
        "id": ("{name} tidak punya kanal yang menunggu orang", None),
    },
    "fleet.worker_done": {
        "en": ("worker {name} finished: the queue is empty", None),
        "id": ("worker {name} selesai: antrean kosong", None),
    },
    "fleet.recovered": {
        "en": ("{count} job(s) of a worker gone silent queued again", None),
        "id": ("{count} tugas dari worker yang berhenti diantrekan lagi", None),
    },
    "fleet.status_columns": {
        "en": ("shop|last run|result|next run|failures|tokens to renew|waiting for a person", None),
        "id": (
            "toko|terakhir jalan|hasil|berikutnya|gagal berturut|token perlu diperbarui"
            "|menunggu orang",
            None,
        ),
    },
    "fleet.never": {"en": ("never", None), "id": ("belum pernah", None)},
    "fleet.running": {"en": ("running now", None), "id": ("sedang berjalan", None)},
    "fleet.queued_now": {"en": ("queued", None), "id": ("dalam antrean", None)},
    "fleet.whatsapp": {
        "en": (
            "Hello {owner}! To let {shop} keep your {platform} stock and orders in step, "
            "please open this link on your phone, log in to your {platform} seller account "
            "and press Authorize/Confirm:\n\n{link}\n\nAfterwards your browser shows a page "
            "(it may say it cannot be reached: that is fine). Please copy the whole address "
            "from the address bar and send it back to me here. The link works for "
            "{minutes} minutes. Thank you!",
            None,
        ),
        "id": (
            "Halo {owner}! Supaya {shop} bisa menyamakan stok dan pesanan {platform} Anda, "
            "mohon buka tautan ini di HP, masuk ke akun penjual {platform} Anda, lalu tekan "
            "Izinkan/Authorize:\n\n{link}\n\nSesudah itu browser membuka sebuah halaman "
            "(boleh saja tertulis tidak bisa dibuka). Mohon salin seluruh alamat di kolom "
            "alamat browser dan kirim balik ke saya di sini. Tautan berlaku {minutes} menit. "
            "Terima kasih!",
            None,
        ),
    },
    "fleet.connect_send": {
        "en": ("send this to the shop owner (WhatsApp):", None),
        "id": ("kirim ini ke pemilik toko (WhatsApp):", None),
    },
    "fleet.connect_later": {
        "en": (
            "when the owner sends the address back, run: "
            "coopsync fleet connect {shop} {channel} --address 'ADDRESS'",
            None,
        ),
        "id": (
            "setelah pemilik mengirim alamatnya, jalankan: "
            "coopsync fleet connect {shop} {channel} --address 'ALAMAT'",
            None,
        ),
    },
    "fleet.connect_no_link": {
        "en": (
            "no link for {shop} {channel} is waiting (or it is older than {minutes} minutes)",
            "make a new one: coopsync fleet connect {shop} {channel}",
        ),
        "id": (
            "tidak ada tautan untuk {shop} {channel} yang sedang menunggu (atau sudah lebih "
            "dari {minutes} menit)",
            "buat yang baru: coopsync fleet connect {shop} {channel}",
        ),
    },
    "fleet.connected": {
        "en": ("{shop} {channel} connected; it syncs again from the next run", None),
        "id": ("{shop} {channel} terhubung; disinkronkan lagi mulai putaran berikutnya", None),
    },
}
