"""Size, row and column caps of an upload, and the template's column names."""

from __future__ import annotations

import os
import re

DEFAULT_MAX_MB = 20.0
DEFAULT_MAX_ROWS = 1_000_000
MAX_COLUMNS = 50
YEAR_MIN, YEAR_MAX = 2000, 2035
MAX_NOTE_CHARS = 2000
MAX_SIGNIFICANT_DIGITS = 15
MAX_DETAILED_ISSUES = 1000
MAX_DETAILED_PER_CODE = 200
HEADER_SEARCH_ROWS = 10
# Zip members: a legitimate sheet XML compresses ~10:1; deflate tops out near 1000:1 on repeated bytes.
BOMB_RATIO = 200
BOMB_MIN_BYTES = 8 * 1024 * 1024
MAX_ZIP_MEMBERS = 10_000
SCAN_CHUNK = 1 << 20
XML_OVERLAP = 8192

REQUIRED = ("indicator_id", "year", "value")
OPTIONAL = ("province", "is_estimate", "note")
KNOWN = REQUIRED + OPTIONAL
ALIASES = {"actual_value": "value", "province_code": "province", "estimate": "is_estimate"}
BATCH_ID_RE = re.compile(r"^b\d{8}T\d{6}Z-[0-9a-f]{6}$")


def max_upload_bytes() -> int:
    """The byte cap: $DASHBOARD_MAX_UPLOAD_MB (default 20), read at call time."""
    return int(float(os.environ.get("DASHBOARD_MAX_UPLOAD_MB") or DEFAULT_MAX_MB) * 1024 * 1024)


def max_upload_rows() -> int:
    """The data-row cap: $DASHBOARD_MAX_UPLOAD_ROWS (default 1,000,000), read at call time."""
    return int(os.environ.get("DASHBOARD_MAX_UPLOAD_ROWS") or DEFAULT_MAX_ROWS)
