"""What a briefing holds (no Streamlit, no file format): scope, dates, sources, attention list, table and charts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import plotly.graph_objects as go

import queries
from etl.formatting import fmt_number
from etl.public_reports import public_label
from etl.scorecard import scorecard
from etl.warehouse import read_manifest
from presentation import views
from presentation.attention import attention_rows, distinct_targets, figure_text
from presentation.charts import (
    ChartContext,
    doc_label,
    evaluate_row_description,
    indicator_figure,
    public_labels,
    status_label,
)
from presentation.settings import live_link, publisher
from presentation.text import t

ATTENTION = "attention"


@dataclass
class Chart:
    """One chart of the briefing: its figure, the status reasons to print beside it, sources and quotes for notes."""

    indicator_id: str
    title: str
    figure: go.Figure
    reasons: list[dict]
    notes: str
    link: str


@dataclass
class Briefing:
    """Everything a deck or a report prints, already worded in one language."""

    lang: str
    scope: str
    scope_name: str
    as_of: int | None
    latest_year: int | None
    updated: str
    made_on: str
    publisher: str
    documents: list[str]
    attention: pd.DataFrame
    table: pd.DataFrame
    charts: list[Chart] = field(default_factory=list)
    link: str = ""

    @property
    def title(self) -> str:
        """'Báo cáo chỉ tiêu và kết quả: Viễn thông'."""
        return t("briefing_title", self.lang, scope=self.scope_name)

    @property
    def as_of_text(self) -> str:
        """'Số liệu tính đến năm 2021' or 'Toàn bộ số liệu đến nay'."""
        return t("briefing_as_of", self.lang, year=self.as_of) if self.as_of else t("briefing_all_years", self.lang)

    @property
    def data_text(self) -> str:
        """'Số liệu mới nhất: năm 2023 (cập nhật 01/12/2026)'."""
        return t("briefing_data_date", self.lang, year=self.latest_year or "–", date=self.updated)

    def file_name(self, extension: str) -> str:
        """'bao-cao-telecom-2021.pptx': scope, as-of year when set."""
        year = f"-{self.as_of}" if self.as_of else ""
        return f"{'bao-cao' if self.lang == 'vi' else 'briefing'}-{self.scope}{year}.{extension}"


def day_month_year(value: object) -> str:
    """dd/mm/yyyy of a timestamp or ISO date text."""
    stamp = pd.Timestamp(value)
    return f"{stamp.day:02d}/{stamp.month:02d}/{stamp.year}"


def responsible_units(con: duckdb.DuckDBPyConnection, version_dir: Path) -> dict[str, str]:
    """indicator_id → lead unit(s) of the tasks mapped to it (an older version without the mapping: none)."""
    if not (version_dir / "indicator_tasks.parquet").exists():
        return {}
    frame = queries.run(con, "responsible_units", version_dir)
    return dict(zip(frame["indicator_id"], frame["lead_unit"], strict=True))


def load_briefing(con: duckdb.DuckDBPyConnection, version_dir: Path, lang: str, sector: str | None = None,
                  as_of: int | None = None, today: dt.date | None = None) -> Briefing:
    """The briefing of one sector (every chart of its page) or, without sector, of the attention list across sectors
    (a chart per indicator in the list)."""
    sectors = queries.run(con, "sectors", version_dir)
    names = dict(zip(sectors["sector_id"], sectors[views.name_col(lang)], strict=True))
    if sector is not None and sector not in names:
        raise ValueError(f"unknown sector {sector!r}; one of: {', '.join(names)}")
    score = scorecard(con, version_dir, as_of=as_of, sector=sector)
    units = responsible_units(con, version_dir)
    attention = attention_rows(score, units, lang)
    batches = queries.run(con, "batch_dates", version_dir)
    batch_dates = dict(zip(batches["batch_id"], batches["published_at"], strict=True))
    published = pd.Timestamp(published_at(version_dir))

    sector_ids = [sector] if sector else list(dict.fromkeys(attention["sector_id"]))
    series = pd.concat([queries.run(con, "sector_series", version_dir, sector=s, as_of=as_of or 9999) for s in sector_ids]
                       or [pd.DataFrame()], ignore_index=True)
    indicators = pd.concat([queries.run(con, "indicators", version_dir, sector=s) for s in sector_ids] or [pd.DataFrame()],
                           ignore_index=True)
    if sector:
        order = [c["indicator_id"] for c in views.sector_cards(indicators, score, set(series["indicator_id"]), lang)["cards"]]
    else:
        order = [i for i in dict.fromkeys(attention["indicator_id"]) if i in set(series["indicator_id"])]
    used = series[series["batch_id"].notna()]["batch_id"] if not series.empty else pd.Series(dtype="string")
    upload_dates = [batch_dates[b] for b in used.unique() if b in batch_dates]
    updated = day_month_year(max(upload_dates) if upload_dates else published)
    ctx = ChartContext(lang=lang, data_date=updated)
    meta = indicators.set_index("indicator_id") if not indicators.empty else indicators
    charts = [make_chart(meta.loc[i], i, series[series["indicator_id"] == i], score[score["indicator_id"] == i],
                         names[meta.loc[i, "sector_id"]], ctx, as_of, batch_dates) for i in order]
    docs = list(dict.fromkeys([*score["source_doc"].dropna(), *(series["source_doc"].dropna() if not series.empty else [])]))
    documents = [doc_label(d, lang) for d in sorted(docs)] + ([t("uploaded", lang)] if upload_dates else [])
    documents += [f"{label} ({t('public_report_short', lang)})" for label in dict.fromkeys(public_labels(series))] if not series.empty else []
    latest = score["latest_year"].dropna()
    return Briefing(
        lang=lang, scope=sector or ATTENTION, scope_name=names[sector] if sector else t("attention", lang), as_of=as_of,
        latest_year=int(latest.max()) if not latest.empty else None, updated=updated,
        made_on=day_month_year(today or dt.date.today()), publisher=publisher(lang), documents=documents,
        attention=attention, table=targets_table(score, lang), charts=charts,
        link=live_link("sector" if sector else "", lang, sector=sector, as_of=as_of),
    )


def published_at(version_dir: Path) -> str:
    """The version's publish time (the build date when nothing was uploaded)."""
    return read_manifest(version_dir)["published_at"]


