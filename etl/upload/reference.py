"""Reference data of a published version (indicators, provinces) and the province checks of an upload."""

from __future__ import annotations

import difflib
import filecmp
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from etl.upload.issues import IssueLog, keep_detail
from etl.upload.raw import map_unique


@dataclass
class Reference:
    """Catalog facts the validation needs, from one published version."""

    indicators: pd.DataFrame
    ids: frozenset[str]
    lower_ids: dict[str, str]
    provinces: dict[str, str]
    province_names: dict[str, str]


PROVINCE_ALIASES = {"hcm": "79", "tphcm": "79", "hochiminhcity": "79", "saigon": "79", "hue": "46", "brvt": "77", "hn": "01"}


def plain(text: str) -> str:
    """Lower-case ASCII letters and digits only (Vietnamese diacritics and đ folded)."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    return "".join(c for c in text if not unicodedata.combining(c))


def province_key(text: str) -> str:
    """A province name reduced for matching: no diacritics, case, punctuation or the prefixes Tỉnh/TP./Thành phố."""
    words = re.sub(r"[^a-z0-9]+", " ", plain(text)).split()
    while len(words) > 1 and words[0] in ("tinh", "tp", "thanh", "pho", "t", "p"):
        if words[:2] == ["thanh", "pho"]:
            words = words[2:]
        elif words[0] in ("tinh", "tp"):
            words = words[1:]
        elif words[:2] == ["t", "p"]:
            words = words[2:]
        else:
            break
    if len(words) > 1 and words[-1] == "city":
        words = words[:-1]
    return "".join(words)


@lru_cache(maxsize=8)
def load_reference(version_dir: Path) -> Reference:
    """Indicators and provinces of a version (cached: a version directory never changes once published)."""
    indicators = pd.read_parquet(version_dir / "indicators.parquet").set_index("indicator_id", drop=False)
    provinces = pd.read_parquet(version_dir / "provinces.parquet")
    names: dict[str, str] = {}
    for code, vi, en in zip(provinces["province_code"], provinces["name_vi"], provinces["name_en"], strict=True):
        names[province_key(vi)] = code
        if isinstance(en, str):
            names[province_key(en)] = code
    for alias, code in PROVINCE_ALIASES.items():
        if code in set(provinces["province_code"]):
            names.setdefault(alias, code)
    ids = frozenset(indicators["indicator_id"])
    return Reference(
        indicators,
        ids,
        {i.lower(): i for i in ids},
        dict(zip(provinces["province_code"], provinces["name_vi"], strict=True)),
        names,
    )


def province_code(v: object, ref: Reference) -> str | None:
    """The province code of a cell: '01', '1', 1, or a name with or without diacritics and prefixes."""
    if isinstance(v, bool):
        return None
    if isinstance(v, int | float):
        if isinstance(v, float) and (not math.isfinite(v) or v != int(v)):
            return None
        code = f"{int(v):02d}"
        return code if code in ref.provinces else None
    text = str(v)
    if re.fullmatch(r"\d{1,2}", text):
        return text.zfill(2) if text.zfill(2) in ref.provinces else None
    return ref.province_names.get(province_key(text))


def parse_province(s: pd.Series, k: pd.Series, ref: Reference, log: IssueLog, bad: pd.Series) -> pd.Series:
    """Province codes or names -> code; blank = national (None)."""
    present = k != "empty"
    text_cells = present & (k == "str")
    codes = pd.Series(None, index=s.index, dtype=object)
    codes[text_cells] = map_unique(s[text_cells], lambda v: province_code(v, ref)).to_numpy(dtype=object)
    other = present & ~text_cells
    codes[other] = s[other].map(lambda v: province_code(v, ref)).to_numpy(dtype=object)
    unknown = present & codes.isna()
    keys = list(ref.province_names)

    def detail(row: int) -> dict:
        guess = difflib.get_close_matches(province_key(str(s[row])), keys, n=1, cutoff=0.7)
        name = ref.provinces.get(ref.province_names[guess[0]]) if guess else None
        return {
            "column": "province",
            "value": s[row],
            "suggest_vi": f" (có lẽ là «{name}»)" if name else "",
            "suggest_en": f" (perhaps '{name}')" if name else "",
        }

    keep_detail(log, "unknown_province", unknown[unknown].index, detail)
    bad |= unknown
    return codes


REFERENCE_TABLES = ("indicators.parquet", "provinces.parquet")


def same_reference(a: Path, b: Path) -> bool:
    """Whether two versions validate uploads against the same indicators and provinces (byte-identical files)."""
    return a == b or all(filecmp.cmp(a / name, b / name, shallow=False) for name in REFERENCE_TABLES)
