-- When each upload batch was published (for "tải lên dd/mm/yyyy" in footers and briefings).
SELECT batch_id, published_at, file_name, user
FROM read_parquet($dir || '/batches.parquet')
ORDER BY published_at
