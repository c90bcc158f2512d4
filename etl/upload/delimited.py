"""CSV reader: strict UTF-8, sniffed separator, every record as text."""

from __future__ import annotations

import csv
import io

import pandas as pd

from etl.upload.issues import IssueLog, Rejected
from etl.upload.limits import MAX_COLUMNS
from etl.upload.raw import RawTable
from etl.upload.sniff import NOTE_CONTROL_RE


def read_csv(data: bytes, max_rows: int, log: IssueLog) -> RawTable:
    """Decode strict UTF-8 (BOM optional), sniff , ; or tab, and read every record as text."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        guess_vi, guess_en = "có thể là Windows-1258/1252 (ANSI)", "probably Windows-1258/1252 (ANSI)"
        log.add(
            "encoding_unsupported",
            detail_vi=f"byte 0x{data[exc.start]:02x} ở dòng {line}, {guess_vi}",
            detail_en=f"byte 0x{data[exc.start]:02x} on line {line}, {guess_en}",
        )
        raise Rejected from exc
    controls = len(NOTE_CONTROL_RE.findall(text[:65536]))
    if controls > max(8, len(text[:65536]) // 100):
        log.add("not_excel_or_csv", detected_vi="dữ liệu nhị phân", detected_en="binary data")
        raise Rejected
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    if lines > max_rows + 2:
        log.add("too_many_rows.csv", rows=f"{lines:,}", limit=f"{max_rows:,}")
        raise Rejected
    first_line = next((ln for ln in text.splitlines() if ln.strip()), "")
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    delimiter = max(counts, key=lambda d: (counts[d], d == ","))
    csv.field_size_limit(1 << 20)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', strict=True)
    records: list[list[str]] = []
    try:
        for record in reader:
            if len(record) > MAX_COLUMNS:
                log.add("too_many_columns", cols=f"{len(record):,}", limit=MAX_COLUMNS)
                raise Rejected
            records.append(record)
    except csv.Error as exc:
        log.add("csv_malformed", line=reader.line_num, detail=str(exc)[:120])
        raise Rejected from exc
    width = max((len(r) for r in records), default=0)
    frame = pd.DataFrame([r + [""] * (width - len(r)) for r in records], dtype=object)
    return RawTable(frame, None)
