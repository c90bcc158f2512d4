-- The published actuals table: every document figure plus the current uploaded value per key, with exactly one
-- current row per (indicator_id, year, province). Inputs are views registered by etl/build.py:
-- doc_actuals (document rows), upload_rows (rows of every upload batch), batches (the batch log).
WITH active_uploads AS (
    SELECT u.*, b.published_at
    FROM upload_rows AS u
    JOIN batches AS b USING (batch_id)
    WHERE u.batch_id NOT IN (SELECT reverts_batch_id FROM batches WHERE reverts_batch_id IS NOT NULL)
),
current_upload AS (
    SELECT *
    FROM active_uploads
    QUALIFY row_number() OVER (
        PARTITION BY indicator_id, year, province ORDER BY published_at DESC, batch_id DESC
    ) = 1
),
ranked_docs AS (
    -- Documented precedence: single-year figures before period figures, reported before estimated,
    -- then the document priority (year-end report first), then the earlier line.
    SELECT d.*,
           row_number() OVER (
               PARTITION BY indicator_id, year, province
               ORDER BY period_start IS NOT NULL, is_estimate, doc_priority, source_line
           ) AS doc_rank
    FROM doc_actuals AS d
)
SELECT d.indicator_id, d.year, d.period_start, d.province,
       d.actual_value, d.actual_low, d.actual_high, d.is_estimate,
       d.doc_rank = 1 AND c.indicator_id IS NULL AS is_current,
       d.source_doc, d.source_line, d.source_quote,
       CAST(NULL AS VARCHAR) AS batch_id, d.note, 'document' AS origin, d.doc_priority
FROM ranked_docs AS d
LEFT JOIN current_upload AS c
    ON c.indicator_id = d.indicator_id AND c.year = d.year AND c.province IS NOT DISTINCT FROM d.province
UNION ALL
SELECT indicator_id, year, CAST(NULL AS INTEGER), province,
       actual_value, CAST(NULL AS DOUBLE), CAST(NULL AS DOUBLE), is_estimate,
       true, NULL, NULL, NULL,
       batch_id, note, 'upload', CAST(NULL AS INTEGER)
FROM current_upload
ORDER BY indicator_id, province NULLS FIRST, year
