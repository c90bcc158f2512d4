"""Make the provincial test uploads in this folder (run from the repository root: python tests/provinces/make_files.py).

The demo files hold SYNTHETIC values (a deterministic hash of indicator, year and unit), made only to exercise the
province view and the comparable history; they are never part of the catalog. The three 2025 case files are the
upload cases of issue 15, their expected results in manifest.csv.
"""

from __future__ import annotations

import csv
import hashlib
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
CATALOG = HERE.parents[1] / "data" / "catalog"


def units_on(day: date) -> list[dict]:
    """The catalog's units valid on a day."""
    rows = list(csv.DictReader((CATALOG / "provinces.csv").open(encoding="utf-8")))
    return [r for r in rows if (not r["valid_from"] or r["valid_from"] <= day.isoformat())
            and (not r["valid_to"] or day.isoformat() <= r["valid_to"])]


def jitter(*key: object) -> float:
    """A stable number in [0, 1) for a key."""
    return int(hashlib.sha256("|".join(map(str, key)).encode()).hexdigest()[:8], 16) / 2**32


def demo_rows() -> list[list]:
    """Internet users (%) 2020-2025 and digital enterprises 2022-2025, national and per unit valid that year."""
    rows = []
    for year in range(2020, 2026):
        units = units_on(date(year, 12, 31))
        national = 70.3 + 1.9 * (year - 2020)
        rows.append(["telecom_internet_users_pct", year, round(national, 1), "", "FALSE", "synthetic test data"])
        for u in units:
            value = min(99.0, national - 14 + 24 * jitter("net", u["province_code"], u["valid_from"]) + 0.8 * (year - 2020))
            rows.append(["telecom_internet_users_pct", year, round(value, 1), u["name_vi"], "FALSE", ""])
    old = units_on(date(2024, 12, 31))
    successions = list(csv.DictReader((CATALOG / "province_successions.csv").open(encoding="utf-8")))
    for year in (2022, 2023, 2024):
        for u in old:
            value = 40 + int(900 * jitter("ent", u["province_code"])) + 35 * (year - 2022)
            rows.append(["digital_economy_digital_enterprises_count", year, value, u["province_code"], "FALSE", ""])
    for u in units_on(date(2025, 12, 31)):  # 2025: the sum of the former units' 2024 values plus growth
        parts = [s["old_code"] for s in successions if s["new_code"] == u["province_code"]]
        value = sum(40 + int(900 * jitter("ent", p)) + 35 * 2 for p in parts) + 50
        rows.append(["digital_economy_digital_enterprises_count", 2025, value, u["name_vi"], "FALSE", ""])
    return rows


CASES = {
    # A merged name in 2025: the merged Gia Lai (code 52).
    "merged_name_2025.csv": [["telecom_internet_users_pct", 2025, 78.4, "Gia Lai", "FALSE", ""],
                             ["telecom_internet_users_pct", 2025, 90.1, "TP. Hồ Chí Minh", "FALSE", ""]],
    # A unit merged away on 01/07/2025, for 2025: refused, naming Gia Lai.
    "dissolved_name_2025.csv": [["telecom_internet_users_pct", 2025, 74.0, "Bình Định", "FALSE", ""]],
    # A 2025 file written with the 63 former units: Gia Lai (merged name) next to Bình Định (merged away).
    "mixed_sets_2025.csv": [["telecom_internet_users_pct", 2025, 71.2, "Gia Lai", "FALSE", ""],
                            ["telecom_internet_users_pct", 2025, 74.0, "Bình Định", "FALSE", ""],
                            ["telecom_internet_users_pct", 2025, 92.5, "Hà Nội", "FALSE", ""],
                            ["telecom_internet_users_pct", 2024, 73.0, "Bình Định", "FALSE", ""]],
}
HEADER = ["indicator_id", "year", "value", "province", "is_estimate", "note"]


def write(name: str, rows: list[list]) -> None:
    """One CSV as a spreadsheet program would save it (UTF-8 with BOM, CRLF)."""
    with (HERE / name).open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow(HEADER)
        writer.writerows(rows)


if __name__ == "__main__":
    write("demo_provincial.csv", demo_rows())
    for file_name, case_rows in CASES.items():
        write(file_name, case_rows)
