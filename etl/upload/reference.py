"""Reference data of a published version (indicators, provinces) and the province checks of an upload.

A province cell means the unit valid at the end of the row's year (etl.provinces): up to 2024 the 63 units, from
2025 the 34 of Resolution 202/2025/QH15.
"""

from __future__ import annotations

import difflib
import filecmp
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from etl.provinces import Registry, Resolution, mixed_years, name_key
from etl.upload.issues import IssueLog, keep_detail


@dataclass
class Reference:
    """Catalog facts the validation needs, from one published version."""

    indicators: pd.DataFrame
    ids: frozenset[str]
    lower_ids: dict[str, str]
    provinces: dict[str, str]
    registry: Registry


def plain(text: str) -> str:
    """Lower-case ASCII letters and digits only (Vietnamese diacritics and đ folded)."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    return "".join(c for c in text if not unicodedata.combining(c))


@lru_cache(maxsize=8)
def load_reference(version_dir: Path) -> Reference:
    """Indicators and provinces of a version (cached: a version directory never changes once published)."""
    indicators = pd.read_parquet(version_dir / "indicators.parquet").set_index("indicator_id", drop=False)
    provinces = pd.read_parquet(version_dir / "provinces.parquet")
    registry = Registry.from_frames(provinces, pd.read_parquet(version_dir / "province_successions.parquet"))
    ids = frozenset(indicators["indicator_id"])
    # Code → name for messages: today's name of a code, or its last name if the code was closed.
    names = {u.code: u.name_vi for u in sorted(registry.units, key=lambda u: (u.valid_to is None, u.valid_to or date.min, u.valid_from or date.min))}
    return Reference(indicators, ids, {i.lower(): i for i in ids}, names, registry)


@dataclass
class Resolved:
    """The province cells of an upload, resolved once per distinct (cell, year): a file repeats a few dozen names
    over many rows and years, so every per-row fact is a NumPy take from the distinct resolutions."""

    index: pd.Index  # the rows (those with a province cell)
    which: np.ndarray  # per row: the position of its resolution in `distinct`
    distinct: list[Resolution]

    def per_row(self, fact: Callable[[Resolution], object], dtype: object = object) -> np.ndarray:
        """fact(resolution) for every row, computed once per distinct resolution."""
        values = np.empty(len(self.distinct), dtype=dtype)
        values[:] = [fact(r) for r in self.distinct]
        return values[self.which]

    def __getitem__(self, row: int) -> Resolution:
        """The resolution of one row (for the rows kept in detail)."""
        return self.distinct[self.which[self.index.get_loc(row)]]


def resolve_provinces(cells: pd.Series, years: pd.Series, registry: Registry) -> Resolved:
    """Each distinct (cell, year) resolved once (cells equal as Python values share a resolution)."""
    cell_codes, cell_values = pd.factorize(cells.astype(object).to_numpy(), use_na_sentinel=False)
    year_codes, year_values = pd.factorize(years.astype("Int64"), use_na_sentinel=False)
    pairs, which = np.unique(cell_codes.astype("int64") * (len(year_values) + 1) + year_codes, return_inverse=True)
    cell_list, year_list, distinct = list(cell_values), list(year_values), []
    for pair in pairs.tolist():
        cell, year = cell_list[pair // (len(year_list) + 1)], year_list[pair % (len(year_list) + 1)]
        if pd.isna(year):  # the year is already an error: only say whether the cell names any unit at all
            distinct.append(Resolution(None, None if registry.candidates(cell) else "unknown"))
        else:
            distinct.append(registry.resolve(cell, int(year)))
    return Resolved(cells.index, which.reshape(-1), distinct)


def parse_province(s: pd.Series, k: pd.Series, years: pd.Series | None, ref: Reference, log: IssueLog,
                   bad: pd.Series) -> pd.Series:
    """Province codes or names -> the code of the unit valid in the row's year (etl.provinces); blank = national."""
    present = k != "empty"
    codes = pd.Series(None, index=s.index, dtype=object)
    if not present.any():
        return codes
    years = years if years is not None else pd.Series(pd.NA, index=s.index, dtype="Int64")
    res = resolve_provinces(s[present], years[present], ref.registry)
    codes[res.index] = res.per_row(lambda r: r.code)
    problem = pd.Series(res.per_row(lambda r: r.problem), index=res.index, dtype=object)
    unknown = problem[problem == "unknown"].index
    keys = ref.registry.known_keys()

    def unknown_detail(row: int) -> dict:
        guess = difflib.get_close_matches(name_key(str(s[row])), keys, n=1, cutoff=0.7)
        unit = ref.registry.by_name[guess[0]][-1] if guess else None
        name = unit.name_vi if unit else None
        return {"column": "province", "value": s[row], "suggest_vi": f" (có lẽ là «{name}»)" if name else "",
                "suggest_en": f" (perhaps '{name}')" if name else ""}

    def dissolved_detail(row: int) -> dict:
        r = res[row]
        since = ref.registry.successions[r.named].effective.strftime("%d/%m/%Y")
        return {"column": "province", "value": s[row], "named": r.named.name_vi, "named_code": r.named.code,
                "until": r.named.valid_to.strftime("%d/%m/%Y"), "successor": r.successor.label,
                "successor_name": r.successor.name_vi, "successor_code": r.successor.code, "since": since,
                "year": int(years[row])}

    keep_detail(log, "unknown_province", unknown, unknown_detail)
    keep_detail(log, "province_dissolved", problem[problem == "dissolved"].index, dissolved_detail)
    bad[problem[problem.notna()].index] = True
    bad[res.index[res.per_row(lambda r: r.problem is None and r.unit is None, bool)]] = True  # a name valid only without a year
    dated_years = years.reindex(res.index)
    warn_merged_readings(dated_years, res, ref.registry, log)
    # Only rows of a set that changed in 2025 (era old or new) can make a year mixed: a file names a few dozen
    # units, so the era is computed per distinct resolution and the rows of era 'both' never reach Python.
    dated = dated_years.notna().to_numpy(dtype=bool) & (res.per_row(lambda r: r.era) != "both")
    rows, dated_year_values = res.index[dated], dated_years[dated].astype("int64").to_numpy()
    resolutions = [res.distinct[i] for i in res.which[dated]]
    for year, (old, new) in mixed_years(zip(dated_year_values.tolist(), resolutions, strict=True)).items():
        first = int(rows[dated_year_values == year].min())
        log.add("province_sets_mixed", row=first, column="province", year=year, old_n=len(old), new_n=len(new),
                old_names=", ".join(sorted({r.named.name_vi for r in old})), new_names=", ".join(sorted({r.unit.name_vi for r in new})))
    return codes


