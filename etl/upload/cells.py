"""Cell-level checks of the mapped columns: indicator, year, value, ranges, is_estimate and note."""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from etl.upload.issues import IssueLog, keep_detail, show_value
from etl.upload.limits import MAX_NOTE_CHARS, MAX_SIGNIFICANT_DIGITS, YEAR_MAX, YEAR_MIN, current_year
from etl.upload.raw import SheetScan, col_letters, map_unique
from etl.upload.reference import Reference, plain
from etl.upload.sniff import INVISIBLE_RE, NOTE_CONTROL_RE

NUM_RE = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)"
# '998.500' is 998,500 written the Vietnamese way, or 998.5 with three decimals: never guessed (a leading 0 is a decimal).
VN_THOUSANDS_RE = r"[+-]?[1-9]\d{0,2}(?:\.\d{3})+"
COMMA_RE = r"[+-]?\d+,\d+"
SCI_RE = r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)[eE][+-]?\d+"
THOUSANDS_RE = r"[+-]?\d{1,3}(?:(?:[., \u00a0\u202f])\d{3})+(?:[.,]\d+)?"
NAN_WORDS = {"nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity", "∞", "-∞"}
MISSING_WORDS = {"n/a", "na", "n.a.", "-", "--", "—", "?", "null", "none", "x", "không có", "chưa có", "k/c", "#n/a", "..."}
TRUE_WORDS = {"true", "1", "yes", "y", "x", "co", "uoc", "uoc tinh", "dung"}
FALSE_WORDS = {"false", "0", "no", "n", "khong", "sai"}


TYPE_KIND = {
    str: "str",
    bool: "bool",
    int: "num",
    float: "num",
    np.bool_: "bool",
    np.int64: "num",
    np.float64: "num",
    datetime: "date",
    date: "date",
    time: "date",
    timedelta: "date",
    pd.Timestamp: "date",
    pd.Timedelta: "date",
    type(None): "empty",
    type(pd.NA): "empty",
    type(pd.NaT): "empty",
}


KINDS = ["str", "bool", "num", "date", "empty"]


def typed_kind(s: pd.Series) -> str | None:
    """The one kind of a typed column (numbers, booleans, dates), None for object columns that need a per-cell look."""
    if pd.api.types.is_bool_dtype(s.dtype):
        return "bool"
    if pd.api.types.is_numeric_dtype(s.dtype):
        return "num"
    if pd.api.types.is_datetime64_any_dtype(s.dtype) or pd.api.types.is_timedelta64_dtype(s.dtype):
        return "date"
    if isinstance(s.dtype, pd.StringDtype):
        return "str"
    return None


def blank_mask(s: pd.Series) -> pd.Series:
    """Empty cells: None, NaN or the empty string."""
    return s.isna() | s.eq("")


def kinds(s: pd.Series) -> pd.Series:
    """Per cell: 'str', 'bool', 'num', 'date' or 'empty' (by type, so True is never taken for 1)."""
    typed = typed_kind(s)
    if typed is not None:
        # A typed column from the columnar read: one kind for the column, 'empty' where missing (no per-cell work).
        # Built from codes: a categorical made from 100,000 strings would hash every one of them.
        codes = np.where(blank_mask(s).to_numpy(dtype=bool), KINDS.index("empty"), KINDS.index(typed)).astype("int8")
        return pd.Series(pd.Categorical.from_codes(codes, categories=KINDS), index=s.index)
    k = s.map(type).map(TYPE_KIND).fillna("str").astype(object)
    k[blank_mask(s)] = "empty"
    # Categorical: the checks compare kinds many times, and a categorical compares codes, not Python strings.
    return k.astype(pd.CategoricalDtype(KINDS))


