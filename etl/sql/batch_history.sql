-- The batch log of a version, oldest first, with status 'reverted' (and the reverting batch: a revert, or a withdrawal
-- of some keys whose other rows it carries over) or 'active'.
WITH log AS (
    SELECT * FROM read_parquet($dir || '/batches.parquet')
)
SELECT b.batch_id, b.kind, b."user", b.published_at, b.file_name, b.sha256,
       b.rows_total, b.rows_new, b.rows_changed, b.rows_unchanged, b.note, b.reverts_batch_id,
       CASE WHEN r.batch_id IS NULL THEN 'active' ELSE 'reverted' END AS status,
       r.batch_id AS reverted_by, r."user" AS reverted_by_user, r.published_at AS reverted_at, r.note AS revert_reason,
       r.kind AS reverted_by_kind
FROM log AS b
LEFT JOIN log AS r ON r.reverts_batch_id = b.batch_id
ORDER BY b.published_at, b.batch_id
