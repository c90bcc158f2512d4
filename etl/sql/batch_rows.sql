-- The rows of one batch ($batch_id) from the view upload_rows, with whether each row is the current published value
-- of its key now. A revert shows the rows it reverted, a withdrawal the rows it withdrew (the reverted batch's rows
-- whose key it did not carry over); with $own, any batch shows its own upload rows.
WITH entry AS (
    SELECT kind, reverts_batch_id FROM read_parquet($dir || '/batches.parquet') WHERE batch_id = $batch_id
),
kind AS (
    SELECT CASE WHEN $own THEN 'upload' ELSE coalesce((SELECT kind FROM entry), 'upload') END AS kind,
           (SELECT reverts_batch_id FROM entry) AS reverts_batch_id
),
shown AS (
    SELECT u.* FROM upload_rows AS u, kind AS k
    WHERE k.kind NOT IN ('revert', 'withdraw') AND u.batch_id = $batch_id
    UNION ALL
    SELECT u.* FROM upload_rows AS u, kind AS k
    WHERE k.kind = 'revert' AND u.batch_id = k.reverts_batch_id
    UNION ALL
    SELECT u.* FROM upload_rows AS u, kind AS k
    WHERE k.kind = 'withdraw' AND u.batch_id = k.reverts_batch_id
      AND NOT EXISTS (
          SELECT 1 FROM upload_rows AS kept
          WHERE kept.batch_id = $batch_id AND kept.indicator_id = u.indicator_id AND kept.year = u.year
            AND kept.province IS NOT DISTINCT FROM u.province
      )
),
current_uploads AS (
    SELECT indicator_id, year, province, batch_id
    FROM read_parquet($dir || '/actuals/*.parquet')
    WHERE is_current AND origin = 'upload'
)
SELECT u.batch_id, u.row_no, u.indicator_id, u.year, u.province, u.actual_value, u.is_estimate, u.note,
       u.change, u.previous_value, u.previous_batch_id,
       c.batch_id IS NOT NULL AS is_current
FROM shown AS u
LEFT JOIN current_uploads AS c
    ON c.batch_id = u.batch_id AND c.indicator_id = u.indicator_id AND c.year = u.year
   AND c.province IS NOT DISTINCT FROM u.province
ORDER BY u.row_no