def clean_text(
    s: pd.Series, k: pd.Series, column: str, log: IssueLog, *, keep_lines: bool = False
) -> tuple[pd.Series, pd.Series]:
    """Strip, drop invisible characters and NFC-normalise text cells (grouped warnings); returns cells and kinds."""
    is_str = k == "str"
    if not is_str.any():
        return s, k
    text = original = s[is_str].astype("str")
    # A column of plain codes and numbers (printable ASCII, nothing to strip) needs no work: Arrow compute says so
    # in two passes over the column, where the checks below take several regex passes.
    arrow = pa.array(text)
    plain_ascii = pc.and_(pc.invert(pc.match_substring_regex(arrow, r"[^\x20-\x7e]")), pc.equal(arrow, pc.utf8_trim_whitespace(arrow)))
    if pc.all(plain_ascii).as_py():
        return s, k
    if keep_lines:
        # Notes keep line breaks and tabs; other control characters are junk from pasting.
        controls = text.str.contains(NOTE_CONTROL_RE.pattern, regex=True)
        if controls.any():
            text = text.where(~controls, text[controls].str.replace(NOTE_CONTROL_RE.pattern, "", regex=True))
            log.add_grouped("control_characters_removed", controls[controls].index, column)
    invisible = text.str.contains(INVISIBLE_RE.pattern, regex=True)
    stripped = text.where(~invisible, text[invisible].str.replace(INVISIBLE_RE.pattern, "", regex=True)).str.strip()
    non_ascii = stripped.str.contains(r"[^\x00-\x7f]", regex=True)
    nfc = stripped.copy()
    if non_ascii.any():
        nfc[non_ascii] = map_unique(stripped[non_ascii], lambda t: unicodedata.normalize("NFC", t))  # names repeat
    if not (original != nfc).any():  # the usual case: clean text, nothing to rewrite or warn about
        return s, k
    changed_ws = (text != stripped) & (stripped != "")
    log.add_grouped("whitespace_normalised", changed_ws[changed_ws].index, column)
    changed_nfc = stripped != nfc
    log.add_grouped("unicode_normalised", changed_nfc[changed_nfc].index, column)
    out = s.copy()
    out[is_str] = nfc.to_numpy(dtype=object)
    k = k.copy()
    k[nfc[nfc == ""].index] = "empty"
    return out, k


def parse_indicator(s: pd.Series, k: pd.Series, ref: Reference, log: IssueLog, bad: pd.Series) -> pd.Series:
    """Indicator ids matched exactly, or case-insensitively with a warning; unknown ones are errors."""
    present = k != "empty"
    text = s.where(present, None)
    others = present & (k != "str")
    if others.any():
        text[others] = s[others].map(show_value)
    exact = text.isin(ref.ids)
    lowered = map_unique(text[present & ~exact], lambda v: ref.lower_ids.get(str(v).lower())).reindex(s.index)
    case = (~exact & lowered.notna()).astype(bool)
    if case.any():
        log.add_grouped("case_normalised", case[case].index, "indicator_id", canon=lowered[case].iloc[0])
    out = text.where(exact, lowered)
    unknown = present & out.isna()
    guesses: dict[str, tuple[str, str]] = {}

    def detail(row: int) -> dict:
        value = text[row]
        if value not in guesses:
            guess = difflib.get_close_matches(str(value).lower(), list(ref.ids), n=1, cutoff=0.6)
            guesses[value] = (f" (có lẽ là «{guess[0]}»)", f" (perhaps '{guess[0]}')") if guess else ("", "")
        return {"column": "indicator_id", "value": value, "suggest_vi": guesses[value][0], "suggest_en": guesses[value][1]}

    keep_detail(log, "unknown_indicator", unknown[unknown].index, detail)
    bad |= unknown
    return out


