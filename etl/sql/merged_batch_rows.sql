-- The current rows of several upload batches (view upload_actuals over their upload files) as one actuals file,
-- national ($national = true) or provincial: every row except those in table dropped_keys (batch and key a newer
-- active batch replaces), sorted like every actuals file (indicator_id, province with national first, year).
SELECT u.*
FROM upload_actuals AS u
ANTI JOIN dropped_keys AS l
    ON l.batch_id = u.batch_id AND l.indicator_id = u.indicator_id AND l.year = u.year
   AND l.province IS NOT DISTINCT FROM u.province
WHERE (u.province IS NULL) = $national
ORDER BY u.indicator_id, u.province NULLS FIRST, u.year
