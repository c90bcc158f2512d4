-- The document rows of the published actuals (actuals/documents.<part>.parquet): every national ($national = true)
-- or provincial document figure, with is_current.
-- Inputs (views registered by etl/actuals.py): doc_actuals (the catalog's document figures with doc_priority and
-- catalog_order) and active_uploads (the rows of every active upload batch; only key columns are read).
--
-- Precedence among documents: a single-year figure before a period figure, reported before estimated, then the
-- document priority (year-end report first), then the earlier line, then the catalog order. A document row is
-- current when it ranks first and no active upload holds its key: a current upload wins over any document.
-- Public-report rows (origin 'public_report', etl/public_reports.py) rank after every document row of their key:
-- an upload beats a public report, which beats nothing, and a document's own figure governs over a public report.
WITH ranked AS (
    SELECT d.*,
           row_number() OVER (
               PARTITION BY indicator_id, year, province
               ORDER BY origin = 'public_report', period_start IS NOT NULL, is_estimate, doc_priority, source_line,
                        catalog_order
           ) AS doc_rank
    FROM doc_actuals AS d
),
uploaded_keys AS (
    SELECT DISTINCT u.indicator_id, u.year, u.province
    FROM active_uploads AS u
    SEMI JOIN doc_actuals AS d
        ON d.indicator_id = u.indicator_id AND d.year = u.year AND d.province IS NOT DISTINCT FROM u.province
)
SELECT CAST(r.indicator_id AS VARCHAR) AS indicator_id, CAST(r.year AS BIGINT) AS year,
       CAST(r.period_start AS BIGINT) AS period_start, CAST(r.province AS VARCHAR) AS province,
       CAST(r.actual_value AS DOUBLE) AS actual_value, CAST(r.actual_low AS DOUBLE) AS actual_low,
       CAST(r.actual_high AS DOUBLE) AS actual_high, CAST(r.is_estimate AS BOOLEAN) AS is_estimate,
       r.doc_rank = 1 AND k.indicator_id IS NULL AS is_current,
       CAST(r.source_doc AS VARCHAR) AS source_doc, CAST(r.source_line AS BIGINT) AS source_line,
       CAST(r.source_quote AS VARCHAR) AS source_quote, CAST(NULL AS VARCHAR) AS batch_id,
       CAST(r.note AS VARCHAR) AS note, CAST(r.note_vi AS VARCHAR) AS note_vi,
       CAST(r.origin AS VARCHAR) AS origin, CAST(r.doc_priority AS BIGINT) AS doc_priority,
       CAST(r.report_id AS VARCHAR) AS report_id
FROM ranked AS r
LEFT JOIN uploaded_keys AS k
    ON k.indicator_id = r.indicator_id AND k.year = r.year AND k.province IS NOT DISTINCT FROM r.province
WHERE (r.province IS NULL) = $national
ORDER BY r.indicator_id, r.province, r.year, r.doc_rank
