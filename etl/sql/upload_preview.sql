-- Preview of an upload: every clean uploaded row (registered view `upload`) against the current published value of
-- its key, as new / changed / unchanged. Unchanged = value, is_estimate and note all equal (floats compared exactly
-- as stored; a missing note equals an empty one). $dir is the resolved version directory.
WITH current_values AS (
    SELECT indicator_id, year, province, actual_value, is_estimate, note, batch_id, source_doc, origin
    FROM read_parquet($dir || '/actuals/*.parquet')
    WHERE is_current
)
SELECT u.row_no, u.indicator_id, u.year, u.province, u.actual_value, u.is_estimate, u.note,
       CASE
           WHEN c.indicator_id IS NULL THEN 'new'
           WHEN c.actual_value IS NOT DISTINCT FROM u.actual_value
                AND c.is_estimate IS NOT DISTINCT FROM u.is_estimate
                AND coalesce(c.note, '') = coalesce(u.note, '') THEN 'unchanged'
           ELSE 'changed'
       END AS change,
       c.actual_value AS old_value, c.is_estimate AS old_is_estimate, c.note AS old_note,
       c.batch_id AS old_batch_id, c.source_doc AS old_source_doc, c.origin AS old_origin
FROM upload AS u
LEFT JOIN current_values AS c
    ON c.indicator_id = u.indicator_id AND c.year = u.year AND c.province IS NOT DISTINCT FROM u.province
ORDER BY u.row_no