def make_chart(meta: pd.Series, indicator_id: str, series: pd.DataFrame, targets: pd.DataFrame, sector_name: str,
               ctx: ChartContext, as_of: int | None, batch_dates: dict) -> Chart:
    """The sector card's figure of one indicator, its distinct targets' reasons, and notes citing every source."""
    record = {"indicator_id": indicator_id, **meta.to_dict()}
    figure = indicator_figure(record, series, targets, sector_name, ctx, height=520)
    lang = ctx.lang
    return Chart(indicator_id=indicator_id, title=record["name_vi" if lang == "vi" else "name_en"], figure=figure,
                 reasons=views.target_items(targets, lang), notes=source_notes(series, targets, record, lang, batch_dates),
                 link=live_link("indicator", lang, indicator=indicator_id, as_of=as_of))


def source_notes(series: pd.DataFrame, targets: pd.DataFrame, meta: dict, lang: str, batch_dates: dict) -> str:
    """Speaker notes: every target statement with document, line and verbatim quote, then where each actual is from."""
    line = t("briefing_line", lang)
    parts = [f"{t('briefing_notes_sources', lang)}:"]
    for row in targets.sort_values(["period_end", "source_doc", "source_line"]).to_dict("records"):
        period = str(row["period_end"]) if row["period_start"] == row["period_end"] else f"{row['period_start']}-{row['period_end']}"
        draft = f" ({t('draft', lang)})" if row["is_draft"] else ""
        parts.append(f"• {t('target_short', lang)} {period}{draft} — {doc_label(row['source_doc'], lang)}, {line} "
                     f"{row['source_line']}: “{row['source_quote']}”")
    unit = meta["unit"] if lang == "vi" else (meta.get("unit_en") or meta["unit"])
    for row in series.sort_values("year").to_dict("records"):
        value = row["actual_value"]
        shown = (figure_text(value, unit, meta["value_type"], lang) if not pd.isna(value)
                 else f"{fmt_number(row['actual_low'], lang)}–{fmt_number(row['actual_high'], lang)}")
        if row.get("origin") == "public_report":
            origin = (f"{public_label(row['report_publisher'], row['report_published'])} ({t('public_report_short', lang)})"
                      + (f", {row['report_url']}" if isinstance(row.get("report_url"), str) else ""))
        elif isinstance(row.get("batch_id"), str):
            when = batch_dates.get(row["batch_id"])
            origin = t("uploaded", lang) + (f" {day_month_year(when)}" if when is not None else "")
        else:
            origin = f"{doc_label(row['source_doc'], lang)}, {line} {row['source_line']}"
        parts.append(f"• {row['year']}: {shown} — {origin}")
    return "\n".join(parts)


def targets_table(score: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Targets vs actuals: every distinct target that has a figure to judge by, in sector-page order."""
    rows = distinct_targets(score)
    rows = rows[rows["latest_value"].notna()].sort_values(["indicator_id", "period_end", "period_start"])
    vi = lang == "vi"
    return pd.DataFrame({
        t("indicator", lang): rows["name_vi" if vi else "name_en"],
        t("target", lang): [f"{r['period_end'] if r['period_start'] == r['period_end'] else str(r['period_start']) + '-' + str(r['period_end'])}: "
                            f"{evaluate_row_description(pd.Series(r), lang)}" + (f" ({t('draft', lang)})" if r["is_draft"] else "")
                            for r in rows.to_dict("records")],
        t("latest", lang): [f"{figure_text(r['latest_value'], r['unit'] if vi else (r['unit_en'] or r['unit']), r['value_type'], lang)} "
                            f"({int(r['latest_year'])})" for r in rows.to_dict("records")],
        t("status", lang): [status_label(s, lang, bool(e)) for s, e in zip(rows["status"], rows["early"], strict=True)],
    }).reset_index(drop=True)
