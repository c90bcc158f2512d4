"""Reference data of a published version (indicators, provinces) and the province checks of an upload.

A province cell means the unit valid at the end of the row's year (etl.provinces): up to 2024 the 63 units, from
2025 the 34 of Resolution 202/2025/QH15.
"""

from __future__ import annotations

import difflib
import filecmp
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

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


def resolve_provinces(cells: pd.Series, years: pd.Series, registry: Registry) -> pd.Series:
    """Each (cell, year) resolved once: a file repeats a few dozen names over many rows and years."""
    frame = pd.DataFrame({"cell": cells.astype(object), "year": years.astype("Int64")}, index=cells.index)
    table: dict[tuple[object, object], Resolution] = {}
    for cell, year in frame.drop_duplicates().itertuples(index=False, name=None):
        if pd.isna(year):  # the year is already an error: only say whether the cell names any unit at all
            table[(cell, year)] = Resolution(None, None if registry.candidates(cell) else "unknown")
        else:
            table[(cell, year)] = registry.resolve(cell, int(year))
    return pd.Series([table[(c, y)] for c, y in frame.itertuples(index=False, name=None)], index=cells.index, dtype=object)


def parse_province(s: pd.Series, k: pd.Series, years: pd.Series | None, ref: Reference, log: IssueLog,
                   bad: pd.Series) -> pd.Series:
    """Province codes or names -> the code of the unit valid in the row's year (etl.provinces); blank = national."""
    present = k != "empty"
    codes = pd.Series(None, index=s.index, dtype=object)
    if not present.any():
        return codes
    years = years if years is not None else pd.Series(pd.NA, index=s.index, dtype="Int64")
    res = resolve_provinces(s[present], years[present], ref.registry)
    codes[res.index] = [r.code for r in res]
    problem = pd.Series([r.problem for r in res], index=res.index, dtype=object)
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
    bad[res.index[[r.problem is None and r.unit is None for r in res]]] = True  # a name valid only without a year
    warn_merged_readings(years, res, ref.registry, log)
    # Plain lists, not Series look-ups or pd.isna per row: a 100,000-row upload goes through this loop. A file
    # names a few dozen units, so each distinct resolution's era is computed once; only rows of a set that
    # changed in 2025 (era old or new) can make a year mixed.
    dated_years = years.reindex(res.index)
    era: dict[int, str] = {}
    dated = [(i, int(y), r) for i, y, r, ok in zip(res.index, dated_years.tolist(), res.tolist(),
                                                  dated_years.notna().tolist(), strict=True)
             if ok and (era[id(r)] if id(r) in era else era.setdefault(id(r), r.era)) != "both"]
    for year, (old, new) in mixed_years((y, r) for _, y, r in dated).items():
        rows = sorted(i for i, y, r in dated if y == year)
        log.add("province_sets_mixed", row=int(rows[0]), column="province", year=year, old_n=len(old), new_n=len(new),
                old_names=", ".join(sorted({r.named.name_vi for r in old})), new_names=", ".join(sorted({r.unit.name_vi for r in new})))
    return codes


def warn_merged_readings(years: pd.Series, res: pd.Series, registry: Registry, log: IssueLog) -> None:
    """One warning per year for cells that meant a different, smaller unit before the 2025 merger (e.g. 'Gia Lai')."""
    changed = [i for i, r in res.items() if r.former is not None]
    by_year: dict[int, list[int]] = {}
    for i in changed:
        by_year.setdefault(int(years[i]), []).append(i)
    for year, rows in sorted(by_year.items()):
        units = sorted({res[i].unit for i in rows}, key=lambda u: u.code)
        names = ", ".join(u.name_vi for u in units[:8]) + (f" … (+{len(units) - 8})" if len(units) > 8 else "")
        first = units[0]
        example = f"{first.label} = " + " + ".join(u.name_vi for u in registry.predecessors(first))
        log.add_grouped("province_merged_reading", pd.Index(sorted(rows)), "province", year=year, names=names, example=example)


REFERENCE_TABLES = ("indicators.parquet", "provinces.parquet", "province_successions.parquet")


def same_reference(a: Path, b: Path) -> bool:
    """Whether two versions validate uploads against the same indicators and provinces (byte-identical files)."""
    return a == b or all((a / name).exists() == (b / name).exists()
                          and (not (a / name).exists() or filecmp.cmp(a / name, b / name, shallow=False))
                          for name in REFERENCE_TABLES)