def warn_merged_readings(years: pd.Series, res: Resolved, registry: Registry, log: IssueLog) -> None:
    """One warning per year for cells that meant a different, smaller unit before the 2025 merger (e.g. 'Gia Lai')."""
    changed = res.per_row(lambda r: r.former is not None, bool)
    if not changed.any():
        return
    rows, which = res.index[changed], res.which[changed]
    row_years = years[rows].astype("int64").to_numpy()
    for year in sorted(set(row_years.tolist())):
        in_year = rows[row_years == year]
        units = sorted({res.distinct[i].unit for i in set(which[row_years == year].tolist())}, key=lambda u: u.code)
        names = ", ".join(u.name_vi for u in units[:8]) + (f" … (+{len(units) - 8})" if len(units) > 8 else "")
        first = units[0]
        example = f"{first.label} = " + " + ".join(u.name_vi for u in registry.predecessors(first))
        log.add_grouped("province_merged_reading", in_year.sort_values(), "province", year=year, names=names, example=example)


REFERENCE_TABLES = ("indicators.parquet", "provinces.parquet", "province_successions.parquet")


def same_reference(a: Path, b: Path) -> bool:
    """Whether two versions validate uploads against the same indicators and provinces (byte-identical files)."""
    return a == b or all((a / name).exists() == (b / name).exists()
                          and (not (a / name).exists() or filecmp.cmp(a / name, b / name, shallow=False))
                          for name in REFERENCE_TABLES)
