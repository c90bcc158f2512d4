"""The table as read from any format (cells, sheet facts) and Excel column letters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported by the callers that need it (the container checks run before it is)
    import pandas as pd


@dataclass
class SheetScan:
    """What a streaming pass over the sheet XML found."""

    rows: int = 0
    max_col: int = 0
    cells: int = 0
    merges: list[str] = field(default_factory=list)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    # Cells whose number format scales by 100 (Excel shows 0.687 as 68,7%): (row, column) -> the format code.
    percent_cells: dict[tuple[int, int], str] = field(default_factory=dict)
    hidden_rows: set[int] = field(default_factory=set)
    first_row: int = 0  # the first row with a cell holding a value (0: none seen)
    filtered: bool = False  # an AutoFilter with an active filter column: hidden rows are probably filtered out


@dataclass
class RawTable:
    """Cells as read (header=None; index = Excel row - 1) with sheet-level facts for validation."""

    frame: pd.DataFrame
    sheet: str | None
    scan: SheetScan = field(default_factory=SheetScan)
    # The columnar read (fastexcel): frame then holds the rows down to the header only, and data the rows below it,
    # one typed column per sheet column (float64 numbers, text as str or None), indexed by Excel row.
    data: pd.DataFrame | None = None


def col_index(letters: str) -> int:
    """1-based column number of Excel column letters."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def col_letters(n: int) -> str:
    """Excel column letters of a 1-based column number."""
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def map_unique(s: pd.Series, func: Callable[[object], object]) -> pd.Series:
    """func applied once per distinct value (text cells repeat a lot: ids, province names)."""
    import pandas as pd

    uniq = pd.unique(s.to_numpy(dtype=object))
    table = {v: func(v) for v in uniq}
    return s.map(table.get)