def parse_year(s: pd.Series, k: pd.Series, log: IssueLog, bad: pd.Series) -> pd.Series:
    """Whole years 2000-2035 from numbers or digit text."""
    years = pd.Series(pd.NA, index=s.index, dtype="Int64")
    num = k == "num"
    vals = s[num].astype(float)
    whole = (vals % 1 == 0) & vals.abs().lt(1e9)
    years[whole[whole].index] = vals[whole].astype("int64")
    txt = k == "str"
    digits = s[txt].astype("str").str.fullmatch(r"[+-]?\d{1,6}(?:\.0+)?")
    years[digits[digits].index] = pd.to_numeric(s[digits[digits].index].astype("str")).astype("int64")
    not_int = (
        (num & ~whole.reindex(s.index, fill_value=False)) | (txt & ~digits.reindex(s.index, fill_value=False)) | (k == "bool")
    )
    log.add_rows("year_not_integer", not_int[not_int], "year", s)
    dates = k == "date"
    log.add_rows("year_not_integer.date", dates[dates], "year", s)
    out_of_range = (years.notna() & ((years < YEAR_MIN) | (years > YEAR_MAX))).fillna(False).astype(bool)
    log.add_rows("year_out_of_range", out_of_range[out_of_range], "year", s)
    bad |= not_int | dates | out_of_range
    return years.where(~out_of_range)


def thousands_readings(text: str) -> dict[str, str]:
    """The two readings of '998.500': as a decimal (998.5) and as Vietnamese thousands (998 500)."""
    whole = text.replace(".", "")
    decimal = fmt_number(float(text))
    return {"as_decimal": decimal, "as_decimal_vi": decimal.replace(".", ","), "as_thousands": fmt_number(float(whole)),
            "as_thousands_vi": fmt_number(float(whole)), "plain_thousands": whole.lstrip("+")}


def significant_digits(text: str) -> int:
    """Digits of a plain decimal number, ignoring sign, leading zeros and trailing fractional zeros."""
    whole, _, frac = text.lstrip("+-").partition(".")
    return len((whole + frac.rstrip("0")).lstrip("0"))


def value_problem(text: str) -> tuple[str, dict[str, str]]:
    """The message key and format arguments for a text value that is not a plain number."""
    low = text.strip().lower()
    if low in NAN_WORDS or low.lstrip("+-") in ("nan", "inf", "infinity"):
        return "nan_or_inf", {}
    if re.fullmatch(COMMA_RE, text):
        return "value_decimal_comma", {"suggest": text.replace(",", ".")}
    if re.fullmatch(NUM_RE + r"\s*%|" + COMMA_RE + r"\s*%", text):
        return "value_not_number.percent", {"suggest": text.rstrip("% ").replace(",", ".")}
    if low in MISSING_WORDS:
        return "value_not_number.missing", {}
    approx_words = ("khoảng", "gần", "hơn", "trên", "dưới", "ước", "about", "approx", "over", "under")
    if text[:1] in "<>≤≥~≈" or low.startswith(approx_words) or re.fullmatch(NUM_RE + r"\s*[-–]\s*" + NUM_RE, text):
        return "value_not_number.approx", {}
    if re.fullmatch(SCI_RE, text):
        try:
            return "value_not_number.scientific", {"suggest": f"{float(text.replace(',', '.')):.0f}"}
        except (ValueError, OverflowError):
            return "value_not_number.scientific", {"suggest": "1500000"}
    if re.fullmatch(THOUSANDS_RE, text) or re.fullmatch(r"[+-]?\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?", text):
        return "value_not_number.thousands", {"suggest": re.sub(r"[., \u00a0\u202f]", "", text)}
    return "value_not_number", {}


