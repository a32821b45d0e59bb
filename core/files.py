"""Stored files served to those who passed an access check: read whole from the storage, checked
against the SHA-256 recorded when they were stored, and sent as an attachment, never inline.

One way for every app (a monthly report's PDF, a meeting's paper): a file changed or swapped in
the storage is refused, not served.
"""

import hashlib
import tempfile

from django.core.files.storage import Storage
from django.http import FileResponse

CHUNK = 64 * 1024
# Read into memory up to this size, then into a temporary file.
SPOOL_MAX = 4 * 1024 * 1024


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class StoredFileMismatch(Exception):
    """The stored bytes are not the ones whose SHA-256 was recorded."""


def open_checked(storage: Storage, name: str, sha256: str) -> tempfile.SpooledTemporaryFile:
    """The stored file, read whole and checked against ``sha256``, rewound; raises
    StoredFileMismatch (or FileNotFoundError) instead of returning other bytes."""
    digest = hashlib.sha256()
    copy = tempfile.SpooledTemporaryFile(max_size=SPOOL_MAX)  # noqa: SIM115 (the caller closes it)
    with storage.open(name, "rb") as stored:
        while chunk := stored.read(CHUNK):
            digest.update(chunk)
            copy.write(chunk)
    if digest.hexdigest() != sha256:
        copy.close()
        raise StoredFileMismatch(f"The stored file {name} does not match its SHA-256.")
    copy.seek(0)
    return copy


# Types a browser would render as a page or run: never sent as themselves, whatever was stored.
UNSAFE_TYPES = frozenset(
    {"text/html", "image/svg+xml", "application/xhtml+xml", "text/xml", "application/xml"}
)


def attachment_response(
    checked_file, *, content_type: str, filename: str, sha256: str
) -> FileResponse:
    """A checked file as a download: an attachment, its hash as ETag and X-Content-SHA256, and
    ``nosniff`` so no browser renders it as something else; a markup type goes as plain bytes,
    and a sandboxing Content-Security-Policy stands behind both."""
    if content_type.split(";")[0].strip().lower() in UNSAFE_TYPES:
        content_type = "application/octet-stream"
    response = FileResponse(
        checked_file, content_type=content_type, as_attachment=True, filename=filename
    )
    response["ETag"] = f'"{sha256}"'
    response["X-Content-SHA256"] = sha256
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
