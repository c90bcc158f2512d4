-- The current rows of one upload batch, national ($national = true) or provincial, in the shape of the published
-- actuals: the rows of view upload_actuals (the batch's upload file) except those in table dropped_keys (from
-- batch_losing_keys.sql: keys a newer active batch also holds). Rows keep the upload file's order (see
-- etl/actuals.py, drop_keys).
SELECT u.*
FROM upload_actuals AS u
ANTI JOIN dropped_keys AS l
    ON l.indicator_id = u.indicator_id AND l.year = u.year AND l.province IS NOT DISTINCT FROM u.province
WHERE (u.province IS NULL) = $national
