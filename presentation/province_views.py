"""Shaping provincial figures for the province view: the national goal of a year, the ranking, comparable history."""

from __future__ import annotations

import pandas as pd

from etl.formatting import fmt_number
from etl.scorecard import optional
from etl.status import Target, describe_target, goal_level
from presentation.text import t


def unit_key(code: str, valid_from: object) -> str:
    """One unit across periods: its code plus the day it began ('52@2025-07-01'; '52@' for a unit of the 63)."""
    return f"{code}@{'' if valid_from is None or pd.isna(valid_from) else str(valid_from)[:10]}"


def with_units(series: pd.DataFrame, lang: str) -> pd.DataFrame:
    """province_series rows with a unit key and a display name (the code when the unit is unknown)."""
    out = series.copy()
    out["unit"] = [unit_key(c, f) for c, f in zip(out["province"], out["valid_from"], strict=True)]
    out["name"] = out["name_vi" if lang == "vi" else "name_en"].fillna(out["province"])
    return out


def national_goal(score: pd.DataFrame, year: int) -> pd.Series | None:
    """The national target a provincial figure of `year` is measured against: the target ending that year, else the
    next one ahead, else the last one before; its headline statement (one verdict per indicator and year), else the
    non-draft one. Projections and aspirations are not targets. None when the indicator has no level target."""
    if score.empty:
        return None
    # The level a target asks for, also where the national verdict has none (e.g. not measured): eq/ge/le/range.
    score = score.assign(goal=[g if not pd.isna(g) else goal_level(target_of(r), None) for g, (_, r)
                               in zip(score["goal"], score.iterrows(), strict=True)])
    rows = score[score["goal"].notna()]
    if "kind" in rows:
        rows = rows[rows["kind"].fillna("target").eq("target")]
    if rows.empty:
        return None
    ahead = rows[rows["period_end"] >= year]
    pool = ahead[ahead["period_end"] == ahead["period_end"].min()] if not ahead.empty else rows[rows["period_end"] == rows["period_end"].max()]
    pool = pool.assign(_head=~pool["is_headline"].fillna(False).astype(bool) if "is_headline" in pool else True)
    return pool.sort_values(["_head", "is_draft", "has_conflict", "target_id"]).iloc[0].drop("_head")


def target_of(row: pd.Series) -> Target:
    """A scorecard row as an etl.status Target."""
    return Target(row["comparator"], int(row["period_start"]), int(row["period_end"]), row["direction"],
                  optional(row["target_value"]), optional(row["target_low"]), optional(row["target_high"]))


def goal_text(goal: pd.Series, lang: str) -> str:
    """'MT 2025: ≥ 80' in words of etl.status."""
    return t("prov_goal", lang, year=int(goal["period_end"]), target=describe_target(target_of(goal), lang))


def signed(value: float, lang: str) -> str:
    """+1,5 / −2,3 / 0 (ahead of or behind a reference)."""
    return ("+" if value > 0 else "−" if value < 0 else "") + fmt_number(abs(value), lang)


def shortfall(value: float, reference: float, lower_better: bool) -> float:
    """How far a value is behind a reference level (positive = behind), direction-aware."""
    return value - reference if lower_better else reference - value


