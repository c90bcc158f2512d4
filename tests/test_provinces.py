"""Provincial units across the 2025 merger: the catalog's units and successions, and what a cell means in a year."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from etl.provinces import MERGER_DATE, Registry, aggregation_rule, mixed_years, name_key, plain

CATALOG = Path(__file__).resolve().parents[1] / "data" / "catalog"


@pytest.fixture(scope="module")
def registry() -> Registry:
    """The registry built from the real catalog CSVs."""
    return Registry.from_frames(pd.read_csv(CATALOG / "provinces.csv", dtype=str, keep_default_na=False),
                                pd.read_csv(CATALOG / "province_successions.csv", dtype=str, keep_default_na=False))


@pytest.mark.parametrize(("day", "count"), [
    (date(2020, 12, 31), 63), (date(2024, 12, 31), 63), (date(2025, 1, 1), 63), (date(2025, 6, 30), 63),
    (date(2025, 7, 1), 34), (date(2026, 12, 31), 34),
])
def test_units_valid_on_a_day(registry, day, count):
    units = registry.units_on(day)
    assert len(units) == count
    assert len({u.code for u in units}) == count, "a code names one unit per day"
    assert len({name_key(u.name_vi) for u in units}) == count, "a name names one unit per day"


def test_kinds_after_the_merger(registry):
    cities = sorted(u.name_vi for u in registry.units_on(MERGER_DATE) if u.kind == "thanh_pho")
    assert cities == sorted(["Hà Nội", "Hải Phòng", "Huế", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"])  # 6 cities, 28 provinces


def test_hue_is_a_centrally_run_city_from_2025(registry):
    before, after = registry.unit_on("46", date(2024, 12, 31)), registry.unit_on("46", date(2025, 1, 1))
    assert (before.name_vi, before.kind) == ("Thừa Thiên Huế", "tinh")
    assert (after.name_vi, after.kind) == ("Huế", "thanh_pho")
    assert registry.unit_on("46", MERGER_DATE) is after, "Huế is one of the 11 units the merger left unchanged"


def test_every_old_unit_has_exactly_one_successor(registry):
    old = registry.units_on(date(2024, 12, 31))
    succession_rows = pd.read_csv(CATALOG / "province_successions.csv", dtype=str)
    assert len(succession_rows) == 63 and not succession_rows["old_code"].duplicated().any()
    new = set(registry.units_on(MERGER_DATE))
    for unit in old:
        assert unit in registry.successions, unit.label
        assert registry.final_successor(unit) in new, unit.label
    assert {registry.final_successor(u) for u in old} == new, "every new unit succeeds at least one old unit"
    merged = [s for s in registry.successions.values() if s.change == "merged"]
    assert len(merged) == 52 and len({s.new for s in merged}) == 23  # Resolution 202/2025/QH15: 52 units → 23


@pytest.mark.parametrize(("old", "new"), [
    ("02", "08"), ("10", "15"), ("15", "15"), ("64", "52"), ("52", "52"), ("74", "79"), ("77", "79"), ("72", "80"),
    ("80", "80"), ("87", "82"), ("89", "91"), ("27", "24"), ("45", "44"), ("01", "01"), ("46", "46"),
])
def test_successor_codes(registry, old, new):
    unit = registry.unit_on(old, date(2024, 12, 31))
    assert registry.final_successor(unit).code == new


# (cell, year) → (code stored, problem, successor code, former code: the other unit the cell meant before the merger)
CASES = [
    ("Gia Lai", 2024, "64", None, None, None),
    ("Gia Lai", 2025, "52", None, None, "64"),          # merged name: the unit valid that year, noted as changed
    ("gia lai", 2026, "52", None, None, "64"),
    ("52", 2024, "52", None, None, None),                # Bình Định's code until 2025 …
    ("52", 2025, "52", None, None, "52"),                # … the merged Gia Lai's from 01/07/2025
    ("Bình Định", 2024, "52", None, None, None),
    ("Bình Định", 2025, None, "dissolved", "52", None),  # dissolved: error naming Gia Lai
    ("64", 2025, None, "dissolved", "52", None),
    (64, 2025, None, "dissolved", "52", None),
    ("TP. Hồ Chí Minh", 2024, "79", None, None, None),
    ("TP. Hồ Chí Minh", 2025, "79", None, None, "79"),
    ("Bình Dương", 2025, None, "dissolved", "79", None),
    ("Bà Rịa - Vũng Tàu", 2025, None, "dissolved", "79", None),
    ("BRVT", 2024, "77", None, None, None),
    ("Thừa Thiên Huế", 2024, "46", None, None, None),
    ("Thừa Thiên Huế", 2025, "46", None, None, None),    # upgraded, same territory: read as Huế
    ("Huế", 2020, "46", None, None, None),
    ("Thành phố Huế", 2025, "46", None, None, None),
    ("Hà Nội", 2025, "01", None, None, None),
    ("1", 2025, "01", None, None, None),
    (1.0, 2021, "01", None, None, None),
    ("Lào Cai", 2025, "15", None, None, "10"),
    ("10", 2025, None, "dissolved", "15", None),
    ("Yên Bái", 2025, None, "dissolved", "15", None),
    ("Hà Tây", 2021, None, "unknown", None, None),
    ("99", 2021, None, "unknown", None, None),
    (1.5, 2021, None, "unknown", None, None),
    (True, 2021, None, "unknown", None, None),
]


@pytest.mark.parametrize(("cell", "year", "code", "problem", "successor", "former"), CASES)
def test_resolve(registry, cell, year, code, problem, successor, former):
    res = registry.resolve(cell, year)
    assert res.code == code
    assert res.problem == problem
    assert (res.successor.code if res.successor else None) == successor
    assert (res.former.code if res.former else None) == former


def test_mixed_years(registry):
    cells = [(2025, "Gia Lai"), (2025, "Bình Định"), (2025, "Hà Nội"), (2024, "Gia Lai"), (2024, "Bình Định"),
             (2026, "Gia Lai"), (2026, "Lâm Đồng")]
    mixed = mixed_years((y, registry.resolve(c, y)) for y, c in cells)
    assert list(mixed) == [2025]
    old, new = mixed[2025]
    assert [r.named.name_vi for r in old] == ["Bình Định"] and [r.unit.name_vi for r in new] == ["Gia Lai"]


def test_matches_vietnamadminunits(registry):
    """Cross-check against the vietnamadminunits package's 63 → 34 mapping and codes (built from the GSO code list)."""
    pytest.importorskip("vietnamadminunits")
    import vietnamadminunits

    data = Path(vietnamadminunits.__file__).parent / "data"
    con = sqlite3.connect(data / "dataset.db")

    def key(full: str) -> str:
        return re.sub(r"[^a-z0-9]", "", plain(full))

    new = {key(full): code for code, full in con.execute("SELECT DISTINCT provinceCode, province FROM admin_units")}
    old = {key(full): code for code, full in con.execute("SELECT DISTINCT provinceCode, province FROM admin_units_legacy")}
    assert sorted(new.values()) == [u.code for u in registry.units_on(MERGER_DATE)]
    assert sorted(old.values()) == [u.code for u in registry.units_on(date(2024, 12, 31))]
    mapping = json.loads((data / "converter_2025.json").read_text(encoding="utf-8"))["DICT_PROVINCE"]
    pairs = [(old[o], new[n]) for n, olds in mapping.items() for o in olds]
    assert len(pairs) == 63
    for old_code, new_code in pairs:
        assert registry.final_successor(registry.unit_on(old_code, date(2024, 12, 31))).code == new_code, old_code


