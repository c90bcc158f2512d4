-- One batch file of the actuals ($file) without the keys in table dropped_keys (from file_keys_changed.sql): the
-- rows a newly published, newer batch replaces. Rows keep the file's order (see etl/actuals.py, drop_keys).
SELECT a.*
FROM read_parquet($file) AS a
ANTI JOIN dropped_keys AS k
    ON k.indicator_id = a.indicator_id AND k.year = a.year AND k.province IS NOT DISTINCT FROM a.province
