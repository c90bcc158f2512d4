-- The rows of one batch ($batch_id; for a revert batch, the rows of the batch it reverted) from the view
-- upload_rows, with whether each row is the current published value of its key now.
WITH target AS (
    SELECT coalesce(
        (SELECT reverts_batch_id FROM read_parquet($dir || '/batches.parquet') WHERE batch_id = $batch_id),
        $batch_id
    ) AS batch_id
),
current_uploads AS (
    SELECT indicator_id, year, province, batch_id
    FROM read_parquet($dir || '/actuals/*.parquet')
    WHERE is_current AND origin = 'upload'
)
SELECT u.batch_id, u.row_no, u.indicator_id, u.year, u.province, u.actual_value, u.is_estimate, u.note,
       u.change, u.previous_value, u.previous_batch_id,
       c.batch_id IS NOT NULL AS is_current
FROM upload_rows AS u
JOIN target AS t ON u.batch_id = t.batch_id
LEFT JOIN current_uploads AS c
    ON c.batch_id = u.batch_id AND c.indicator_id = u.indicator_id AND c.year = u.year
   AND c.province IS NOT DISTINCT FROM u.province
ORDER BY u.row_no
