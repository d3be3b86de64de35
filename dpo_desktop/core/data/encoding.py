"""Turning the bytes of a text file into text, and saying which encoding that took.

Order matters: a byte-order mark is certain; strict UTF-8 almost never decodes
anything else by accident; CP932 is what Excel on Japanese Windows writes; only then
do we ask charset-normalizer to guess.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from dpo_desktop.core.errors import DataFileError
from dpo_desktop.core.i18n import QT_TRANSLATE_NOOP

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")
_SAMPLE = 256 * 1024
CHUNK = 1 << 20
"""Big files are decoded a megabyte at a time: one ``bytes.decode`` of 50 MB holds the
GIL for a tenth of a second, which the GUI thread would feel while a file imports."""


def decode_chunked(data: bytes, name: str) -> str:
    """``data.decode(name)``, a chunk at a time; the same result and the same error."""
    if len(data) <= CHUNK:
        return data.decode(name)
    decoder = codecs.getincrementaldecoder(name)()
    try:
        parts = [decoder.decode(data[i:i + CHUNK]) for i in range(0, len(data), CHUNK)]
        parts.append(decoder.decode(b"", final=True))
    except UnicodeDecodeError:
        return data.decode(name)  # raises again, with the position in the whole file
    return "".join(parts)


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return control / len(sample) > 0.05


def _utf16_without_bom(data: bytes) -> str | None:
    """Excel's "Unicode text" always has a BOM, but other tools drop it."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_zero = sample[0::2].count(0) / (len(sample) / 2)
    odd_zero = sample[1::2].count(0) / (len(sample) / 2)
    if odd_zero > 0.3 and even_zero < 0.05:
        return "utf-16-le"
    if even_zero > 0.3 and odd_zero < 0.05:
        return "utf-16-be"
    return None


def plain_utf8(data: bytes) -> str | None:
    """"utf-8" or "utf-8-sig" when :func:`decode_text` would decode ``data`` as UTF-8
    (checked a chunk at a time, keeping nothing), else None. Lets a big CSV be read line
    by line from its bytes, without one 50 MB string built in a single GIL-holding step."""
    name = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
    if name == "utf-8" and (any(data.startswith(bom) for bom, _ in _BOMS)
                            or _utf16_without_bom(data) or _looks_binary(data)):
        return None
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for start in range(0, len(data), CHUNK):
            decoder.decode(data[start:start + CHUNK])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return None
    return name


def decode_text(data: bytes, path: Path) -> tuple[str, str]:
    """Return ``(text, encoding_name)``; raise :class:`DataFileError` for binary data."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text = decode_chunked(data, name)
            except UnicodeDecodeError as exc:
                raise _undecodable(path, name, exc) from None
            return text.lstrip("\ufeff"), {"utf-8-sig": "utf-8-sig"}.get(name, name)
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    if _looks_binary(data):
        raise DataFileError.of(
            "binary_file",
            QT_TRANSLATE_NOOP("messages", "“{file}” does not contain text: it looks like a binary "
                                          "file (an image, an archive, or a spreadsheet saved "
                                          "under the wrong extension)."),
            QT_TRANSLATE_NOOP("messages", "Open it in Excel or a text editor and save it as CSV "
                                          "(UTF-8) or XLSX."), file=path.name)
    try:
        return decode_chunked(data, "utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp932")
    except UnicodeDecodeError:
        text = ""
    if text and _JAPANESE.search(text[:_SAMPLE]):
        return text, "cp932"
    return _guess(data, path)


def _guess(data: bytes, path: Path) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:_SAMPLE]).best()
    if best is None:
        raise DataFileError.of(
            "unknown_encoding",
            QT_TRANSLATE_NOOP("messages", "Could not tell which text encoding “{file}” uses."),
            QT_TRANSLATE_NOOP("messages", "Save it again as “CSV UTF-8” (in Excel: File → Save As "
                                          "→ CSV UTF-8)."), file=path.name)
    name = best.encoding
    try:
        return data.decode(name), name
    except (UnicodeDecodeError, LookupError) as exc:
        raise _undecodable(path, name, exc) from None


def _undecodable(path: Path, name: str, exc: Exception) -> DataFileError:
    return DataFileError.of(
        "undecodable",
        QT_TRANSLATE_NOOP("messages", "“{file}” looks like {encoding} text but contains bytes "
                                      "that are not valid {encoding} ({reason})."),
        QT_TRANSLATE_NOOP("messages", "The file may be damaged or mix encodings. Save it again "
                                      "as “CSV UTF-8”."), file=path.name, encoding=name,
        reason=str(exc))
