"""The message catalogue: code (or code.variant) -> (message_vi, message_en, fix_vi, fix_en)."""

from __future__ import annotations

# ---------------------------------------------------------------------------------------------------------------
# Messages: code (or code.variant) -> (message_vi, message_en, fix_vi, fix_en). Values are passed as format
# arguments, never spliced into the template, so braces in a cell cannot break formatting.
# ---------------------------------------------------------------------------------------------------------------
COLS_VI = "indicator_id, year, value (bắt buộc); province, is_estimate, note (không bắt buộc)"
COLS_EN = "indicator_id, year, value (required); province, is_estimate, note (optional)"
MESSAGES: dict[str, tuple[str, str, str, str]] = {
    "empty_file": (
        "Tệp rỗng (0 byte).",
        "The file is empty (0 bytes).",
        "Nhập số liệu vào trang «actuals» của mẫu (mỗi dòng một chỉ tiêu, một năm) rồi tải lên lại.",
        "Enter the figures in the template's 'actuals' sheet (one row per indicator and year) and upload again.",
    ),
    "empty_file.no_rows": (
        "Có tên cột nhưng không có dòng số liệu nào.",
        "There are column names but no data rows.",
        "Nhập số liệu từ dòng 2 trở đi (mỗi dòng một chỉ tiêu, một năm) rồi tải lên lại.",
        "Enter the figures from row 2 on (one row per indicator and year) and upload again.",
    ),
    "empty_file.no_cells": (
        "Trang tính không có ô nào có dữ liệu.",
        "The sheet has no cells with data.",
        "Nhập tên cột ở dòng 1 (" + COLS_VI + ") và số liệu từ dòng 2.",
        "Put the column names in row 1 (" + COLS_EN + ") and the figures from row 2.",
    ),
    "file_too_large": (
        "Tệp có dung lượng {size_mb} MB, vượt giới hạn {limit_mb} MB.",
        "The file is {size_mb} MB, above the {limit_mb} MB limit.",
        "Chia số liệu thành nhiều tệp nhỏ hơn, hoặc xóa các trang tính, hình ảnh không cần thiết rồi tải lên lại.",
        "Split the data into smaller files, or remove unneeded sheets and images, and upload again.",
    ),
    "too_many_rows": (
        "Trang tính có tới dòng {rows} (tính cả các dòng trống đã định dạng), vượt giới hạn {limit} dòng số liệu.",
        "The sheet reaches row {rows} (counting formatted empty rows), above the limit of {limit} data rows.",
        "Xóa các dòng trống phía dưới số liệu (chọn các dòng, bấm chuột phải → Delete) hoặc chia thành nhiều tệp.",
        "Delete the empty rows below the data (select them, right-click → Delete) or split the file.",
    ),
    "too_many_rows.csv": (
        "Tệp CSV có {rows} dòng, vượt giới hạn {limit} dòng số liệu.",
        "The CSV has {rows} lines, above the limit of {limit} data rows.",
        "Chia số liệu thành nhiều tệp nhỏ hơn rồi tải lên lần lượt.",
        "Split the data into smaller files and upload them one by one.",
    ),
    "too_many_columns": (
        "Trang tính dùng tới cột thứ {cols}, vượt giới hạn {limit} cột.",
        "The sheet uses {cols} columns, above the limit of {limit}.",
        "Chỉ giữ các cột " + COLS_VI + "; xóa các cột thừa bên phải.",
        "Keep only the columns " + COLS_EN + "; delete the extra columns to the right.",
    ),
    "too_many_columns.cells": (
        "Trang tính có hơn {cells} ô, vượt giới hạn.",
        "The sheet has more than {cells} cells, above the limit.",
        "Chỉ giữ các cột " + COLS_VI + "; xóa các cột thừa.",
        "Keep only the columns " + COLS_EN + "; delete the others.",
    ),
    "zip_bomb": (
        "Tệp .xlsx nén bất thường: phần «{member}» giải nén ra {size_mb} MB (tỷ lệ nén {ratio}:1); "
        "hệ thống từ chối để bảo vệ máy chủ.",
        "The .xlsx is abnormally compressed: part '{member}' expands to {size_mb} MB (ratio {ratio}:1); "
        "it is refused to protect the server.",
        "Mở tệp trong Excel, sao chép số liệu sang một bản mẫu mới, lưu rồi tải lên lại.",
        "Open it in Excel, copy the data into a fresh template, save and upload again.",
    ),
    "zip_bomb.total": (
        "Tệp .xlsx giải nén ra {size_mb} MB, vượt giới hạn {limit_mb} MB.",
        "The .xlsx expands to {size_mb} MB, above the {limit_mb} MB limit.",
        "Chia số liệu thành nhiều tệp nhỏ hơn, xóa các trang tính và hình ảnh không cần thiết.",
        "Split the data into smaller files; remove unneeded sheets and images.",
    ),
    "not_excel_or_csv": (
        "Nội dung tệp không phải Excel (.xlsx) hay CSV: nhận dạng được {detected_vi}.",
        "The file's content is not Excel (.xlsx) or CSV: it looks like {detected_en}.",
        "Tải lên tệp .xlsx (Excel 2007 trở lên) hoặc .csv UTF-8; nên dùng mẫu tải về từ trang này.",
        "Upload an .xlsx (Excel 2007 or later) or a UTF-8 .csv; best start from the template on this page.",
    ),
    "legacy_xls": (
        "Tệp ở định dạng Excel 97-2003 (.xls) cũ, không được hỗ trợ.",
        "The file is in the old Excel 97-2003 (.xls) format, which is not supported.",
        "Mở trong Excel, chọn File → Save As → «Excel Workbook (*.xlsx)» rồi tải lên lại.",
        "Open it in Excel, choose File → Save As → 'Excel Workbook (*.xlsx)', and upload again.",
    ),
    "encrypted_workbook": (
        "Tệp Excel được đặt mật khẩu (mã hóa) nên không đọc được.",
        "The workbook is password-protected (encrypted) and cannot be read.",
        "Mở tệp trong Excel, vào File → Info → Protect Workbook → Encrypt with Password, xóa mật khẩu, lưu rồi tải lên lại.",
        "Open it in Excel, File → Info → Protect Workbook → Encrypt with Password, clear the password, save and upload again.",
    ),
    "corrupt_workbook": (
        "Tệp Excel bị hỏng hoặc không đầy đủ ({detail}).",
        "The workbook is damaged or incomplete ({detail}).",
        "Mở tệp trong Excel (Excel sẽ đề nghị sửa), lưu lại dạng .xlsx rồi tải lên; hoặc xuất lại từ hệ thống nguồn.",
        "Open it in Excel (it offers to repair it), save as .xlsx and upload again; or export it again from the source.",
    ),
    "encoding_unsupported": (
        "Tệp CSV không được mã hóa UTF-8 ({detail_vi}); tiếng Việt sẽ bị lỗi phông.",
        "The CSV is not UTF-8 encoded ({detail_en}); Vietnamese text would be garbled.",
        "Trong Excel chọn File → Save As → «CSV UTF-8 (Comma delimited) (*.csv)», hoặc tải lên tệp .xlsx.",
        "In Excel choose File → Save As → 'CSV UTF-8 (Comma delimited) (*.csv)', or upload the .xlsx instead.",
    ),
    "csv_malformed": (
        "Tệp CSV sai cấu trúc gần dòng {line}: {detail}.",
        "The CSV is malformed near line {line}: {detail}.",
        'Kiểm tra dấu ngoặc kép (") và dấu phân cách ở dòng đó, hoặc lưu lại từ Excel dạng «CSV UTF-8».',
        "Check the quotes (\") and separators on that line, or save it again from Excel as 'CSV UTF-8'.",
    ),
    "extension_mismatch": (
        "Tên tệp có đuôi «{ext}» nhưng nội dung là {kind_vi}.",
        "The file name ends in '{ext}' but the content is {kind_en}.",
        "Đổi đuôi tệp thành «{want}» (hoặc lưu lại đúng định dạng) rồi tải lên lại.",
        "Rename the file to end in '{want}' (or save it in the right format) and upload again.",
    ),
    "bad_file_name": (
        "Tên tệp chứa {what_vi}.",
        "The file name contains {what_en}.",
        "Đổi tên tệp thành một tên đơn giản, ví dụ «{suggest}», rồi tải lên lại.",
        "Rename the file to a plain name such as '{suggest}' and upload again.",
    ),
    "sheet_ambiguous": (
        "Sổ tính có {n} trang tính ({names}) và không trang nào tên «actuals», nên không biết số liệu ở trang nào.",
        "The workbook has {n} sheets ({names}) and none is named 'actuals', so it is unclear which one holds the data.",
        "Đổi tên trang chứa số liệu thành «actuals» (hoặc xóa các trang khác) rồi tải lên lại.",
        "Rename the sheet with the data to 'actuals' (or delete the other sheets) and upload again.",
    ),
    "sheet_ambiguous.none": (
        "Sổ tính không có trang tính nào hiển thị để đọc.",
        "The workbook has no visible worksheet to read.",
        "Bỏ ẩn trang chứa số liệu (chuột phải vào tên trang → Unhide) và đặt tên «actuals».",
        "Unhide the sheet with the data (right-click a sheet tab → Unhide) and name it 'actuals'.",
    ),
    "sheet_hidden": (
        "Trang «{sheet}» chứa số liệu nhưng đang bị ẩn.",
        "The sheet '{sheet}' holding the data is hidden.",
        "Bỏ ẩn trang (chuột phải vào tên trang → Unhide), kiểm tra lại số liệu rồi tải lên.",
        "Unhide it (right-click a sheet tab → Unhide), check the figures and upload again.",
    ),
    "sheet_hidden.ignored": (
        "Đã đọc trang «{sheet}»; bỏ qua {n} trang ẩn: {names}.",
        "Read the sheet '{sheet}'; ignored {n} hidden sheet(s): {names}.",
        "Không cần làm gì nếu số liệu nằm ở trang «{sheet}»; nếu không, bỏ ẩn trang đúng và đặt tên «actuals».",
        "Nothing to do if the data is on '{sheet}'; otherwise unhide the right sheet and name it 'actuals'.",
    ),
    "multiple_header_rows": (
        "Tên cột nằm ở dòng {header_row}; phía trên còn {n} dòng khác (tên báo cáo, tiêu đề phụ…).",
        "The column names are in row {header_row}, with {n} other row(s) above them (titles, sub-headers).",
        "Xóa các dòng phía trên để tên cột nằm ở dòng 1.",
        "Delete the rows above so the column names are in row 1.",
    ),
    "multiple_header_rows.below": (
        "Dòng này trông như dòng tiêu đề thứ hai («{value}»), không phải số liệu.",
        "This row looks like a second header row ('{value}'), not data.",
        "Xóa dòng này; mẫu chỉ có một dòng tiêu đề.",
        "Delete this row; the template has a single header row.",
    ),
    "merged_cells": (
        "Các ô {value} đang được gộp (merge).",
        "Cells {value} are merged.",
        "Bỏ gộp ô (Home → Merge & Center → Unmerge Cells) và ghi giá trị vào từng ô.",
        "Unmerge them (Home → Merge & Center → Unmerge Cells) and fill in every cell.",
    ),
    "missing_column": (
        "Thiếu cột bắt buộc «{column}».",
        "The required column '{column}' is missing.",
        "Thêm cột «{column}» vào dòng tên cột (dòng 1). Các cột: " + COLS_VI + ".",
        "Add a '{column}' column to the header row (row 1). Columns: " + COLS_EN + ".",
    ),
    "misspelt_column": (
        "Tên cột «{value}» không đúng; có lẽ là «{column}».",
        "The column name '{value}' is not recognised; it is probably '{column}'.",
        "Đổi tên cột thành «{column}».",
        "Rename the column to '{column}'.",
    ),
    "unknown_column": (
        "Cột «{value}» không thuộc mẫu.",
        "The column '{value}' is not part of the template.",
        "Xóa cột này. Các cột được chấp nhận: " + COLS_VI + ".",
        "Delete this column. Accepted columns: " + COLS_EN + ".",
    ),
    "unknown_column.blank": (
        "Cột {letter} có số liệu nhưng không có tên cột.",
        "Column {letter} has values but no column name.",
        "Xóa cột này hoặc đặt tên cột đúng mẫu: " + COLS_VI + ".",
        "Delete the column or give it a template name: " + COLS_EN + ".",
    ),
    "duplicate_column": (
        "Cột «{column}» xuất hiện {n} lần (các cột {letters}).",
        "The column '{column}' appears {n} times (columns {letters}).",
        "Giữ một cột «{column}», xóa các cột trùng.",
        "Keep one '{column}' column and delete the duplicates.",
    ),
    "required_empty": (
        "Ô «{column}» để trống.",
        "The '{column}' cell is empty.",
        "Ghi {what_vi} vào ô này, hoặc xóa cả dòng nếu không dùng.",
        "Fill in the {what_en}, or delete the whole row if it is not needed.",
    ),
    "unknown_indicator": (
        "Mã chỉ tiêu «{value}» không có trong danh mục.",
        "The indicator id '{value}' is not in the catalog.",
        "Chọn mã trong danh sách thả xuống của mẫu hoặc ở trang «indicators»{suggest_vi}.",
        "Pick an id from the template's drop-down or its 'indicators' sheet{suggest_en}.",
    ),
    "case_normalised": (
        "{n} mã chỉ tiêu viết hoa/thường khác danh mục (ví dụ dòng {rows}); đã hiểu theo danh mục, ví dụ «{canon}».",
        "{n} indicator id(s) differ from the catalog only in letter case (e.g. rows {rows}); "
        "read as the catalog id, e.g. '{canon}'.",
        "Không cần làm gì; lần sau nên chọn mã từ danh sách thả xuống.",
        "Nothing to do; next time pick ids from the drop-down.",
    ),
    "year_not_integer": (
        "Năm «{value}» không phải số nguyên.",
        "The year '{value}' is not a whole number.",
        "Ghi năm là số có 4 chữ số, ví dụ 2021.",
        "Write the year as a 4-digit number, e.g. 2021.",
    ),
    "year_not_integer.date": (
        "Ô năm chứa ngày tháng ({value}), không phải năm.",
        "The year cell holds a date ({value}), not a year.",
        "Định dạng cột năm là Number (Home → Number Format → Number) và ghi năm, ví dụ 2021.",
        "Format the year column as Number (Home → Number Format → Number) and type the year, e.g. 2021.",
    ),
    "year_out_of_range": (
        "Năm {value} nằm ngoài khoảng cho phép 2000–2035.",
        "The year {value} is outside the allowed 2000–2035.",
        "Kiểm tra lại năm; chỉ nhận số liệu các năm 2000–2035.",
        "Check the year; only 2000–2035 is accepted.",
    ),
    "value_empty": (
        "Ô giá trị để trống.",
        "The value cell is empty.",
        "Ghi số liệu; nếu chưa có số liệu thì xóa cả dòng (không ghi 0).",
        "Enter the figure; if there is none yet, delete the row (do not write 0).",
    ),
    "value_not_number": (
        "Giá trị «{value}» không phải là số.",
        "The value '{value}' is not a number.",
        "Chỉ ghi số, dùng dấu chấm thập phân, ví dụ 12.5.",
        "Write a plain number with a decimal point, e.g. 12.5.",
    ),
    "value_not_number.percent": (
        "Giá trị «{value}» có ký hiệu %, không phải số thuần.",
        "The value '{value}' contains a % sign; it is not a plain number.",
        "Ghi {suggest} (không kèm %); đơn vị đã quy định trong danh mục chỉ tiêu.",
        "Write {suggest} (without %); the unit is set in the indicator catalog.",
    ),
    "value_not_number.approx": (
        "Giá trị «{value}» là một so sánh/khoảng ước lượng, không phải một số.",
        "The value '{value}' is a comparison or approximation, not a number.",
        "Ghi một số cụ thể; nếu đó là số ước tính, ghi số và đặt is_estimate = TRUE.",
        "Write one number; if it is an estimate, write the number and set is_estimate = TRUE.",
    ),
    "value_not_number.missing": (
        "Giá trị «{value}» đánh dấu không có số liệu.",
        "The value '{value}' marks a missing figure.",
        "Nếu chưa có số liệu, xóa cả dòng thay vì ghi «{value}».",
        "If there is no figure, delete the row instead of writing '{value}'.",
    ),
    "value_not_number.thousands": (
        "Giá trị «{value}» có dấu phân cách hàng nghìn hoặc khoảng trắng.",
        "The value '{value}' contains thousands separators or spaces.",
        "Bỏ dấu phân cách hàng nghìn: ghi {suggest}.",
        "Remove the thousands separators: write {suggest}.",
    ),
    "value_not_number.scientific": (
        "Giá trị «{value}» ở dạng số mũ (khoa học), có thể đã mất chữ số.",
        "The value '{value}' is in scientific notation and may have lost digits.",
        "Định dạng cột là Number và ghi đầy đủ chữ số, ví dụ {suggest}.",
        "Format the column as Number and write every digit, e.g. {suggest}.",
    ),
    "value_decimal_comma": (
        "Giá trị «{value}» dùng dấu phẩy thập phân.",
        "The value '{value}' uses a decimal comma.",
        "Ghi {suggest} (dùng dấu chấm thập phân). Nếu dấu phẩy là phân cách hàng nghìn thì bỏ dấu phẩy. Hệ thống không tự đoán.",
        "Write {suggest} (decimal point). If the comma is a thousands separator, remove it. The system does not guess.",
    ),
    "value_is_date": (
        "Ô giá trị chứa ngày tháng ({value}), không phải số.",
        "The value cell holds a date ({value}), not a number.",
        "Định dạng ô là Number (Home → Number Format → Number) và ghi lại số liệu.",
        "Format the cell as Number (Home → Number Format → Number) and type the figure again.",
    ),
    "value_is_boolean": (
        "Ô giá trị chứa giá trị logic {value}, không phải số.",
        "The value cell holds the logical value {value}, not a number.",
        "Ghi số liệu; TRUE/FALSE chỉ dùng ở cột is_estimate.",
        "Write the figure; TRUE/FALSE belongs in the is_estimate column.",
    ),
    "value_too_many_digits": (
        "Giá trị «{value}» có {n} chữ số, nhiều hơn {limit} chữ số có nghĩa lưu được chính xác.",
        "The value '{value}' has {n} digits, more than the {limit} significant digits that can be stored exactly.",
        "Kiểm tra lại số (có thể dán nhầm mã số) và ghi theo đúng đơn vị của chỉ tiêu.",
        "Check the number (perhaps an id was pasted) and write it in the indicator's unit.",
    ),
    "nan_or_inf": (
        "Giá trị «{value}» không phải một số hữu hạn (NaN/vô cực).",
        "The value '{value}' is not a finite number (NaN/infinity).",
        "Ghi số liệu thực; nếu chưa có số liệu thì xóa cả dòng.",
        "Write the real figure; if there is none, delete the row.",
    ),
    "value_out_of_range": (
        "Giá trị {value} nằm ngoài khoảng cho phép {range} của chỉ tiêu «{indicator}» (đơn vị: {unit}).",
        "The value {value} is outside the allowed range {range} of '{indicator}' (unit: {unit_en}).",
        "Kiểm tra lại số và đơn vị «{unit}»{hint_vi}.",
        "Check the figure and the unit '{unit_en}'{hint_en}.",
    ),
    "rank_not_whole": (
        "Thứ hạng {value} của chỉ tiêu «{indicator}» phải là số nguyên.",
        "The rank {value} of '{indicator}' must be a whole number.",
        "Ghi thứ hạng là số nguyên từ {low} đến {high}.",
        "Write the rank as a whole number from {low} to {high}.",
    ),
    "formula_without_value": (
        "Ô {ref} chứa công thức «{value}» nhưng chưa có giá trị đã tính (tệp tạo bằng chương trình không tính công thức).",
        "Cell {ref} holds the formula '{value}' but no saved result (the file was made by a program that does not calculate).",
        "Mở tệp trong Excel để Excel tính lại, lưu rồi tải lên; hoặc dán giá trị (Paste Special → Values).",
        "Open the file in Excel so it recalculates, save and upload again; or paste values (Paste Special → Values).",
    ),
    "excel_error_value": (
        "Ô chứa lỗi Excel {value}.",
        "The cell holds the Excel error {value}.",
        "Sửa công thức gây lỗi hoặc ghi số liệu trực tiếp.",
        "Fix the formula that causes the error or type the figure directly.",
    ),
    "unknown_province": (
        "Tỉnh/thành phố «{value}» không có trong danh mục đơn vị hành chính cấp tỉnh (63 đơn vị đến 30/06/2025, "
        "34 đơn vị từ 01/07/2025).",
        "The province '{value}' is not a provincial-level unit (63 until 30/06/2025, 34 from 01/07/2025).",
        "Ghi mã 2 chữ số (ví dụ 01) hoặc tên (ví dụ Hà Nội, TP. Hồ Chí Minh) theo trang «provinces» của mẫu; "
        "để trống nếu là số liệu cả nước{suggest_vi}.",
        "Write the 2-digit code (e.g. 01) or the name (e.g. Hà Nội, TP. Hồ Chí Minh) from the template's 'provinces' sheet; "
        "leave it blank for a national figure{suggest_en}.",
    ),
    "province_dissolved": (
        "«{value}» là {named} (mã {named_code} đến {until}), đã sáp nhập vào {successor} từ ngày {since}; số liệu năm "
        "{year} phải ghi cho đơn vị mới.",
        "'{value}' is {named} (code {named_code} until {until}), merged into {successor} on {since}; a {year} figure "
        "belongs to the new unit.",
        "Ghi «{successor_name}» (mã {successor_code}) với số liệu của cả đơn vị mới; nếu số liệu là của năm 2024 trở về "
        "trước thì sửa cột year (Nghị quyết 202/2025/QH15).",
        "Write '{successor_name}' (code {successor_code}) with the figure for the whole new unit; if the figure is for "
        "2024 or earlier, correct the year column (Resolution 202/2025/QH15).",
    ),
    "province_merged_reading": (
        "{n} dòng năm {year} (ví dụ dòng {rows}) ghi {names}: đã hiểu là đơn vị mới hợp nhất từ ngày 01/07/2025 "
        "(ví dụ {example}), không phải đơn vị cùng tên hoặc cùng mã trước sáp nhập.",
        "{n} row(s) for {year} (e.g. rows {rows}) name {names}: read as the new units merged on 01/07/2025 (e.g. "
        "{example}), not the smaller units of that name or code before the merger.",
        "Không cần làm gì nếu số liệu là của đơn vị mới; số liệu của đơn vị trước sáp nhập là số liệu năm 2024 trở về "
        "trước: sửa cột year.",
        "Nothing to do if the figures are for the new units; figures of the units before the merger are for 2024 or "
        "earlier: correct the year column.",
    ),
    "province_sets_mixed": (
        "Năm {year} trộn hai danh mục tỉnh: {old_n} dòng ghi đơn vị đã sáp nhập ({old_names}) và {new_n} dòng ghi đơn "
        "vị mới hợp nhất ({new_names}).",
        "Year {year} mixes the two lists of provinces: {old_n} row(s) name merged-away units ({old_names}) and {new_n} "
        "row(s) name new merged units ({new_names}).",
        "Từ năm 2025 chỉ dùng 34 đơn vị mới; năm 2024 trở về trước dùng 63 đơn vị cũ (trang «provinces» của mẫu). "
        "Kiểm tra cột year và province của các dòng này.",
        "From 2025 use only the 34 new units; 2024 and earlier use the 63 former units (the template's 'provinces' "
        "sheet). Check the year and province columns of these rows.",
    ),
    "is_estimate_invalid": (
        "Giá trị «{value}» ở cột is_estimate không hợp lệ.",
        "'{value}' is not a valid is_estimate.",
        "Ghi TRUE (số ước tính) hoặc FALSE (số chính thức), hoặc để trống (= FALSE).",
        "Write TRUE (estimate) or FALSE (final figure), or leave it blank (= FALSE).",
    ),
    "note_too_long": (
        "Ghi chú dài {n} ký tự, vượt giới hạn {limit} ký tự.",
        "The note is {n} characters long, above the {limit} limit.",
        "Rút gọn ghi chú.",
        "Shorten the note.",
    ),
    "duplicate_key": (
        "Trùng khóa: chỉ tiêu «{indicator}», năm {year}, {where_vi} cũng có ở dòng {others}.",
        "Duplicate key: indicator '{indicator}', year {year}, {where_en} also appears in row(s) {others}.",
        "Giữ một dòng cho mỗi chỉ tiêu, năm và tỉnh; xóa hoặc sửa các dòng trùng.",
        "Keep one row per indicator, year and province; delete or correct the duplicates.",
    ),
    "whitespace_normalised": (
        "{n} ô ở cột «{column}» có khoảng trắng thừa ở đầu/cuối hoặc ký tự vô hình (ví dụ dòng {rows}); đã tự loại bỏ.",
        "{n} cell(s) in column '{column}' had stray leading/trailing spaces or invisible characters (e.g. rows {rows}); removed.",
        "Không cần làm gì; lần sau có thể dùng hàm TRIM.",
        "Nothing to do; next time the TRIM function helps.",
    ),
    "unicode_normalised": (
        "{n} ô ở cột «{column}» dùng Unicode tổ hợp (dấu tách rời, ví dụ dòng {rows}); đã chuyển về dạng dựng sẵn (NFC).",
        "{n} cell(s) in column '{column}' used decomposed Unicode (e.g. rows {rows}); converted to the composed form (NFC).",
        "Không cần làm gì; nên gõ bằng bảng mã Unicode dựng sẵn (Unikey: Unicode).",
        "Nothing to do; prefer the composed Unicode input mode (Unikey: Unicode).",
    ),
    "control_characters_removed": (
        "{n} ô ở cột «{column}» chứa ký tự điều khiển vô hình (ví dụ dòng {rows}); đã loại bỏ.",
        "{n} cell(s) in column '{column}' contained invisible control characters (e.g. rows {rows}); removed.",
        "Không cần làm gì; kiểm tra lại nội dung đã dán từ hệ thống khác.",
        "Nothing to do; check text pasted from other systems.",
    ),
}
WARNING_CODES = {"whitespace_normalised", "unicode_normalised", "control_characters_removed", "case_normalised",
                 "province_merged_reading", "province_sets_mixed"}
