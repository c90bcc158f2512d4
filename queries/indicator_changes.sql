-- Per indicator, as of $as_of: the latest and the previous reported national figure (for "Δ since the last report"),
-- and whether the newest upload batch still in force (the newest of all years: in an as-of view, a batch that only set
-- later years is still the newest, and an older one is not "just updated") set any of its current values shown as of
-- $as_of ("mới cập nhật").
WITH current_rows AS (
    SELECT indicator_id, year, province, coalesce(actual_value, actual_low) AS value, batch_id
    FROM read_parquet($dir || '/actuals/*.parquet')
    WHERE is_current AND year <= $as_of
),
newest AS (
    -- By publication time (strictly increasing in the batch log), not by id: two ids of one second sort at random.
    SELECT batch_id
    FROM read_parquet($dir || '/batches.parquet')
    WHERE batch_id IN (SELECT batch_id FROM read_parquet($dir || '/actuals/*.parquet') WHERE is_current)
    ORDER BY published_at DESC
    LIMIT 1
),
ranked AS (
    SELECT indicator_id, year, value, row_number() OVER (PARTITION BY indicator_id ORDER BY year DESC) AS rn
    FROM current_rows
    WHERE province IS NULL AND value IS NOT NULL
)
SELECT r.indicator_id,
       max(r.year) FILTER (WHERE r.rn = 1) AS latest_year, max(r.value) FILTER (WHERE r.rn = 1) AS latest_value,
       max(r.year) FILTER (WHERE r.rn = 2) AS previous_year, max(r.value) FILTER (WHERE r.rn = 2) AS previous_value,
       coalesce(bool_or(c.batch_id IS NOT NULL), false) AS in_newest_batch
FROM ranked AS r
LEFT JOIN (SELECT DISTINCT indicator_id, batch_id FROM current_rows WHERE batch_id = (SELECT batch_id FROM newest)) AS c
    USING (indicator_id)
GROUP BY r.indicator_id
ORDER BY r.indicator_id