def ranking(rows: pd.DataFrame, national: float | None, goal: float | None, lower_better: bool, lang: str,
            additive: bool = False) -> pd.DataFrame:
    """Units of one year, worst first against the national goal (or, without a goal, against the national value),
    with the national value as a reference row in its place. rows: unit, name, actual_value, is_estimate.

    additive (counts, amounts): the national figure is a total, so no unit is held against it; units are ranked by
    value and the gap column gives each unit's share of the national total.
    """
    reference = None if additive else goal if goal is not None else national
    frame = rows[["unit", "name", "actual_value", "is_estimate"]].copy()
    frame["is_national"] = False
    if national is not None:
        frame = pd.concat([frame, pd.DataFrame([{"unit": "", "name": t("prov_national_row", lang), "actual_value": national,
                                                  "is_estimate": False, "is_national": True}])], ignore_index=True)
    frame["gap"] = [shortfall(v, reference, lower_better) if reference is not None else None for v in frame["actual_value"]]
    if reference is not None:
        frame = frame.sort_values(["gap", "name"], ascending=[False, True], kind="stable")
    else:
        frame = frame.sort_values(["actual_value", "name"], ascending=[not lower_better, True], kind="stable")
    ranks = iter(range(1, len(frame) + 1))
    frame["rank"] = ["–" if n else str(next(ranks)) for n in frame["is_national"]]
    frame["value_text"] = [fmt_number(v, lang) + (f" ({t('estimate', lang)})" if e else "")
                           for v, e in zip(frame["actual_value"], frame["is_estimate"], strict=True)]
    if additive:
        frame["gap_text"] = ["" if n or not national else fmt_number(100 * v / national, lang, 1) + "%"
                             for n, v in zip(frame["is_national"], frame["actual_value"], strict=True)]
        frame["verdict"] = ""
    else:
        frame["gap_text"] = ["" if g is None or pd.isna(g) else signed(-g, lang) for g in frame["gap"]]
        words = ("prov_meets", "prov_below") if goal is not None else ("prov_above_national", "prov_below_national")
        frame["verdict"] = ["" if n else t(words[0] if g <= 0 else words[1], lang)
                            for n, g in zip(frame["is_national"], frame["gap"], strict=True)]
    return frame.reset_index(drop=True)


def tile_classes(ranked: pd.DataFrame, has_goal: bool, additive: bool = False) -> dict[str, str]:
    """unit → 'meets' / 'below' (against the goal), 'above' / 'under' (against the national value), or for counts
    'upper' / 'lower' half of the units."""
    units = ranked[~ranked["is_national"]]
    if additive:
        median = units["actual_value"].median()
        return {u: "upper" if v >= median else "lower" for u, v in zip(units["unit"], units["actual_value"], strict=True)
                if not pd.isna(v)}
    out = {}
    for unit, gap in zip(units["unit"], units["gap"], strict=True):
        if gap is not None and not pd.isna(gap):
            out[unit] = ("meets" if gap <= 0 else "below") if has_goal else ("above" if gap <= 0 else "under")
    return out


def comparable_table(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Today's units × years: reported values from 2025, sums of the former units before (– when a part is missing)."""
    if rows.empty:
        return pd.DataFrame()
    name = "name_vi" if lang == "vi" else "name_en"
    text = [("–" if pd.isna(v) else fmt_number(v, lang)) for v in rows["actual_value"]]
    frame = rows.assign(text=text).pivot_table(index=name, columns="year", values="text", aggfunc="first", sort=True)
    frame.columns = [str(c) for c in frame.columns]
    return frame.fillna("").reset_index().rename(columns={name: t("province", lang)})


def former_units_table(series: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Figures of the former units as reported, each with the unit that holds its territory today (not combined)."""
    old = series[series["valid_to"].notna()] if not series.empty else series
    if old.empty:
        return pd.DataFrame()
    name, succ = ("name_vi", "successor_name_vi") if lang == "vi" else ("name_en", "successor_name_en")
    return pd.DataFrame({
        t("year", lang): old["year"].astype(int), t("prov_former_unit", lang): old[name],
        t("prov_today_unit", lang): old[succ], t("value", lang): [fmt_number(v, lang) for v in old["actual_value"]],
    }).sort_values([t("prov_today_unit", lang), t("prov_former_unit", lang), t("year", lang)]).reset_index(drop=True)


def unmatched_years(series: pd.DataFrame) -> list[int]:
    """Years holding codes that name no unit valid that year (published before the merger rules): a mixed year."""
    if series.empty:
        return []
    return sorted(int(y) for y in series.loc[series["name_vi"].isna(), "year"].unique())
