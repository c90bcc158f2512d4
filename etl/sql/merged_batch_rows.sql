-- The current rows of several upload batches (their upload files $files) as one actuals file, national ($national
-- = true) or provincial: every row except those in table dropped_keys (batch and key a newer active batch
-- replaces), sorted like every actuals file (indicator_id, province with national first, year).
SELECT CAST(u.indicator_id AS VARCHAR) AS indicator_id, CAST(u.year AS BIGINT) AS year,
       CAST(NULL AS BIGINT) AS period_start, CAST(u.province AS VARCHAR) AS province,
       CAST(u.actual_value AS DOUBLE) AS actual_value, CAST(NULL AS DOUBLE) AS actual_low,
       CAST(NULL AS DOUBLE) AS actual_high, CAST(u.is_estimate AS BOOLEAN) AS is_estimate,
       true AS is_current, CAST(NULL AS VARCHAR) AS source_doc, CAST(NULL AS BIGINT) AS source_line,
       CAST(NULL AS VARCHAR) AS source_quote, CAST(u.batch_id AS VARCHAR) AS batch_id,
       CAST(u.note AS VARCHAR) AS note, 'upload' AS origin, CAST(NULL AS BIGINT) AS doc_priority
FROM read_parquet($files) AS u
ANTI JOIN dropped_keys AS l
    ON l.batch_id = u.batch_id AND l.indicator_id = u.indicator_id AND l.year = u.year
   AND l.province IS NOT DISTINCT FROM u.province
WHERE (u.province IS NULL) = $national
ORDER BY u.indicator_id, u.province NULLS FIRST, u.year