@pytest.mark.parametrize(("value_type", "unit_en", "rule"), [
    ("number", "enterprises", "sum"), ("number", "million subscriptions", "sum"), ("number", "VND billion", "sum"),
    ("number", "ministries/agencies", "sum"), ("number", "persons", "sum"),
    ("percent", "%", "needs_weights"), ("number", "subscriptions per 100 inhabitants", "needs_weights"),
    ("number", "Mbit/s", "needs_weights"), ("number", "copies per person per year", "needs_weights"),
    ("number", "ratio (times)", "needs_weights"), ("number", "provinces (of 63)", "needs_weights"),
    ("number", "km per service point", "needs_weights"),
    ("rank", "rank", "not_combinable"), ("number", "points (0-10)", "not_combinable"), ("number", "score (0-1)", "not_combinable"),
])
def test_aggregation_rule(value_type, unit_en, rule):
    assert aggregation_rule(value_type, unit_en) == rule


def test_every_catalog_indicator_has_a_rule():
    indicators = pd.concat([pd.read_csv(p, dtype=str) for p in sorted(CATALOG.glob("*/indicators.csv"))])
    rules = {aggregation_rule(v, u) for v, u in zip(indicators["value_type"], indicators["unit_en"], strict=True)}
    assert rules <= {"sum", "needs_weights", "not_combinable"}
    summed = indicators[[aggregation_rule(v, u) == "sum" for v, u in zip(indicators["value_type"], indicators["unit_en"], strict=True)]]
    assert not summed["unit_en"].fillna("").str.contains("per |%|/s", regex=True).any()


def test_catalog_check_refuses_a_code_not_valid_in_its_year(tmp_path):
    """A provincial catalog figure for 2025 under a merged-away code (64, the old Gia Lai) is refused."""
    import shutil

    from etl.provenance import check_catalog

    copy = tmp_path / "catalog"
    shutil.copytree(CATALOG, copy)
    path = copy / "telecom" / "actuals.csv"
    text = path.read_text(encoding="utf-8")
    assert "telecom_village_coverage_pct,2020,,26," in text
    path.write_text(text.replace("telecom_village_coverage_pct,2020,,26,", "telecom_village_coverage_pct,2025,,64,", 1),
                    encoding="utf-8")
    problems = [str(p) for p in check_catalog(copy)]
    assert any("'64' is not a provincial unit valid in 2025" in p for p in problems), problems
