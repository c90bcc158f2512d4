-- The published actuals table: every document figure plus the current uploaded value per key, with exactly one
-- current row per (indicator_id, year, province). Inputs are views registered by etl/build.py:
-- doc_actuals (document rows), upload_rows (rows of every upload batch), batches (the batch log).
--
-- Speed at millions of rows (issue 8): keys are mapped to small integers (ind_no, prov_no: ordered like the
-- strings, so sorting by them sorts by indicator_id and province NULLS FIRST), and only keys that occur in more
-- than one active batch go through the window that picks the latest batch. Row order: national rows of every
-- indicator first, then provincial rows, each by indicator_id, province, year, so the scorecard and sector queries
-- (province IS NULL) read only the first row groups and indicator queries only the row groups of one indicator.
WITH active_batches AS (
    SELECT batch_id, published_at
    FROM batches
    WHERE batch_id NOT IN (SELECT reverts_batch_id FROM batches WHERE reverts_batch_id IS NOT NULL)
),
ind_keys AS (
    SELECT indicator_id, row_number() OVER (ORDER BY indicator_id) AS ind_no
    FROM (SELECT indicator_id FROM upload_rows UNION SELECT indicator_id FROM doc_actuals)
),
prov_keys AS (
    SELECT province, row_number() OVER (ORDER BY province NULLS FIRST) AS prov_no
    FROM (SELECT province FROM upload_rows UNION SELECT province FROM doc_actuals)
),
active_uploads AS (
    SELECT u.*, b.published_at, k.ind_no, p.prov_no
    FROM upload_rows AS u
    JOIN active_batches AS b USING (batch_id)
    JOIN ind_keys AS k USING (indicator_id)
    JOIN prov_keys AS p ON p.province IS NOT DISTINCT FROM u.province
),
repeated_keys AS (
    SELECT ind_no, prov_no, year FROM active_uploads GROUP BY ALL HAVING count(*) > 1
),
current_upload AS (
    -- The current upload of a key: the latest published batch that is not reverted, then the highest batch_id.
    SELECT a.* FROM active_uploads AS a ANTI JOIN repeated_keys AS r USING (ind_no, prov_no, year)
    UNION ALL
    SELECT a.* FROM active_uploads AS a SEMI JOIN repeated_keys AS r USING (ind_no, prov_no, year)
    QUALIFY row_number() OVER (PARTITION BY ind_no, prov_no, year ORDER BY published_at DESC, batch_id DESC) = 1
),
ranked_docs AS (
    -- Documented precedence: single-year figures before period figures, reported before estimated,
    -- then the document priority (year-end report first), then the earlier line, then the catalog order.
    SELECT d.*,
           row_number() OVER (
               PARTITION BY indicator_id, year, province
               ORDER BY period_start IS NOT NULL, is_estimate, doc_priority, source_line, catalog_order
           ) AS doc_rank
    FROM doc_actuals AS d
),
keyed_docs AS (
    SELECT d.*, k.ind_no, p.prov_no
    FROM ranked_docs AS d
    JOIN ind_keys AS k USING (indicator_id)
    JOIN prov_keys AS p ON p.province IS NOT DISTINCT FROM d.province
)
SELECT * EXCLUDE (ind_no, prov_no)
FROM (
    SELECT d.indicator_id, d.year, d.period_start, d.province,
           d.actual_value, d.actual_low, d.actual_high, d.is_estimate,
           d.doc_rank = 1 AND c.indicator_id IS NULL AS is_current,
           d.source_doc, d.source_line, d.source_quote,
           CAST(NULL AS VARCHAR) AS batch_id, d.note, 'document' AS origin, d.doc_priority, d.ind_no, d.prov_no
    FROM keyed_docs AS d
    LEFT JOIN current_upload AS c USING (ind_no, prov_no, year)
    UNION ALL
    SELECT indicator_id, year, CAST(NULL AS INTEGER), province,
           actual_value, CAST(NULL AS DOUBLE), CAST(NULL AS DOUBLE), is_estimate,
           true, NULL, NULL, NULL,
           batch_id, note, 'upload', CAST(NULL AS INTEGER), ind_no, prov_no
    FROM current_upload
)
ORDER BY province IS NOT NULL, ind_no, prov_no, year
