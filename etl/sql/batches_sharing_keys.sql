-- The batches, among the Parquet files $files (upload files, or batch files of the actuals), that hold any key of
-- the view changed_keys (the rows of a newly published or reverted batch).
SELECT DISTINCT f.batch_id
FROM read_parquet($files) AS f
SEMI JOIN changed_keys AS k
    ON k.indicator_id = f.indicator_id AND k.year = f.year AND k.province IS NOT DISTINCT FROM f.province