def parse_value(s: pd.Series, k: pd.Series, log: IssueLog, bad: pd.Series) -> pd.Series:
    """Plain numbers only; every other shape gets a specific code and fix (nothing is guessed)."""
    values = pd.Series(float("nan"), index=s.index, dtype="float64")
    num = k == "num"
    nums = s[num].astype(float)
    finite = pd.Series(np.isfinite(nums.to_numpy()), index=nums.index)
    values[finite[finite].index] = nums[finite]
    log.add_rows("nan_or_inf", finite[~finite], "value", s)
    bad[finite[~finite].index] = True
    strings = s[k == "str"].astype("str")
    plain_num = strings.str.fullmatch(NUM_RE)
    ok = strings[plain_num]
    long = ok[ok.str.len() > MAX_SIGNIFICANT_DIGITS]
    long = long[long.map(significant_digits) > MAX_SIGNIFICANT_DIGITS]
    keep_detail(
        log,
        "value_too_many_digits",
        long.index,
        lambda row: {"column": "value", "value": s[row], "n": significant_digits(s[row]), "limit": MAX_SIGNIFICANT_DIGITS},
    )
    bad[long.index] = True
    dotted = ok[ok.str.fullmatch(VN_THOUSANDS_RE)]
    keep_detail(log, "value_ambiguous_thousands", dotted.index, lambda row: {"column": "value", "value": s[row],
                                                                           **thousands_readings(s[row])})
    bad[dotted.index] = True
    good = ok.index.difference(long.index).difference(dotted.index)
    values[good] = ok[good].astype(float)
    others = strings[~plain_num]
    if len(others):
        problems = others.map(value_problem)
        keys = problems.map(lambda p: p[0])
        for key in keys.unique():
            rows = keys[keys == key].index
            keep_detail(log, key, rows, lambda row: {"column": "value", "value": s[row], **problems[row][1]})
        bad[others.index] = True
    bools = k == "bool"
    log.add_rows("value_is_boolean", bools[bools], "value", s)
    dates = k == "date"
    log.add_rows("value_is_date", dates[dates], "value", s)
    bad |= bools | dates
    return values


def cell_specials(k: pd.Series, scan: SheetScan, pos: int, column: str, log: IssueLog, bad: pd.Series) -> pd.Series:
    """Empty cells that are really formulas without a saved value or Excel errors; returns the mask of those cells."""
    handled = pd.Series(False, index=k.index)
    col = pos + 1
    for (row, c), formula in scan.formulas.items():
        if c == col and row in k.index and k[row] == "empty":
            log.add("formula_without_value", row=row, column=column, value="=" + formula, ref=f"{col_letters(col)}{row}")
            handled[row] = True
    for (row, c), err in scan.errors.items():
        if c == col and row in k.index and k[row] == "empty":
            log.add("excel_error_value", row=row, column=column, value=err)
            handled[row] = True
    bad |= handled
    return handled


def fmt_number(v: object) -> str:
    """A number as short text (no trailing .0; thin grouping for big numbers)."""
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return ""
    v = float(v)
    return f"{v:,.10g}".replace(",", " ") if abs(v) >= 1e4 else f"{v:.10g}"


