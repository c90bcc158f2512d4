-- After a revert, the current upload rows of the reverted batch's keys (view changed_keys), national ($national =
-- true) or provincial, in the shape of the published actuals: per key, the row of the newest active batch holding
-- it (views upload_actuals over the active batches' upload files, and batches: the log with rank_at and rank_id,
-- the order of precedence, in which a withdrawal takes the place of the batch it withdraws from). Keys no active batch
-- holds fall back to the document figures (etl/sql/document_actuals_current.sql).
SELECT u.*
FROM upload_actuals AS u
JOIN batches AS b USING (batch_id)
SEMI JOIN changed_keys AS k
    ON k.indicator_id = u.indicator_id AND k.year = u.year AND k.province IS NOT DISTINCT FROM u.province
WHERE (u.province IS NULL) = $national
QUALIFY row_number() OVER (PARTITION BY u.indicator_id, u.year, u.province ORDER BY b.rank_at DESC, b.rank_id DESC) = 1
ORDER BY u.indicator_id, u.province NULLS FIRST, u.year
