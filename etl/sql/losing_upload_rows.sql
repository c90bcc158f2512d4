-- Rows of active upload batches that are not current because a newer active batch holds the same key (newer =
-- later rank_at, then the higher rank_id: published_at and batch_id, a withdrawal ranking in the place of the batch
-- it withdraws from, see etl/actuals.py batch_ranks). Inputs (views registered by etl/actuals.py): active_uploads
-- (the rows of the active batches) and batches (the batch log with rank_at and rank_id).
--
-- Speed at millions of rows (issue 8): a key held by two batches is held by at least one batch other than the
-- largest, so only rows sharing a key with the smaller batches are candidates; of those, only keys held more than
-- once go through the window. Upload validation refuses duplicate keys within one batch.
WITH sized AS (
    SELECT batch_id, count(*) AS n FROM active_uploads GROUP BY batch_id
),
largest AS (
    SELECT batch_id FROM sized ORDER BY n DESC, batch_id LIMIT 1
),
candidate_keys AS (
    SELECT DISTINCT indicator_id, year, province
    FROM active_uploads
    WHERE batch_id NOT IN (SELECT batch_id FROM largest)
),
candidates AS (
    SELECT u.batch_id, u.indicator_id, u.year, u.province
    FROM active_uploads AS u
    SEMI JOIN candidate_keys AS c
        ON c.indicator_id = u.indicator_id AND c.year = u.year AND c.province IS NOT DISTINCT FROM u.province
),
contested_keys AS (
    SELECT indicator_id, year, province FROM candidates GROUP BY ALL HAVING count(*) > 1
)
SELECT c.batch_id, c.indicator_id, c.year, c.province
FROM candidates AS c
JOIN batches AS b USING (batch_id)
SEMI JOIN contested_keys AS k
    ON k.indicator_id = c.indicator_id AND k.year = c.year AND k.province IS NOT DISTINCT FROM c.province
QUALIFY row_number() OVER (
    PARTITION BY c.indicator_id, c.year, c.province ORDER BY b.rank_at DESC, b.rank_id DESC
) > 1
