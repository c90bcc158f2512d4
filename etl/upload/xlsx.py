""".xlsx reader: the container checks and sheet scan (etl.upload.container), then the cells into typed columns with
fastexcel, or cell by cell with calamine."""

from __future__ import annotations

import io

import fastexcel
import pandas as pd
import pyarrow as pa

from etl.upload.container import (  # noqa: F401 - re-exported: the .ods reader and tests use them from here
    BUILTIN_PERCENT_FORMATS,
    cell_ref,
    check_container,
    check_zip_sizes,
    choose_sheet,
    local,
    open_zip,
    percent_styles,
    read_small_member,
    scales_by_100,
    scan_sheet,
    sheet_patterns,
    verify_members,
    workbook_sheets,
)
from etl.upload.header import find_header, is_header_row
from etl.upload.issues import IssueLog, Rejected, show_value
from etl.upload.limits import HEADER_SEARCH_ROWS
from etl.upload.prefetch import Loaded, take_prefetched, typed_sheet
from etl.upload.raw import RawTable, SheetScan


def read_xlsx(data: bytes, max_bytes: int, max_rows: int, log: IssueLog) -> RawTable:
    """Check the zip container and the chosen sheet, then read the cells (fastexcel, else calamine cell by cell)."""
    started = take_prefetched(data, max_bytes, max_rows)
    if started is not None:  # the command line's head start: the same checks already passed without a word
        name, scan, loaded = started
        log.sheet = name
    else:
        name, scan = check_container(data, max_bytes, max_rows, log)
        loaded = None
    typed = read_columnar(data, name, scan, loaded)
    if typed is not None:
        return typed
    return calamine_table(data, name, scan, log)


def calamine_table(data: bytes, name: str, scan: SheetScan, log: IssueLog) -> RawTable:
    """Every cell of a sheet with its own type (calamine reads .xlsx and .ods alike); damage is a corrupt workbook."""
    try:
        frame = pd.read_excel(io.BytesIO(data), engine="calamine", sheet_name=name, header=None, dtype=object, na_filter=False)
    except Exception as exc:  # calamine raises its own error types for damaged parts
        log.add("corrupt_workbook", detail=f"{type(exc).__name__}: {str(exc)[:120]}")
        raise Rejected from exc
    return RawTable(frame, name, scan)


def arrow_column(column: pa.ChunkedArray) -> pd.Series:
    """A fastexcel column as pandas: numbers float64 (NaN = empty), text 'str' dtype (NA = empty), dates as they are."""
    if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
        return pd.Series(column.to_pandas(types_mapper={pa.string(): pd.StringDtype("pyarrow")}.get), dtype=pd.StringDtype("pyarrow"))
    if pa.types.is_integer(column.type) or pa.types.is_floating(column.type):
        return pd.Series(column.to_numpy(zero_copy_only=False), dtype="float64")
    if pa.types.is_null(column.type):
        return pd.Series([None] * len(column), dtype=pd.StringDtype("python"))
    # Booleans, dates, durations: rare in an upload; Python objects, so each cell keeps its own kind and message.
    return pd.Series(column.to_pylist(), dtype=object)


def read_columnar(data: bytes, name: str, scan: SheetScan, loaded: Loaded | None = None) -> RawTable | None:
    """The cells with fastexcel into typed columns (one type per column below the header), or None when a column
    mixes types (text and numbers, say) or the layout is not what this fast path checks: then calamine reads every
    cell with its own type. The common case (header in the first row holding values) parses the sheet once; a header
    under a letterhead needs a first pass over the top rows as text to find it (the same rule as find_header).
    loaded: the first read already made by the command line's head start (etl.upload.prefetch)."""
    offset = scan.first_row - 1  # calamine's rows, hence fastexcel's, start at the first row holding a value
    if offset < 0:
        return None
    try:
        if loaded is not None and loaded.offset == offset:  # the same two calls, already made in a thread
            reader, sheet, header_rel = loaded.result(), loaded.sheet, 0
        else:
            reader = fastexcel.read_excel(data)
            sheet, header_rel = typed_sheet(reader, name, offset, 0), 0
        if sheet is None or not is_header_row([None if c.name.startswith("__UNNAMED__") else c.name for c in sheet.selected_columns]):
            head = reader.load_sheet(name, header_row=None, n_rows=HEADER_SEARCH_ROWS + 1, dtypes="string").to_arrow()
            if head.num_rows == 0:
                return None
            head_frame = pd.DataFrame({i: head.column(i).to_pylist() for i in range(head.num_columns)}, dtype=object)
            header_rel = find_header(head_frame)[0]
            if not is_header_row(list(head_frame.iloc[header_rel])):
                return None
            sheet = typed_sheet(reader, name, offset, header_rel)
            if sheet is None:
                return None
        else:
            head_frame = None
        table = sheet.to_arrow()
    except Exception:  # noqa: BLE001 - any trouble: the calamine path reads the cells and reports problems
        return None
    columns = sheet.selected_columns
    first_col = min(c.absolute_index for c in columns)
    names = [None if c.name.startswith("__UNNAMED__") else c.name for c in columns]
    if head_frame is not None:
        # The header fastexcel used must be the row we chose (same text), or the offsets are wrong.
        expected = [show_value(v) if v is not None and str(v).strip() else None for v in head_frame.iloc[header_rel]]
        if any(n is not None and (i >= len(expected) or expected[i] != n) for i, n in enumerate(names)):
            return None
        rows = [list(head_frame.iloc[r]) for r in range(header_rel + 1)]
    else:
        rows = [names]
    frame = pd.DataFrame([[None] * first_col + r for r in rows], index=range(offset, offset + header_rel + 1), dtype=object)
    frame = frame.reindex(range(offset + header_rel + 1))
    frame.columns = range(frame.shape[1])
    if find_header(frame)[0] != offset + header_rel:
        return None
    body = {c.absolute_index: arrow_column(table.column(i)) for i, c in enumerate(columns)}
    data_frame = pd.DataFrame(body)
    data_frame.index = range(offset + header_rel + 2, offset + header_rel + 2 + table.num_rows)  # Excel rows
    return RawTable(frame, name, scan, data_frame)
