"""Accent-insensitive search over indicators by name, id, sector and source document ("cap quang" finds "cáp quang")."""

from __future__ import annotations

import unicodedata

import pandas as pd

from presentation.charts import doc_label


def fold(text: str) -> str:
    """Lower case without Vietnamese diacritics: 'Cáp quang Đà Nẵng' → 'cap quang da nang'."""
    decomposed = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def search_index(indicators: pd.DataFrame, score: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator: its id, names, sector and the folded text a query is matched against."""
    docs = score.groupby("indicator_id")["source_doc"].agg(lambda s: sorted(set(s.dropna()))) if not score.empty else {}
    records = []
    for row in indicators.to_dict("records"):
        own = docs.get(row["indicator_id"], []) if len(docs) else []
        words = [row["indicator_id"], row["indicator_id"].replace("_", " "), row["name_vi"], row["name_en"],
                 row.get("sector_name_vi", ""), row.get("sector_name_en", ""), row["sector_id"],
                 *[doc_label(d, lang) for d in own for lang in ("vi", "en")], *own]
        records.append({"indicator_id": row["indicator_id"], "sector_id": row["sector_id"], "name_vi": row["name_vi"],
                        "name_en": row["name_en"], "sector_name_vi": row.get("sector_name_vi", ""),
                        "sector_name_en": row.get("sector_name_en", ""), "text": fold(" · ".join(str(w) for w in words if w))})
    return pd.DataFrame.from_records(records)


def search(index: pd.DataFrame, query: str, limit: int = 8) -> pd.DataFrame:
    """Indicators whose text holds every word of the query (accents and case ignored); name matches first."""
    words = fold(query).split()
    if not words or index.empty:
        return index.iloc[:0]
    hits = index[index["text"].map(lambda text: all(w in text for w in words))]
    elsewhere = [not any(all(w in fold(n) for w in words) for n in names) for names in zip(hits["name_vi"], hits["name_en"], strict=True)]
    return hits.assign(_elsewhere=elsewhere).sort_values(["_elsewhere", "indicator_id"]).drop(columns="_elsewhere").head(limit)
