"""Analysts' upload of actuals: read, validate, preview, publish, revert and history (pure; no Streamlit).

A package of small modules named for what they do: limits, messages, issues/result (what a check reports), sniff
(content type), one reader per format (xlsx, ole2, delimited) into a raw table, header (column mapping), cells
(cell checks), reference (catalog and province checks), check (check_upload, writes nothing), preview, publish,
revert and history. This module re-exports the public names so `from etl.upload import ...` keeps working.

Every problem of a file is reported at once as ValidationIssue rows with Excel row numbers (header = row 1) and
messages in Vietnamese and English. Nothing is written unless the file has no error. Decisions worth knowing:

- The content decides how a file is read (magic bytes), never the extension; an extension that disagrees with the
  content is an error (`extension_mismatch`) so a disguised or mislabelled file is never published unnoticed.
- File names: only the base name is kept. A name with path separators, `..` or control characters is an error
  (`bad_file_name`): browsers and the CLI only ever send base names, so such a name means a tampered client or a
  broken tool, and renaming is a trivial fix.
- Columns outside the template are errors (`unknown_column`), so a wide-format or wrong file is not half-read.
- Size and row caps are enforced before parsing: bytes by length; .xlsx members by their declared sizes and
  compression ratios, then the sheet XML is streamed (bounded memory) and counting stops at the cap; CSV by lines.
"""

from __future__ import annotations

from etl.upload.cells import (  # noqa: F401
    COMMA_RE,
    FALSE_WORDS,
    MISSING_WORDS,
    NAN_WORDS,
    NUM_RE,
    SCI_RE,
    THOUSANDS_RE,
    TRUE_WORDS,
    TYPE_KIND,
    blank_mask,
    cell_specials,
    check_ranges,
    clean_text,
    estimate_flag,
    fmt_number,
    kinds,
    note_text,
    parse_estimate,
    parse_indicator,
    parse_note,
    parse_value,
    parse_year,
    significant_digits,
    value_problem,
)
from etl.upload.check import check_duplicates, check_upload, validate_table  # noqa: F401
from etl.upload.delimited import read_csv  # noqa: F401
from etl.upload.header import find_header, map_columns, norm_name, second_header  # noqa: F401
from etl.upload.history import batch_history, batch_rows, point_history  # noqa: F401
from etl.upload.issues import ISSUE_COLUMNS, IssueLog, Rejected, ValidationIssue, keep_detail, show_value  # noqa: F401
from etl.upload.limits import (  # noqa: F401
    ALIASES,
    BATCH_ID_RE,
    BOMB_MIN_BYTES,
    BOMB_RATIO,
    DEFAULT_MAX_MB,
    DEFAULT_MAX_ROWS,
    HEADER_SEARCH_ROWS,
    KNOWN,
    MAX_COLUMNS,
    MAX_DETAILED_ISSUES,
    MAX_DETAILED_PER_CODE,
    MAX_NOTE_CHARS,
    MAX_SIGNIFICANT_DIGITS,
    MAX_ZIP_MEMBERS,
    OPTIONAL,
    REQUIRED,
    SCAN_CHUNK,
    XML_OVERLAP,
    YEAR_MAX,
    YEAR_MIN,
    max_upload_bytes,
    max_upload_rows,
)
from etl.upload.messages import COLS_EN, COLS_VI, MESSAGES, WARNING_CODES  # noqa: F401
from etl.upload.ole2 import read_ole2  # noqa: F401
from etl.upload.preview import connect, preview, register_uploads, run_sql  # noqa: F401
from etl.upload.publish import PublishOutcome, archive_bytes, batch_row, clean_user, new_batch_id, next_published_at, publish_upload  # noqa: F401
from etl.upload.raw import RawTable, SheetScan, col_index, col_letters, map_unique  # noqa: F401
from etl.upload.reference import (  # noqa: F401
    REFERENCE_TABLES,
    Reference,
    load_reference,
    parse_province,
    plain,
    resolve_provinces,
    same_reference,
)
from etl.upload.result import CheckResult, UploadError, UploadRejected, UploadResult, empty_rows  # noqa: F401
from etl.upload.revert import revert_batch  # noqa: F401
from etl.upload.sniff import CONTROL_RE, INVISIBLE_RE, MAGIC, NOTE_CONTROL_RE, OLE2_MAGIC, sanitise_file_name, sniff  # noqa: F401
from etl.upload.xlsx import (  # noqa: F401
    cell_ref,
    check_zip_sizes,
    choose_sheet,
    local,
    read_small_member,
    read_xlsx,
    scan_sheet,
    sheet_patterns,
    verify_members,
    workbook_sheets,
)
