"""File names and content sniffing: the bytes decide how a file is read, never the extension."""

from __future__ import annotations

import re
import unicodedata

CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
NOTE_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAGIC = [
    (b"\x89PNG", "ảnh PNG", "a PNG image"),
    (b"\xff\xd8\xff", "ảnh JPEG", "a JPEG image"),
    (b"GIF8", "ảnh GIF", "a GIF image"),
    (b"%PDF", "tài liệu PDF", "a PDF document"),
    (b"\x1f\x8b", "tệp nén gzip", "a gzip archive"),
    (b"Rar!", "tệp nén RAR", "a RAR archive"),
    (b"7z\xbc\xaf", "tệp nén 7-Zip", "a 7-Zip archive"),
    (b"\x7fELF", "chương trình (ELF)", "a program (ELF)"),
    (b"MZ", "chương trình Windows", "a Windows program"),
    (b"{\\rtf", "văn bản RTF", "an RTF document"),
    (b"BM", "ảnh BMP", "a BMP image"),
    (b"II*\x00", "ảnh TIFF", "a TIFF image"),
    (b"MM\x00*", "ảnh TIFF", "a TIFF image"),
]


def sanitise_file_name(name: str | None) -> tuple[str, list[tuple[str, str]]]:
    """The base name to record, and the problems of the given name as (vi, en) phrases."""
    raw = name or ""
    problems = []
    parts = re.split(r"[/\\]", raw)
    if len(parts) > 1:
        problems.append(("dấu phân cách thư mục (/ hoặc \\)", "path separators (/ or \\)"))
    if ".." in parts or raw.startswith(".."):
        problems.append(("chuỗi «..» (thư mục cha)", "'..' (parent directory)"))
    if CONTROL_RE.search(raw):
        problems.append(("ký tự điều khiển vô hình", "invisible control characters"))
    base = unicodedata.normalize("NFC", CONTROL_RE.sub("", parts[-1])).strip().lstrip(".").strip()
    if len(base) > 200:
        stem, dot, ext = base.rpartition(".")
        base = (stem[:190] + dot + ext[:9]) if dot else base[:200]
        problems.append(("tên quá dài (hơn 200 ký tự)", "a name longer than 200 characters"))
    return base or "upload", problems


def sniff(data: bytes) -> tuple[str, str, str]:
    """Content type by magic bytes: ('zip'|'ole2'|'text'|'utf16'|'binary', description vi, description en)."""
    head = data[:8192]
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip", "tệp nén ZIP", "a ZIP archive"
    if head.startswith(OLE2_MAGIC):
        return "ole2", "tệp Office cũ (OLE2)", "an old Office (OLE2) file"
    for magic, vi, en in MAGIC:
        if head.startswith(magic):
            return "binary", vi, en
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf16", "UTF-16", "UTF-16"
    if b"\x00" in head:
        odd_zeros = head[1::2].count(0)
        if len(head) > 8 and odd_zeros > len(head) // 4:
            return "utf16", "UTF-16 không có BOM", "UTF-16 without a BOM"
        return "binary", "dữ liệu nhị phân", "binary data"
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<table")):
        return (
            "binary",
            "trang HTML (một số hệ thống lưu HTML với đuôi .xls)",
            "an HTML page (some systems save HTML with an .xls name)",
        )
    if lowered.startswith(b"<?xml"):
        return "binary", "tài liệu XML (có thể là Excel 2003 XML)", "an XML document (perhaps Excel 2003 XML)"
    return "text", "văn bản", "text"


def norm_name(text: str) -> str:
    """A header or sheet name compared case-, space- and accent-form-insensitively."""
    text = unicodedata.normalize("NFC", INVISIBLE_RE.sub("", str(text))).strip().lower()
    return re.sub(r"[\s\-.]+", "_", text)
