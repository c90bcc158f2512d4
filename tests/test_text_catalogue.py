"""The UI catalogue: every entry in both languages with the same placeholders; accent-insensitive search."""

from __future__ import annotations

import string

import pandas as pd
import pytest

from presentation.search import fold, search, search_index
from presentation.text import LANGS, TEXT


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(TEXT))
def test_every_entry_has_both_languages_and_the_same_placeholders(key):
    entry = TEXT[key]
    assert set(entry) >= set(LANGS), f"{key} lacks {set(LANGS) - set(entry)}"
    assert all(entry[lang].strip() for lang in LANGS), key
    assert placeholders(entry["vi"]) == placeholders(entry["en"]), key


def test_search_ignores_accents_and_case():
    assert fold("Cáp quang ĐÀ NẴNG") == "cap quang da nang"
    indicators = pd.DataFrame({
        "indicator_id": ["telecom_fibre_households_pct", "telecom_internet_users_pct"], "sector_id": ["telecom", "telecom"],
        "name_vi": ["Tỷ lệ hộ gia đình được phủ/sử dụng băng rộng cáp quang", "Tỷ lệ người sử dụng Internet"],
        "name_en": ["Households with fibre broadband", "Internet users"],
        "sector_name_vi": ["Viễn thông", "Viễn thông"], "sector_name_en": ["Telecommunications", "Telecommunications"]})
    score = pd.DataFrame({"indicator_id": ["telecom_internet_users_pct"], "source_doc": ["003_3d78c3c4d50575a5.txt"]})
    index = search_index(indicators, score)
    assert list(search(index, "cap quang")["indicator_id"]) == ["telecom_fibre_households_pct"]
    assert list(search(index, "vien thong internet")["indicator_id"]) == ["telecom_internet_users_pct"]
    assert list(search(index, "chi thi thi dua")["indicator_id"]) == ["telecom_internet_users_pct"]  # by document
    assert search(index, "khong co").empty
