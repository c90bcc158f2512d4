-- The files, among the actuals files $files, that hold any key of the view changed_keys (the rows of a newly
-- published or reverted batch): only these are rewritten, the others are reused as they are.
SELECT DISTINCT f.filename
FROM read_parquet($files, filename = true) AS f
SEMI JOIN changed_keys AS k
    ON k.indicator_id = f.indicator_id AND k.year = f.year AND k.province IS NOT DISTINCT FROM f.province
