"""Old-format (.xls) or encrypted Office files: always a clear refusal."""

from __future__ import annotations

from etl.upload.issues import IssueLog, Rejected


def read_ole2(data: bytes, log: IssueLog) -> None:
    """Old-format or encrypted Office files: always a clear refusal."""
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        log.add("encrypted_workbook")
    elif "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        log.add("legacy_xls")
    elif "WordDocument".encode("utf-16-le") in data:
        log.add("not_excel_or_csv", detected_vi="văn bản Word cũ (.doc)", detected_en="an old Word document (.doc)")
    else:
        log.add("not_excel_or_csv", detected_vi="tệp Office cũ (OLE2)", detected_en="an old Office (OLE2) file")
    raise Rejected
