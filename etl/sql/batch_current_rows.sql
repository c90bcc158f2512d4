-- The current rows of one upload batch ($batch_id) in the shape of the published actuals, its national rows
-- ($national = true) or its provincial rows: the rows of view batch_upload_rows (the batch's upload file) except
-- those in table dropped_keys (from batch_losing_keys.sql: keys a newer active batch also holds). Rows keep the
-- upload file's order (see etl/actuals.py, drop_keys).
SELECT CAST(u.indicator_id AS VARCHAR) AS indicator_id, CAST(u.year AS BIGINT) AS year,
       CAST(NULL AS BIGINT) AS period_start, CAST(u.province AS VARCHAR) AS province,
       CAST(u.actual_value AS DOUBLE) AS actual_value, CAST(NULL AS DOUBLE) AS actual_low,
       CAST(NULL AS DOUBLE) AS actual_high, CAST(u.is_estimate AS BOOLEAN) AS is_estimate,
       true AS is_current, CAST(NULL AS VARCHAR) AS source_doc, CAST(NULL AS BIGINT) AS source_line,
       CAST(NULL AS VARCHAR) AS source_quote, CAST(u.batch_id AS VARCHAR) AS batch_id,
       CAST(u.note AS VARCHAR) AS note, 'upload' AS origin, CAST(NULL AS BIGINT) AS doc_priority
FROM batch_upload_rows AS u
ANTI JOIN dropped_keys AS l
    ON l.indicator_id = u.indicator_id AND l.year = u.year AND l.province IS NOT DISTINCT FROM u.province
WHERE (u.province IS NULL) = $national
