"""Messages of `coopsync connect`: the authorization link, the pasted address, the result."""

from __future__ import annotations

from coopsync.messages.types import Entry

MESSAGES: dict[str, dict[str, Entry]] = {
    "connect.needed": {
        "en": (
            "channel '{channel}' is not connected to a shop yet (or its authorization is gone)",
            "run `coopsync connect {channel}` with the shop owner",
        ),
        "id": (
            "kanal '{channel}' belum terhubung ke toko (atau izinnya sudah habis)",
            "jalankan `coopsync connect {channel}` bersama pemilik toko",
        ),
    },
    "connect.fix": {
        "en": (
            "run `coopsync connect {channel}` with the shop owner: the platform no longer "
            "accepts this channel's authorization",
            None,
        ),
        "id": (
            "jalankan `coopsync connect {channel}` bersama pemilik toko: platform tidak lagi "
            "menerima izin kanal ini",
            None,
        ),
    },
    "connect.wrong_region": {
        "en": (
            "the approved seller account sells in {found}, and this channel's region is {region}",
            "log in with the shop's account for that country, or set `region:` on the channel",
        ),
        "id": (
            "akun penjual yang menyetujui berjualan di {found}, region kanal ini {region}",
            "masuk dengan akun toko untuk negara itu, atau ubah `region:` kanal",
        ),
    },
    "connect.no_channel": {
        "en": ("no channel named '{channel}' in the config", "the channels are: {known}"),
        "id": ("tidak ada kanal bernama '{channel}' di config", "kanal yang ada: {known}"),
    },
    "connect.sandbox": {
        "en": (
            "channel '{channel}' is a sandbox: there is no real shop to connect",
            "set `sandbox: false` on it and put the app's keys in .env, then run again",
        ),
        "id": (
            "kanal '{channel}' masih sandbox: belum ada toko sungguhan untuk dihubungkan",
            "isi `sandbox: false` dan kunci aplikasi di .env, lalu ulangi",
        ),
    },
    "connect.no_flow": {
        "en": (
            "{platform} has no authorization flow coopsync can run",
            "write the channel's keys in .env as docs/going-live.md explains",
        ),
        "id": (
            "{platform} tidak punya alur otorisasi yang bisa dijalankan coopsync",
            "tulis kunci kanal di .env seperti dijelaskan docs/going-live.md",
        ),
    },
    "connect.open_link": {
        "en": ("Open this link and let the shop owner log in and approve coopsync:", None),
        "id": ("Buka tautan ini, lalu pemilik toko masuk dan menyetujui coopsync:", None),
    },
    "connect.scan": {
        "en": ("Or scan it with the owner's phone:", None),
        "id": ("Atau pindai dengan ponsel pemilik toko:", None),
    },
    "connect.paste": {
        "en": ("Paste the whole address the browser shows after approving", None),
        "id": ("Tempel seluruh alamat yang tampil di browser setelah menyetujui", None),
    },
    "connect.waiting": {
        "en": (
            "Waiting for the browser to come back to {address}. If the owner approved on another "
            "device (a phone), paste here the whole address it shows, then Enter",
            None,
        ),
        "id": (
            "Menunggu browser kembali ke {address}. Bila pemilik menyetujui di perangkat lain "
            "(ponsel), tempel di sini seluruh alamat yang tampil, lalu Enter",
            None,
        ),
    },
    "connect.no_listener": {
        "en": ("cannot listen on {address} ({detail}): paste the address instead", None),
        "id": ("tidak bisa mendengarkan di {address} ({detail}): tempel alamatnya saja", None),
    },
    "connect.page_title": {
        "en": ("coopsync: done", None),
        "id": ("coopsync: selesai", None),
    },
    "connect.page_text": {
        "en": (
            "The approval reached coopsync. You can close this page and go back to the terminal.",
            None,
        ),
        "id": (
            "Persetujuan sudah sampai ke coopsync. Tutup halaman ini dan kembali ke terminal.",
            None,
        ),
    },
    "connect.keys_kept": {
        "en": ("The keys do not expire; the owner can revoke them in the shop's admin.", None),
        "id": ("Kunci ini tidak kedaluwarsa; pemilik bisa mencabutnya di admin toko.", None),
    },
    "connect.guide": {
        "en": ("Make the shop's REST API key by hand, with the owner:", None),
        "id": ("Buat kunci REST API toko secara manual, bersama pemilik:", None),
    },
    "connect.type_again": {
        "en": ("Check the keys (copy each one whole) and type them again:", None),
        "id": ("Periksa kuncinya (salin utuh) dan ketik lagi:", None),
    },
    "connect.keys_refused": {
        "en": ("the shop refused these keys: {detail}", None),
        "id": ("toko menolak kunci ini: {detail}", None),
    },
    "connect.plain_http": {
        "en": (
            "the shop's address {url} is plain HTTP: its keys could be read on the way",
            "use its https:// address, or run again with --allow-http if the shop has none",
        ),
        "id": (
            "alamat toko {url} memakai HTTP biasa: kuncinya bisa terbaca di jalan",
            "pakai alamat https:// toko, atau ulangi dengan --allow-http bila toko tidak punya",
        ),
    },
    "connect.needs_callback": {
        "en": (
            "this key flow posts the keys to an https:// address that reaches this computer",
            "pass --callback https://... (a tunnel to the local listener), or leave it out to "
            "make the key by hand",
        ),
        "id": (
            "alur ini mengirim kunci ke alamat https:// yang sampai ke komputer ini",
            "beri --callback https://... (terowongan ke listener lokal), atau tanpa itu untuk "
            "membuat kunci secara manual",
        ),
    },
    "connect.denied": {
        "en": ("the owner did not approve", None),
        "id": ("pemilik tidak menyetujui", None),
    },
    "connect.read_only": {
        "en": ("the key allows only {permissions}: coopsync needs read_write", None),
        "id": ("kunci hanya mengizinkan {permissions}: coopsync perlu read_write", None),
    },
    "connect.no_code": {
        "en": (
            "that address holds no {names}: it is not the one the platform sent back",
            None,
        ),
        "id": ("alamat itu tidak memuat {names}: bukan alamat kiriman platform", None),
    },
    "connect.wrong_state": {
        "en": ("that address answers an older or another link: use the newest link", None),
        "id": ("alamat itu jawaban tautan lama atau lain: pakai tautan terbaru", None),
    },
    "connect.needs_setting": {
        "en": ("the channel needs `{field}` to connect", "see docs/going-live.md"),
        "id": ("kanal perlu `{field}` untuk terhubung", "lihat docs/going-live.md"),
    },
    "connect.main_account": {
        "en": ("a main account was authorised, not a shop: approve with the shop's login", None),
        "id": ("yang disetujui akun utama, bukan toko: setujui dengan login toko", None),
    },
    "connect.refused": {
        "en": (
            "the platform refused the code: {detail} (a code is good once, for a few minutes)",
            None,
        ),
        "id": (
            "platform menolak kodenya: {detail} (kode hanya berlaku sekali, beberapa menit)",
            None,
        ),
    },
    "connect.try_again": {
        "en": ("Approve again with this new link:", None),
        "id": ("Setujui lagi dengan tautan baru ini:", None),
    },
    "connect.gave_up": {
        "en": ("no shop was connected to '{channel}'", "run `coopsync connect {channel}` again"),
        "id": (
            "belum ada toko yang terhubung ke '{channel}'",
            "jalankan `coopsync connect {channel}` lagi",
        ),
    },
    "connect.other_shop": {
        "en": (
            "channel '{channel}' is connected to shop {old}, and this approval is for shop {new}",
            "to move the channel to the other shop, run again with --other-shop",
        ),
        "id": (
            "kanal '{channel}' terhubung ke toko {old}, persetujuan ini untuk toko {new}",
            "untuk memindahkan kanal ke toko lain, ulangi dengan --other-shop",
        ),
    },
    "connect.connected": {
        "en": ("Connected '{channel}' to {shop} (shop id {shop_id}{region}).", None),
        "id": ("Kanal '{channel}' terhubung ke {shop} (id toko {shop_id}{region}).", None),
    },
    "connect.expiry": {
        "en": (
            "Access token until {access}; refresh token until {refresh}; "
            "the owner's approval until {authorization}.",
            None,
        ),
        "id": (
            "Token akses sampai {access}; refresh token sampai {refresh}; "
            "izin pemilik sampai {authorization}.",
            None,
        ),
    },
    "connect.renewed": {
        "en": ("coopsync renews the access token by itself; the approval needs the owner.", None),
        "id": ("coopsync memperbarui token akses sendiri; izin perlu pemilik toko.", None),
    },
    "connect.call_ok": {
        "en": ("Test call: {result}. Next: coopsync sync", None),
        "id": ("Panggilan uji: {result}. Berikutnya: coopsync sync", None),
    },
    "connect.call_failed": {
        "en": ("Test call failed: {result}", None),
        "id": ("Panggilan uji gagal: {result}", None),
    },
    "connect.unknown": {
        "en": ("not given", None),
        "id": ("tidak diberikan", None),
    },
}
