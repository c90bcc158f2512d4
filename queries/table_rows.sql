-- Every row of one published table, for downloads ($path from etl.export.table_source; the caller checks the table
-- name against a fixed list).
SELECT * FROM read_parquet($path)
