-- The synthetic upload rows ($path) of one year, as the upload batch $batch_id.
SELECT * REPLACE ($batch_id AS batch_id) FROM read_parquet($path) WHERE year = $year
