"""Change since the last report: "▲ +4,1 điểm % so với 2022" on tiles and cards (pure)."""

from __future__ import annotations

import pandas as pd

from etl.formatting import fmt_number
from presentation.text import t


def change_text(row: dict, unit: str, value_type: str, lang: str) -> str | None:
    """The change from the previous reported year to the latest, in the indicator's own terms; None without two years.

    Percentages change in percentage points; ranks in places (a smaller rank number is a gain); anything else in its
    unit. The arrow follows the number, the words say better or worse for ranks only (where the arrow would mislead).
    """
    latest, previous, year = row.get("latest_value"), row.get("previous_value"), row.get("previous_year")
    if latest is None or previous is None or pd.isna(latest) or pd.isna(previous) or pd.isna(year):
        return None
    diff = float(latest) - float(previous)
    since = t("change_since", lang, year=int(year))
    if value_type == "rank":
        places = fmt_number(abs(diff), lang, 0)
        if diff == 0:
            return f"= {t('change_rank_same', lang)} {since}"
        return f"{'▲' if diff < 0 else '▼'} {t('change_rank_up' if diff < 0 else 'change_rank_down', lang, n=places)} {since}"
    arrow = "▲" if diff > 0 else "▼" if diff < 0 else "="
    sign = "+" if diff > 0 else "-" if diff < 0 else "±"
    amount = fmt_number(abs(diff), lang, 1 if abs(diff) < 100 else 0)
    measure = t("change_points", lang) if unit == "%" else unit
    return f"{arrow} {sign}{amount} {measure} {since}".replace("  ", " ")


def changes_by_indicator(changes: pd.DataFrame, meta: pd.DataFrame, lang: str) -> dict[str, dict]:
    """indicator_id → {"change": text or None, "fresh": set by the newest upload batch} for the indicators in meta."""
    units = meta.set_index("indicator_id")
    out = {}
    for row in changes.to_dict("records"):
        if row["indicator_id"] not in units.index:
            continue
        info = units.loc[row["indicator_id"]]
        unit = info["unit"] if lang == "vi" else (info.get("unit_en") or info["unit"])
        out[row["indicator_id"]] = {"change": change_text(row, unit, info["value_type"], lang), "fresh": bool(row["in_newest_batch"])}
    return out
