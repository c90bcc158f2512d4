-- After a revert, the current upload rows of the reverted batch's keys (view changed_keys), national ($national =
-- true) or provincial, in the shape of the published actuals: per key, the row of the newest active batch holding
-- it (views active_uploads: rows of the active batches; batches: the log). Keys no active batch holds fall back
-- to the document figures (etl/sql/document_actuals_current.sql).
SELECT CAST(u.indicator_id AS VARCHAR) AS indicator_id, CAST(u.year AS BIGINT) AS year,
       CAST(NULL AS BIGINT) AS period_start, CAST(u.province AS VARCHAR) AS province,
       CAST(u.actual_value AS DOUBLE) AS actual_value, CAST(NULL AS DOUBLE) AS actual_low,
       CAST(NULL AS DOUBLE) AS actual_high, CAST(u.is_estimate AS BOOLEAN) AS is_estimate,
       true AS is_current, CAST(NULL AS VARCHAR) AS source_doc, CAST(NULL AS BIGINT) AS source_line,
       CAST(NULL AS VARCHAR) AS source_quote, CAST(u.batch_id AS VARCHAR) AS batch_id,
       CAST(u.note AS VARCHAR) AS note, 'upload' AS origin, CAST(NULL AS BIGINT) AS doc_priority
FROM active_uploads AS u
JOIN batches AS b USING (batch_id)
SEMI JOIN changed_keys AS k
    ON k.indicator_id = u.indicator_id AND k.year = u.year AND k.province IS NOT DISTINCT FROM u.province
WHERE (u.province IS NULL) = $national
QUALIFY row_number() OVER (PARTITION BY u.indicator_id, u.year, u.province ORDER BY b.published_at DESC, u.batch_id DESC) = 1
ORDER BY u.indicator_id, u.province, u.year