def check_ranges(values: pd.Series, ids: pd.Series, ref: Reference, log: IssueLog, bad: pd.Series) -> None:
    """Allowed range per indicator (indicators.min_value/max_value) and whole-number ranks."""
    known = values.notna() & ids.notna()
    if not known.any():
        return
    # Looked up once per distinct indicator, then taken per row (a 100,000-row file names a few hundred ids).
    which, distinct = pd.factorize(ids[known].to_numpy(dtype=object))
    columns = ["min_value", "max_value", "value_type", "unit", "unit_en"]
    per_id = ref.indicators[columns].reindex(distinct)
    v = values[known]
    # Plain float arrays (NaN = no bound: every comparison with it is False); the frame per row is built only for
    # the rows reported in detail.
    low = per_id["min_value"].to_numpy(dtype="float64", na_value=np.nan)[which]
    high = per_id["max_value"].to_numpy(dtype="float64", na_value=np.nan)[which]
    number = v.to_numpy(dtype="float64")
    too_low = pd.Series(number < low, index=v.index)
    too_high = pd.Series(number > high, index=v.index)
    rank = pd.Series((per_id["value_type"].to_numpy(dtype=object) == "rank")[which], index=v.index)
    not_whole = rank & (v % 1 != 0)
    info = per_id.iloc[which[(too_low | too_high | not_whole).to_numpy()]]
    info.index = v.index[(too_low | too_high | not_whole).to_numpy()]

    def rank_detail(row: int) -> dict:
        lo, hi = info.at[row, "min_value"], info.at[row, "max_value"]
        return {
            "column": "value",
            "value": fmt_number(v[row]),
            "indicator": ids[row],
            "low": fmt_number(lo if pd.notna(lo) else 1.0),
            "high": fmt_number(hi if pd.notna(hi) else 250.0),
        }

    def range_detail(row: int) -> dict:
        lo, hi = info.at[row, "min_value"], info.at[row, "max_value"]
        percent = info.at[row, "value_type"] == "percent"
        unit = info.at[row, "unit"] if isinstance(info.at[row, "unit"], str) else ""
        unit_en = info.at[row, "unit_en"] if isinstance(info.at[row, "unit_en"], str) else unit
        return {
            "column": "value",
            "value": fmt_number(v[row]),
            "indicator": ids[row],
            "unit": unit,
            "unit_en": unit_en,
            "range": f"[{fmt_number(lo) if pd.notna(lo) else '−∞'}; {fmt_number(hi) if pd.notna(hi) else '+∞'}]",
            "hint_vi": "; tỷ lệ phần trăm ghi 85 cho 85% (không ghi 0.85 hay 8500)" if percent else "",
            "hint_en": "; percentages are written 85 for 85% (not 0.85 or 8500)" if percent else "",
        }

    keep_detail(log, "rank_not_whole", not_whole[not_whole].index, rank_detail)
    out = (too_low | too_high) & ~not_whole
    keep_detail(log, "value_out_of_range", out[out].index, range_detail)
    bad[out[out].index] = True
    bad[not_whole[not_whole].index] = True


def estimate_flag(v: object) -> bool | None:
    """TRUE/FALSE, 1/0, yes/no, có/không (any case, with or without diacritics); None when not recognised."""
    if isinstance(v, bool | np.bool_):
        return bool(v)
    if isinstance(v, int | float):
        return True if v == 1 else False if v == 0 else None
    word = plain(str(v)).strip()
    return True if word in TRUE_WORDS else False if word in FALSE_WORDS else None


def parse_estimate(s: pd.Series, k: pd.Series, log: IssueLog, bad: pd.Series) -> pd.Series:
    """is_estimate flags; blank = FALSE."""
    present = k != "empty"
    flags = pd.Series(False, index=s.index, dtype=object)
    text_cells = present & (k == "str")
    flags[text_cells] = map_unique(s[text_cells], estimate_flag).to_numpy(dtype=object)
    bools = k == "bool"
    flags[bools] = s[bools].astype(bool).to_numpy(dtype=object)
    other = present & ~text_cells & ~bools
    flags[other] = (
        s[other]
        .map(lambda v: None if isinstance(v, datetime | date | time | timedelta) else estimate_flag(v))
        .to_numpy(dtype=object)
    )
    invalid = present & flags.isna()
    log.add_rows("is_estimate_invalid", invalid[invalid], "is_estimate", s)
    bad |= invalid
    return flags.where(~invalid, False).astype(bool)


def note_text(v: object) -> str | None:
    """A note cell as text (numbers without a trailing .0, dates as ISO)."""
    if isinstance(v, str):
        return v or None
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float) and math.isfinite(v) and v == int(v):
        return str(int(v))
    if isinstance(v, datetime | date | time):
        return v.isoformat()
    return None if v is None else str(v)


def parse_note(s: pd.Series, k: pd.Series, log: IssueLog, bad: pd.Series) -> pd.Series:
    """Notes are plain data (markdown, HTML, SQL kept verbatim; the UI shows them as text); blank = None."""
    present = k != "empty"
    notes = pd.Series(None, index=s.index, dtype=object)
    notes[present] = s[present].map(note_text).to_numpy(dtype=object)
    lengths = notes[present].astype("str").str.len()
    long = lengths[lengths > MAX_NOTE_CHARS].index
    keep_detail(
        log,
        "note_too_long",
        long,
        lambda row: {"column": "note", "value": notes[row], "n": int(lengths[row]), "limit": MAX_NOTE_CHARS},
    )
    bad[long] = True
    return notes


