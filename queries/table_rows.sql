-- Every row of one published table, for downloads (the table name is checked against a fixed list by the caller).
SELECT * FROM read_parquet($dir || '/' || $table || '.parquet')
