"""The command line's head start on an .xlsx: container checks and sheet scan first, then fastexcel's typed read in
a thread while the rest of the program (pandas, DuckDB) is still being imported.

fastexcel parses without the GIL, so its read overlaps the imports instead of following them. Nothing here decides
anything: read_xlsx takes the prepared read only for the same bytes and caps, and only when the checks passed
without a single message; otherwise it runs every check again and reports as always. Standard library only until
the thread imports fastexcel.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from etl.upload.container import check_container
from etl.upload.issues import IssueLog, Rejected
from etl.upload.limits import max_upload_bytes, max_upload_rows
from etl.upload.raw import SheetScan
from etl.upload.sniff import sniff

if TYPE_CHECKING:
    import fastexcel


@dataclass
class Loaded:
    """fastexcel's first two calls on a sheet (read_excel, then the typed load below the first row), made in a thread."""

    offset: int
    thread: threading.Thread | None = None
    reader: fastexcel.ExcelReader | None = None
    sheet: fastexcel.ExcelSheet | None = None
    error: Exception | None = None

    def result(self) -> fastexcel.ExcelReader:
        """The reader once the thread is done; re-raises what read_excel raised."""
        if self.thread is not None:
            self.thread.join()
        if self.error is not None:
            raise self.error
        return self.reader


@dataclass
class Prepared:
    """A clean .xlsx whose checks passed: the sheet, its scan and the read under way."""

    data: bytes
    max_bytes: int
    max_rows: int
    sheet: str
    scan: SheetScan
    loaded: Loaded = field(repr=False)


_prepared: Prepared | None = None


def typed_sheet(reader: fastexcel.ExcelReader, name: str, offset: int, header_rel: int) -> fastexcel.ExcelSheet | None:
    """The sheet below a header row, one strict type per column; None when a column mixes types."""
    try:
        return reader.load_sheet(name, header_row=offset + header_rel, dtype_coercion="strict", schema_sample_rows=None)
    except Exception:  # noqa: BLE001 - fastexcel's UnsupportedColumnTypeCombinationError and relatives
        return None


def load(data: bytes, name: str, loaded: Loaded) -> None:
    """The thread's work: what read_columnar would do first."""
    try:
        import fastexcel

        loaded.reader = fastexcel.read_excel(data)
    except Exception as exc:  # noqa: BLE001 - read_columnar handles it as it always has (calamine reads instead)
        loaded.error = exc
        return
    loaded.sheet = typed_sheet(loaded.reader, name, loaded.offset, 0)


def prefetch_file(path: str | Path) -> None:
    """Start on the .xlsx at path (command line only; any problem is left for the real check to report)."""
    global _prepared
    try:
        data = Path(path).read_bytes()
    except OSError:
        return
    max_bytes, max_rows = max_upload_bytes(), max_upload_rows()
    if len(data) > max_bytes or sniff(data)[0] != "zip":
        return
    log = IssueLog("")
    try:
        name, scan = check_container(data, max_bytes, max_rows, log)
    except Rejected:
        return
    if log.kept or any(log.counts.values()) or scan.first_row < 1:
        return
    loaded = Loaded(scan.first_row - 1)
    loaded.thread = threading.Thread(target=load, args=(data, name, loaded), name="xlsx-prefetch", daemon=True)
    loaded.thread.start()
    _prepared = Prepared(data, max_bytes, max_rows, name, scan, loaded)


def take_prefetched(data: bytes, max_bytes: int, max_rows: int) -> tuple[str, SheetScan, Loaded] | None:
    """The prepared sheet, scan and read of exactly these bytes under these caps (once), else None."""
    global _prepared
    prepared = _prepared
    if prepared is None or (prepared.max_bytes, prepared.max_rows) != (max_bytes, max_rows) or prepared.data != data:
        return None
    _prepared = None
    return prepared.sheet, prepared.scan, prepared.loaded
