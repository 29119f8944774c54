"""Messages about the state folder: a folder that cannot be written, a damaged state file,
backups and restores."""

from __future__ import annotations

from coopsync.messages.types import Entry

MESSAGES: dict[str, dict[str, Entry]] = {
    "state.unusable": {
        "en": (
            "the state folder {folder} cannot be written: {reason}",
            "make it writable, free some disk space, or move what is in its way;"
            " `state_dir` in the config chooses another folder",
        ),
        "id": (
            "folder state {folder} tidak bisa ditulis: {reason}",
            "buat agar bisa ditulis, kosongkan ruang disk, atau pindahkan yang menghalangi;"
            " `state_dir` di konfigurasi memilih folder lain",
        ),
    },
    "state.damaged": {
        "en": (
            "the state file {file} is damaged: {reason}",
            "restore a backup (`coopsync restore BACKUP`), or move the file away to start"
            " afresh knowingly (history and the record of imported orders are then lost)",
        ),
        "id": (
            "file state {file} rusak: {reason}",
            "pulihkan cadangan (`coopsync restore CADANGAN`), atau pindahkan file itu untuk"
            " mulai dari awal dengan sadar (riwayat dan catatan pesanan yang sudah diimpor hilang)",
        ),
    },
}
