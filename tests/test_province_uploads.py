"""Provincial uploads across the 2025 merger: each case file in tests/provinces/ against its expected result, and the
province queries (series on the unit of each year, comparable history on today's units) on a published upload."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest

import queries
from etl.upload import check_upload, publish_upload
from etl.warehouse import require_current

CASES = Path(__file__).resolve().parent / "provinces"
MANIFEST = list(csv.DictReader((CASES / "manifest.csv").open(encoding="utf-8")))


@pytest.mark.parametrize("case", MANIFEST, ids=[c["file"] for c in MANIFEST])
def test_case_file(warehouse, case):
    result = check_upload((CASES / case["file"]).read_bytes(), case["file"], require_current(warehouse))
    errors = {code for code, sev in result.counts if sev == "error"}
    warnings = {code for code, sev in result.counts if sev == "warning"}
    assert result.has_errors == (case["accepted"] != "true")
    assert errors == set(filter(None, case["errors"].split(";")))
    assert warnings == set(filter(None, case["warnings"].split(";")))
    if case["provinces"]:
        assert sorted(result.rows["province"]) == case["provinces"].split(";")
    for issue in result.issues:  # every message names file, row and column, in both languages, with a fix
        assert issue.row and issue.column == "province"
        assert case["file"] in issue.message_vi and case["file"] in issue.message_en and issue.fix_vi and issue.fix_en


def test_dissolved_unit_names_its_successor(warehouse):
    result = check_upload((CASES / "dissolved_name_2025.csv").read_bytes(), "d.csv", require_current(warehouse))
    (issue,) = result.issues
    assert "Gia Lai (52)" in issue.message_vi and "01/07/2025" in issue.message_vi
    assert "'Gia Lai' (code 52)" in issue.fix_en


def test_mixed_sets_warning_names_both_sets(warehouse):
    result = check_upload((CASES / "mixed_sets_2025.csv").read_bytes(), "m.csv", require_current(warehouse))
    mixed = [i for i in result.issues if i.code == "province_sets_mixed"]
    assert len(mixed) == 1 and "2025" in mixed[0].message_en
    assert "Bình Định" in mixed[0].message_vi and "Gia Lai" in mixed[0].message_vi
    assert not any(i.code == "province_dissolved" and i.row == 5 for i in result.issues), "Bình Định is valid for 2024"


@pytest.fixture(scope="module")
def published(tmp_path_factory, catalog):
    """A warehouse with the synthetic demo upload of provincial rows (2020-2025) published."""
    from etl.build import build

    root = tmp_path_factory.mktemp("provinces")
    build(root, catalog)
    publish_upload((CASES / "demo_provincial.csv").read_bytes(), "demo_provincial.csv", "tester", root=root)
    return require_current(root)


def run(version, name, **params):
    """A read-side query on its own connection."""
    return queries.run(duckdb.connect(), name, version, **params)


def test_series_names_the_unit_of_each_year(published):
    series = run(published, "province_series", indicator="telecom_internet_users_pct", as_of=9999)
    per_year = series.groupby("year")["province"].nunique()
    assert per_year[2024] == 63 and per_year[2025] == 34
    code52 = series[series["province"] == "52"].set_index("year")
    assert code52.loc[2024, "name_vi"] == "Bình Định" and code52.loc[2025, "name_vi"] == "Gia Lai"
    assert code52.loc[2024, "successor_code"] == "52" and code52.loc[2024, "successor_name_vi"] == "Gia Lai"
    hue = series[series["province"] == "46"].set_index("year")
    assert hue.loc[2024, "name_vi"] == "Thừa Thiên Huế" and hue.loc[2025, "name_vi"] == "Huế"


def test_comparable_history_sums_counts_of_former_units(published):
    rows = run(published, "province_comparable", indicator="digital_economy_digital_enterprises_count", as_of=9999)
    series = run(published, "province_series", indicator="digital_economy_digital_enterprises_count", as_of=9999)
    gia_lai = rows[rows["province"] == "52"].set_index("year")
    parts_2024 = series[(series["year"] == 2024) & series["province"].isin(["52", "64"])]["actual_value"].sum()
    assert gia_lai.loc[2024, "actual_value"] == parts_2024 and gia_lai.loc[2024, "parts_total"] == 2
    assert gia_lai.loc[2025, "basis"] == "reported"
    assert rows.groupby("year")["province"].nunique().to_dict() == {2022: 34, 2023: 34, 2024: 34, 2025: 34}
    hcm = rows[(rows["province"] == "79") & (rows["year"] == 2024)].iloc[0]
    assert hcm["parts_total"] == 3 and hcm["parts_present"] == 3


def test_comparable_history_refuses_a_partial_sum(fresh_warehouse):
    """A successor with one former unit missing gets no sum, and the missing unit is named."""
    data = "indicator_id,year,value,province\ndigital_economy_digital_enterprises_count,2019,10,Bình Định\n".encode()
    publish_upload(data, "one.csv", "tester", root=fresh_warehouse)
    rows = run(require_current(fresh_warehouse), "province_comparable", indicator="digital_economy_digital_enterprises_count",
               as_of=2019)
    (row,) = rows.itertuples()
    assert row.province == "52" and row.actual_value != row.actual_value and row.missing == "Gia Lai"
    assert (row.parts_present, row.parts_total) == (1, 2)
