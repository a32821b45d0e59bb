"""Files kept in the default storage (settings.STORAGES["default"]) under a name that carries
their SHA-256, and read back only once their bytes match it.

A file changed or swapped in the storage is refused, not served: ``open_checked`` reads the whole
file, hashing it as it goes, into a spooled temporary copy, and raises ``HashMismatch`` when the
digest is not the one the row recorded. Used for the monthly reports' PDFs and for a meeting's
papers and packs.
"""

import hashlib
import tempfile

from django.core.files.storage import Storage

CHUNK = 64 * 1024
# Read into memory up to this size, then into a temporary file.
SPOOL_MAX = 4 * 1024 * 1024


class HashMismatch(Exception):
    """The stored file is not the one its row recorded."""


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def open_checked(storage: Storage, name: str, sha256: str) -> tempfile.SpooledTemporaryFile:
    """The stored file ``name``, read whole and checked against ``sha256``, rewound. Raises
    ``HashMismatch`` (the copy closed) or the storage's ``FileNotFoundError``."""
    digest = hashlib.sha256()
    copy = tempfile.SpooledTemporaryFile(max_size=SPOOL_MAX)  # noqa: SIM115 (the caller closes it)
    with storage.open(name, "rb") as stored:
        while chunk := stored.read(CHUNK):
            digest.update(chunk)
            copy.write(chunk)
    if digest.hexdigest() != sha256:
        copy.close()
        raise HashMismatch(f"The stored file {name} does not match its SHA-256.")
    copy.seek(0)
    return copy
