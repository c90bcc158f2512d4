-- The keys of one batch file of the actuals ($file) that the view changed_keys (a newly published, newer batch)
-- also holds: the rows that file loses.
SELECT f.indicator_id, f.year, f.province
FROM read_parquet($file) AS f
SEMI JOIN changed_keys AS k
    ON k.indicator_id = f.indicator_id AND k.year = f.year AND k.province IS NOT DISTINCT FROM f.province
