-- Every value ever given for one key ($indicator_id, $year, $province; NULL province = national): the document
-- figures (and public-report figures), then every uploaded value (including reverted and superseded ones), oldest first, with batch, user,
-- time, batch status and whether it is the current value. Upload rows come from the view upload_rows.
WITH log AS (
    SELECT * FROM read_parquet($dir || '/batches.parquet')
),
reverts AS (
    SELECT reverts_batch_id, batch_id AS reverted_by FROM log WHERE reverts_batch_id IS NOT NULL
),
current_row AS (
    SELECT origin, batch_id, source_doc, source_line, actual_value
    FROM read_parquet($dir || '/actuals/*.parquet')
    WHERE is_current AND indicator_id = $indicator_id AND year = $year AND province IS NOT DISTINCT FROM $province
)
SELECT * EXCLUDE (sort_group, sort_key) FROM (
SELECT a.origin AS origin, a.actual_value AS value, a.actual_low, a.actual_high, a.is_estimate, a.note, a.note_vi,
       a.source_doc, a.source_line, a.source_quote, d.doc_date,
       CAST(NULL AS VARCHAR) AS batch_id, CAST(NULL AS VARCHAR) AS "user", CAST(NULL AS TIMESTAMPTZ) AS published_at,
       CAST(NULL AS VARCHAR) AS file_name, CAST(NULL AS VARCHAR) AS change,
       CAST(NULL AS VARCHAR) AS batch_status, CAST(NULL AS VARCHAR) AS reverted_by,
       a.is_current, 0 AS sort_group, a.doc_priority AS sort_key
FROM read_parquet($dir || '/actuals/*.parquet') AS a
LEFT JOIN read_parquet($dir || '/documents.parquet') AS d USING (source_doc)
WHERE a.origin IN ('document', 'public_report') AND a.indicator_id = $indicator_id AND a.year = $year
  AND a.province IS NOT DISTINCT FROM $province
UNION ALL
SELECT 'upload', u.actual_value, NULL, NULL, u.is_estimate, u.note, NULL,
       NULL, NULL, NULL, NULL,
       u.batch_id, b."user", b.published_at, b.file_name, u.change,
       CASE WHEN r.reverted_by IS NULL THEN 'active' ELSE 'reverted' END, r.reverted_by,
       coalesce(c.batch_id = u.batch_id, false), 1, NULL
FROM upload_rows AS u
JOIN log AS b USING (batch_id)
LEFT JOIN reverts AS r ON r.reverts_batch_id = u.batch_id
LEFT JOIN current_row AS c ON c.origin = 'upload'
WHERE u.indicator_id = $indicator_id AND u.year = $year AND u.province IS NOT DISTINCT FROM $province
)
ORDER BY sort_group, published_at NULLS FIRST, sort_key, batch_id
