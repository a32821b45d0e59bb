"""Zip files from outside (an OOXML document, a workbook), judged from their directory before
anything is expanded: a "zip bomb" is small on disk and huge in memory.

A zip whose members would expand past ``max_bytes``, that has more than ``max_members``, or
whose members expand more than ``max_ratio`` times their compressed size, is refused before a
member is read; the end record's declared counts are read before ``zipfile`` builds an object
per member. Used by meeting papers (governance) and spreadsheet imports (``core.imports``).
"""

import io
import struct
import zipfile

# The central directory's size on average per member (its name, paths and extra fields); the
# directory is bounded before it is read, as ``zipfile`` builds an object per entry.
DIRECTORY_ENTRY_MAX = 512


class Refused(Exception):
    """The file may not be taken: the message says why and what to do."""


def directory_size(data: bytes) -> tuple[int, int] | None:
    """The member count and central directory size a zip's end record declares (ZIP64 too),
    read before ``zipfile`` builds an object per member; None if there is no end record."""
    tail_start = max(0, len(data) - (0xFFFF + 22))
    at = data.rfind(b"PK\x05\x06", tail_start)
    if at < 0 or len(data) < at + 22:
        return None
    members, size = struct.unpack_from("<HI", data, at + 10)
    locator = at - 20
    if (members == 0xFFFF or size == 0xFFFFFFFF) and data[locator : locator + 4] == b"PK\x06\x07":
        (record,) = struct.unpack_from("<Q", data, locator + 8)
        if data[record : record + 4] == b"PK\x06\x06" and len(data) >= record + 48:
            members, size = struct.unpack_from("<QQ", data, record + 32)
    return members, size


def checked_archive(
    data: bytes,
    *,
    too_big: str,
    max_bytes: int,
    max_members: int,
    max_ratio: int | None = None,
) -> zipfile.ZipFile | None:
    """The zip's directory, checked for size, count (and, if given, expansion ratio) before any
    member is read; ``Refused(too_big)`` past a limit; None if the bytes are no zip at all."""
    if not data.startswith(b"PK\x03\x04"):
        return None
    declared = directory_size(data)
    if declared is None:
        return None
    members, directory = declared
    if members > max_members or directory > max_members * DIRECTORY_ENTRY_MAX:
        raise Refused(too_big)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, struct.error):
        return None
    infos = archive.infolist()
    expanded = sum(m.file_size for m in infos)
    compressed = sum(m.compress_size for m in infos)
    if (
        len(infos) > max_members
        or expanded > max_bytes
        or (max_ratio is not None and expanded > max_ratio * max(compressed, 1))
    ):
        archive.close()
        raise Refused(too_big)
    return archive


def has_vba_project(names: list[str]) -> bool:
    """Whether an OOXML package carries macros: wherever the project sits and however it is
    spelled, Office runs it when the file is opened."""
    return any(n.lower().rsplit("/", 1)[-1] == "vbaproject.bin" for n in names)
