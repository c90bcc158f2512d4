"""Provincial-level units over time: which units a year uses, what a cell names in that year, and who succeeded whom.

Vietnam had 63 provincial-level units until 30/06/2025 and 34 from 01/07/2025 (Resolution 202/2025/QH15); Thừa
Thiên Huế became the centrally-run city of Huế on 01/01/2025 (Resolution 175/2024/QH15). A unit is a row of
data/catalog/provinces.csv: its code, names, kind and validity. A code or a name can denote different units in
different periods (code 52 was Bình Định until 30/06/2025 and is the merged Gia Lai since), so a provincial figure
means the unit valid at the end of its year: years up to 2024 use the 63 units, years from 2025 the 34.
Pure Python: no Streamlit, no I/O beyond the frames handed in.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

MERGER_DATE = date(2025, 7, 1)
ONE_DAY = timedelta(days=1)
# Ways people write a unit that are not its catalog name; each maps to a code, valid whenever that code is.
ALIASES = {"hcm": "79", "tphcm": "79", "hochiminhcity": "79", "saigon": "79", "hue": "46", "brvt": "77", "hn": "01"}


def plain(text: str) -> str:
    """Lower-case text without Vietnamese diacritics (đ folded to d)."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    return "".join(c for c in text if not unicodedata.combining(c))


def name_key(text: str) -> str:
    """A unit name reduced for matching: no diacritics, case, punctuation or the prefixes Tỉnh/TP./Thành phố."""
    words = re.sub(r"[^a-z0-9]+", " ", plain(text)).split()
    while len(words) > 1:
        if words[:2] in (["thanh", "pho"], ["t", "p"]):
            words = words[2:]
        elif words[0] in ("tinh", "tp"):
            words = words[1:]
        else:
            break
    if len(words) > 1 and words[-1] == "city":
        words = words[:-1]
    return "".join(words)


def reference_day(year: int) -> date:
    """The day whose units a figure of that year belongs to: the year's last day (2025 → the 34 units)."""
    return date(int(year), 12, 31)


@dataclass(frozen=True)
class Unit:
    """One provincial-level unit as it existed between valid_from and valid_to (None = open-ended)."""

    code: str
    name_vi: str
    name_en: str
    kind: str
    valid_from: date | None
    valid_to: date | None

    def valid_on(self, day: date) -> bool:
        """Whether the unit existed on that day."""
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    @property
    def label(self) -> str:
        """'Gia Lai (52)'."""
        return f"{self.name_vi} ({self.code})"


@dataclass(frozen=True)
class Succession:
    """What became of a unit of the 63 on an effective date: merged into, renamed/upgraded to, or unchanged."""

    old: Unit
    new: Unit
    effective: date
    change: str


@dataclass(frozen=True)
class Resolution:
    """What a province cell means in a year.

    problem is None (unit is the unit), 'dissolved' (the cell names a unit merged away before that year; successor
    says into which) or 'unknown'. former is the different pre-merger unit the same words named (e.g. 'Gia Lai' in
    2025 is the merged Gia Lai, while in 2024 it was the old, smaller Gia Lai): the reading changes across the merger.
    """

    unit: Unit | None
    problem: str | None = None
    successor: Unit | None = None
    former: Unit | None = None
    named: Unit | None = None

    @property
    def code(self) -> str | None:
        """The code to store, or None."""
        return self.unit.code if self.unit is not None and self.problem is None else None

    @property
    def era(self) -> str:
        """'old' when the cell names one of the 63 that did not survive, 'new' when it means a merged unit, else 'both'."""
        if self.problem == "dissolved":
            return "old"
        if self.former is not None:
            return "new"
        return "both"


def to_date(value: object) -> date | None:
    """A catalog date cell ('2025-07-01', a date, or blank/None/NaN/NaT) as a date."""
    if value is None or value != value or str(value).strip() in ("", "NaT", "<NA>"):  # noqa: PLR0124 (NaN, NaT)
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip()[:10])


