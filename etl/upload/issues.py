"""Validation issues located as the analyst sees them in Excel, and the capped log that collects them."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from etl.upload.limits import MAX_DETAILED_ISSUES, MAX_DETAILED_PER_CODE
from etl.upload.messages import MESSAGES, WARNING_CODES
from etl.upload.raw import col_letters

if TYPE_CHECKING:  # pandas is not imported here: the container checks run before it is (etl.upload.prefetch)
    import pandas as pd


@dataclass(frozen=True)
class ValidationIssue:
    """One problem of an upload, located as the analyst sees it in Excel (header = row 1)."""

    code: str
    severity: str
    sheet: str | None
    row: int | None
    column: str | None
    value: str | None
    message_vi: str
    message_en: str
    fix_vi: str
    fix_en: str
    count: int = 1
    where_vi: str = ""  # the location alone ("dòng 7, cột «value»"), for tables that show the problem first
    where_en: str = ""
    problem_vi: str = ""  # the message without the location prefix
    problem_en: str = ""


ISSUE_COLUMNS = [
    "severity",
    "code",
    "file",
    "sheet",
    "row",
    "column",
    "value",
    "message_vi",
    "message_en",
    "fix_vi",
    "fix_en",
    "count",
    "where_vi",
    "where_en",
    "problem_vi",
    "problem_en",
]


def show_value(value: object, limit: int = 80) -> str | None:
    """A cell value as safe, short display text (control characters escaped, long text cut)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, datetime | date | time):
        text = value.isoformat()
    else:
        text = str(value)
    text = "".join(
        c if c.isprintable() or c == " " else f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}"
        for c in text[: limit * 2]
    )
    return text if len(text) <= limit else text[: limit - 1] + "…"


class IssueLog:
    """Counts every issue; keeps the first ones in detail so a file with 100,000 errors stays fast and readable."""

    def __init__(self, file_name: str):
        self.file_name = file_name
        self.sheet: str | None = None
        self.kept: list[ValidationIssue] = []
        self.counts: Counter[tuple[str, str]] = Counter()
        self.kept_per_code: Counter[str] = Counter()
        # Wide layout: a row id is Excel row × 100 + column number (one record per cell), shown as row and cell.
        self.cell_ids = False

    def excel_row(self, row: int) -> int:
        """The Excel row of a row id."""
        return row // 100 if self.cell_ids else row

    def room(self, code: str) -> int:
        """How many more detailed issues of this code are kept."""
        return max(0, min(MAX_DETAILED_PER_CODE - self.kept_per_code[code], MAX_DETAILED_ISSUES - len(self.kept)))

    def make(
        self,
        key: str,
        *,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
        severity: str | None = None,
        count: int = 1,
        **fmt: object,
    ) -> ValidationIssue:
        """Format one issue from the message catalogue."""
        code = key.split(".")[0]
        vi, en, fix_vi, fix_en = MESSAGES[key]
        shown = show_value(value)
        args = {"value": shown if shown is not None else "", "column": column or "", "sheet": self.sheet or "", **fmt}
        loc_vi = [f"Tệp «{self.file_name}»"]
        loc_en = [f"File '{self.file_name}'"]
        if self.sheet:
            loc_vi.append(f"trang «{self.sheet}»")
            loc_en.append(f"sheet '{self.sheet}'")
        if row is not None and self.cell_ids:
            row, col = divmod(row, 100)
            loc_vi.append(f"dòng {row}, ô {col_letters(col)}{row}")
            loc_en.append(f"row {row}, cell {col_letters(col)}{row}")
        elif row is not None:
            loc_vi.append(f"dòng {row}")
            loc_en.append(f"row {row}")
        if column:
            loc_vi.append(f"cột «{column}»")
            loc_en.append(f"column '{column}'")
        return ValidationIssue(
            code=code,
            severity=severity or ("warning" if code in WARNING_CODES else "error"),
            sheet=self.sheet,
            row=row,
            column=column,
            value=shown,
            message_vi=", ".join(loc_vi) + ": " + vi.format(**args),
            message_en=", ".join(loc_en) + ": " + en.format(**args),
            fix_vi=fix_vi.format(**args),
            fix_en=fix_en.format(**args),
            count=count,
            where_vi=", ".join(loc_vi[1:]),
            where_en=", ".join(loc_en[1:]),
            problem_vi=vi.format(**args),
            problem_en=en.format(**args),
        )

    def add(self, key: str, *, count: int = 1, severity: str | None = None, **kw: object) -> None:
        """Count an issue and keep it in detail while there is room."""
        code = key.split(".")[0]
        sev = severity or ("warning" if code in WARNING_CODES else "error")
        self.counts[(code, sev)] += 1
        if self.room(code):
            self.kept.append(self.make(key, severity=sev, count=count, **kw))
            self.kept_per_code[code] += 1

    def add_rows(
        self, key: str, rows: pd.Series | pd.Index, column: str | None, values: pd.Series | None = None, **fmt: object
    ) -> None:
        """Count one issue per row; format only those kept (the rest are counted)."""
        import pandas as pd  # loaded by then: rows come from the cell checks

        code = key.split(".")[0]
        sev = "warning" if code in WARNING_CODES else "error"
        index = rows if isinstance(rows, pd.Index) else rows.index
        self.counts[(code, sev)] += len(index)
        for row in index[: self.room(code)]:
            value = values.get(row) if values is not None else None
            self.kept.append(self.make(key, row=int(row), column=column, value=value, severity=sev, **fmt))
            self.kept_per_code[code] += 1

    def add_grouped(self, key: str, rows: pd.Index, column: str, **fmt: object) -> None:
        """One warning for many cells of a column (count plus example rows)."""
        if len(rows):
            shown = list(dict.fromkeys(self.excel_row(int(r)) for r in rows[:50]))
            sample = ", ".join(str(r) for r in shown[:5]) + (", …" if len(rows) > 5 else "")
            self.add(key, row=int(rows[0]), column=column, n=len(rows), rows=sample, count=len(rows), **fmt)


class Rejected(Exception):
    """Internal: a file-level problem that makes further checks pointless (already logged)."""


def keep_detail(log: IssueLog, key: str, rows: pd.Index, make: Callable[[int], dict]) -> None:
    """Count one issue per row and format only the rows kept in detail (make(row) gives the format arguments)."""
    code = key.split(".")[0]
    log.counts[(code, "error")] += len(rows)
    for row in rows[: log.room(code)]:
        log.kept.append(log.make(key, row=int(row), **make(row)))
        log.kept_per_code[code] += 1
