-- The rows of upload files ($files) in the shape of the published actuals (registered as view upload_actuals by
-- etl/actuals.py; batch_current_rows, merged_batch_rows and restored_upload_rows pick their rows from it).
SELECT CAST(u.indicator_id AS VARCHAR) AS indicator_id, CAST(u.year AS BIGINT) AS year,
       CAST(NULL AS BIGINT) AS period_start, CAST(u.province AS VARCHAR) AS province,
       CAST(u.actual_value AS DOUBLE) AS actual_value, CAST(NULL AS DOUBLE) AS actual_low,
       CAST(NULL AS DOUBLE) AS actual_high, CAST(u.is_estimate AS BOOLEAN) AS is_estimate,
       true AS is_current, CAST(NULL AS VARCHAR) AS source_doc, CAST(NULL AS BIGINT) AS source_line,
       CAST(NULL AS VARCHAR) AS source_quote, CAST(u.batch_id AS VARCHAR) AS batch_id,
       CAST(u.note AS VARCHAR) AS note, CAST(NULL AS VARCHAR) AS note_vi,
       'upload' AS origin, CAST(NULL AS BIGINT) AS doc_priority,
       CAST(NULL AS VARCHAR) AS report_id
FROM read_parquet($files) AS u