def shown_percent(stored: float, code: str) -> str:
    """How Excel shows a stored fraction in a percent format, Vietnamese style ('68,7%')."""
    if "General" in code:  # OpenDocument percentage cells: shown with the digits they have
        return f"{times_100(stored):.10g}".replace(".", ",") + "%"
    decimals = len(code.split("%")[0].partition(".")[2].rstrip("\\_ )").replace("#", "0")) if "." in code else 0
    return f"{stored * 100:.{min(decimals, 10)}f}".replace(".", ",") + "%"


def times_100(value: float) -> float:
    """value × 100 in exact decimal arithmetic (0.687 → 68.7, never 68.69999999999999)."""
    return float(Decimal(repr(float(value))).scaleb(2))


def convert_percent_cells(
    values: pd.Series, ids: pd.Series, k: pd.Series, scan: SheetScan, cell_of: Callable[[int], tuple[int, int]],
    ref: Reference, log: IssueLog, bad: pd.Series
) -> pd.Series:
    """Numbers in percent-formatted cells (cell_of: row id -> (Excel row, column)): ×100 with a warning for %
    indicators; an error for any other unit. Returns the values with the conversions."""
    values = values.copy()
    rows = [r for r in k.index[(k == "num").to_numpy()] if cell_of(r) in scan.percent_cells]
    if not rows:
        return values
    rows_index = pd.Index(sorted(rows))
    known = rows_index[values[rows_index].notna().to_numpy() & ids[rows_index].notna().to_numpy()]
    if not len(known):
        return values
    info = ref.indicators.reindex(ids[known].to_numpy())
    is_pct = (info["value_type"].to_numpy() == "percent") | info["unit"].fillna("").str.startswith("%").to_numpy()
    convert, refuse = known[is_pct], known[~is_pct]
    if len(convert):
        first = convert[0]
        stored = values[first]
        values[convert] = values[convert].map(times_100)
        row, col = cell_of(first)
        log.add_grouped(
            "percent_format_converted",
            convert,
            "value",
            ref=f"{col_letters(col)}{row}",
            shown=shown_percent(stored, scan.percent_cells[(row, col)]),
            stored=fmt_number(stored),
            converted=fmt_number(values[first]),
            stored_vi=fmt_number(stored).replace(".", ","),
            converted_vi=fmt_number(values[first]).replace(".", ","),
        )

    def detail(row: int) -> dict:
        unit = info.loc[ids[row], "unit"] if isinstance(info.loc[ids[row], "unit"], str) else ""
        unit_en = info.loc[ids[row], "unit_en"] if isinstance(info.loc[ids[row], "unit_en"], str) else unit
        excel_row, col = cell_of(row)
        return {"column": "value", "value": fmt_number(values[row]), "ref": f"{col_letters(col)}{excel_row}",
                "indicator": ids[row], "shown": shown_percent(values[row], scan.percent_cells[(excel_row, col)]),
                "stored": fmt_number(values[row]),
                "stored_vi": fmt_number(values[row]).replace(".", ","),
                "unit": unit, "unit_en": unit_en}

    info = info[~info.index.duplicated()]
    keep_detail(log, "percent_format", refuse, detail)
    bad[refuse] = True
    return values


def check_future_years(years: pd.Series, log: IssueLog, bad: pd.Series) -> None:
    """Actuals for years after the current year (in Vietnam) cannot exist yet."""
    now = current_year()
    future = (years.notna() & (years > now)).fillna(False).astype(bool)
    log.add_rows("year_in_future", future[future], "year", years, current=now)
    bad |= future