class Registry:
    """The units and their successions, with lookups by day, code and name."""

    def __init__(self, units: Iterable[Unit], successions: Iterable[tuple[str, str, date, str]]):
        self.units = list(units)
        self.by_code: dict[str, list[Unit]] = {}
        self.by_name: dict[str, list[Unit]] = {}
        for unit in self.units:
            self.by_code.setdefault(unit.code, []).append(unit)
            for key in {name_key(unit.name_vi), name_key(unit.name_en)}:
                self.by_name.setdefault(key, []).append(unit)
        for alias, code in ALIASES.items():
            named = self.by_name.setdefault(alias, [])
            named.extend(u for u in self.by_code.get(code, []) if u not in named)
        self.successions: dict[Unit, Succession] = {}
        for old_code, new_code, effective, change in successions:
            old = self.unit_on(old_code, effective - ONE_DAY)
            if old is None and change == "status":
                old = self.unit_on(old_code, date(effective.year - 1, 12, 31))
            new = self.unit_on(new_code, max(effective, MERGER_DATE))
            if old is None or new is None:
                raise ValueError(f"succession {old_code} → {new_code} ({effective}) names a unit that does not exist then")
            if old in self.successions:
                raise ValueError(f"unit {old.label} has more than one successor")
            self.successions[old] = Succession(old, new, effective, change)

    @classmethod
    def from_rows(cls, provinces: Iterable[dict], successions: Iterable[dict]) -> Registry:
        """From rows of the provinces and province_successions tables (catalog CSV text or published values)."""
        units = [Unit(str(r["province_code"]), str(r["name_vi"]), str(r["name_en"]), str(r["kind"]),
                      to_date(r.get("valid_from")), to_date(r.get("valid_to"))) for r in provinces]
        rows = [(str(r["old_code"]), str(r["new_code"]), to_date(r["effective_date"]), str(r["change"])) for r in successions]
        return cls(units, rows)

    @classmethod
    def from_frames(cls, provinces: object, successions: object) -> Registry:
        """From the two tables as DataFrames."""
        return cls.from_rows(provinces.to_dict("records"), successions.to_dict("records"))

    def units_on(self, day: date) -> list[Unit]:
        """The units in force on a day, in code order."""
        return sorted((u for u in self.units if u.valid_on(day)), key=lambda u: u.code)

    def units_in_year(self, year: int) -> list[Unit]:
        """The units a figure of that year can belong to (up to 2024 the 63, from 2025 the 34)."""
        return self.units_on(reference_day(year))

    def unit_on(self, code: str, day: date) -> Unit | None:
        """The unit holding a code on a day."""
        return next((u for u in self.by_code.get(code, []) if u.valid_on(day)), None)

    def final_successor(self, unit: Unit) -> Unit:
        """Where a unit's territory belongs today: follows successions to the end (Thừa Thiên Huế → Huế)."""
        seen = {unit}
        while unit in self.successions and self.successions[unit].new not in seen:
            unit = self.successions[unit].new
            seen.add(unit)
        return unit

    def successor_on(self, unit: Unit, day: date) -> Unit:
        """The unit that holds a ceased unit's territory on a day."""
        while not unit.valid_on(day) and unit in self.successions:
            unit = self.successions[unit].new
        return unit

    def resolve(self, cell: object, year: int) -> Resolution:
        """What a province cell (code '52', 52, '5', or a name with or without diacritics) means in a year."""
        day = reference_day(year)
        candidates = self.candidates(cell)
        if not candidates:
            return Resolution(None, "unknown")
        valid = [u for u in candidates if u.valid_on(day)]
        if valid:
            unit = valid[0]
            return Resolution(unit, former=self.former_meaning(candidates, unit, day), named=unit)
        ended = sorted((u for u in candidates if u.valid_to is not None and u.valid_to < day), key=lambda u: u.valid_to)
        if not ended:
            return Resolution(None, "unknown")
        named = ended[-1]
        successor = self.successor_on(named, day)
        if named in self.successions and self.successions[named].change != "merged" and successor.valid_on(day):
            # A renamed or upgraded unit (Thừa Thiên Huế → Huế) covers the same territory: no doubt what is meant.
            return Resolution(successor, named=named)
        return Resolution(None, "dissolved", successor=successor, named=named)

    def candidates(self, cell: object) -> list[Unit]:
        """Every unit (of any period) a cell can denote."""
        if isinstance(cell, bool) or cell is None:
            return []
        if isinstance(cell, int | float):
            if isinstance(cell, float) and (cell != cell or cell != int(cell)):
                return []
            return list(self.by_code.get(f"{int(cell):02d}", []))
        text = str(cell).strip()
        if re.fullmatch(r"\d{1,2}", text):
            return list(self.by_code.get(text.zfill(2), []))
        return list(self.by_name.get(name_key(text), []))

    def former_meaning(self, candidates: list[Unit], unit: Unit, day: date) -> Unit | None:
        """The other unit the same cell meant before the merger, when the merger changed its territory."""
        if day < MERGER_DATE:
            return None
        before = [u for u in candidates if u is not unit and u.valid_on(MERGER_DATE - ONE_DAY)]
        merged = [u for u in before if u in self.successions and self.successions[u].change == "merged"]
        return merged[0] if merged else None

    def predecessors(self, unit: Unit) -> list[Unit]:
        """The former units merged into a unit (empty when it was not formed by a merger)."""
        return sorted((s.old for s in self.successions.values() if s.new is unit and s.change == "merged"), key=lambda u: u.code)

    def known_keys(self) -> list[str]:
        """Every name key (for 'did you mean')."""
        return list(self.by_name)


def mixed_years(resolutions: Iterable[tuple[int, Resolution]]) -> dict[int, tuple[list[Resolution], list[Resolution]]]:
    """Years whose cells name both pre-merger-only units and merged units: {year: (old-set cells, new-set cells)}."""
    by_year: dict[int, tuple[list[Resolution], list[Resolution]]] = {}
    for year, res in resolutions:
        old, new = by_year.setdefault(int(year), ([], []))
        if res.era == "old":
            old.append(res)
        elif res.era == "new":
            new.append(res)
    return {y: sets for y, sets in by_year.items() if sets[0] and sets[1]}


# Units that are levels per something (rates, densities, speeds, scores, ratios): never summed across units.
NOT_ADDITIVE = re.compile(r"\bper\b|/s\b|/100|point|score|ratio|times|rank|hours|%|\(of \d+\)", re.IGNORECASE)


def aggregation_rule(value_type: str, unit_en: str | None) -> str:
    """How figures of former units combine into today's unit.

    'sum' for counts and amounts (enterprises, persons, VND, subscriptions); 'needs_weights' for shares, rates and
    per-capita levels (their combination needs each former unit's denominator, e.g. population, which the data
    does not hold); 'not_combinable' for ranks and scores.
    """
    if value_type == "rank":
        return "not_combinable"
    if value_type == "percent":
        return "needs_weights"
    unit = unit_en or ""
    if re.search(r"point|score|rank", unit, re.IGNORECASE) and not re.search(r"\bper\b", unit):
        return "not_combinable"
    return "needs_weights" if NOT_ADDITIVE.search(unit) else "sum"
