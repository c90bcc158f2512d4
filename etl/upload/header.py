"""Finding the header row and mapping its names to the template's columns."""

from __future__ import annotations

import difflib
import re
import unicodedata

import pandas as pd

from etl.upload.cells import blank_mask
from etl.upload.issues import IssueLog, show_value
from etl.upload.limits import ALIASES, HEADER_SEARCH_ROWS, KNOWN, REQUIRED
from etl.upload.raw import col_letters
from etl.upload.reference import Reference
from etl.upload.sniff import INVISIBLE_RE


def norm_name(text: str) -> str:
    """A header or sheet name compared case-, space- and accent-form-insensitively."""
    text = unicodedata.normalize("NFC", INVISIBLE_RE.sub("", str(text))).strip().lower()
    return re.sub(r"[\s\-.]+", "_", text)


def find_header(frame: pd.DataFrame) -> tuple[int, int]:
    """(row index of the header, how many non-empty rows are above it); the first non-empty row when nothing fits."""
    nonempty_above = 0
    first_nonempty = None
    for idx in range(min(HEADER_SEARCH_ROWS, len(frame))):
        row = frame.iloc[idx]
        cells = [norm_name(v) for v in row if isinstance(v, str) and v.strip()]
        names = {ALIASES.get(c, c) for c in cells}
        if len(names & set(REQUIRED)) >= 2 or len(names & set(KNOWN)) >= 3:
            return idx, nonempty_above
        if not blank_mask(row).all():
            nonempty_above += 1
            first_nonempty = idx if first_nonempty is None else first_nonempty
    return (first_nonempty or 0), 0


def map_columns(header: pd.Series, frame: pd.DataFrame, log: IssueLog) -> dict[str, int]:
    """Canonical column name -> frame column position, logging missing, misspelt, unknown and duplicate columns."""
    found: dict[str, list[int]] = {}
    unknown: list[tuple[int, str]] = []
    for pos, raw in header.items():
        text = show_value(raw) or ""
        key = norm_name(text) if text.strip() else ""
        key = ALIASES.get(key, key)
        if key in KNOWN:
            found.setdefault(key, []).append(pos)
        elif not key:
            if not blank_mask(frame[pos]).all():
                log.add("unknown_column.blank", letter=col_letters(pos + 1), column=col_letters(pos + 1))
        else:
            unknown.append((pos, text))
    for pos, text in unknown:
        guess = difflib.get_close_matches(norm_name(text), [k for k in KNOWN if k not in found], n=1, cutoff=0.75)
        if guess:
            log.add("misspelt_column", value=text, column=guess[0])
            found.setdefault(guess[0], []).append(pos)
        else:
            log.add("unknown_column", value=text, column=text)
    mapping = {}
    for name, positions in found.items():
        if len(positions) > 1:
            log.add("duplicate_column", column=name, n=len(positions), letters=", ".join(col_letters(p + 1) for p in positions))
        mapping[name] = positions[0]
    for name in REQUIRED:
        if name not in mapping:
            log.add("missing_column", column=name)
    return mapping


def second_header(row: dict[str, object], ref: Reference) -> bool:
    """True when the first data row is another header: labels (no digits) where the year and the value should be."""
    texts = [v for v in row.values() if isinstance(v, str) and v.strip()]
    if len(texts) < max(2, len(row) - 1):
        return False
    ind, year, value = (str(row.get(c, "")) for c in ("indicator_id", "year", "value"))
    no_digits = not re.search(r"\d", year + value)
    return ind.strip().lower() not in ref.lower_ids and no_digits and bool(re.search(r"[^\W\d_]", year + value))
