-- Several small upload-row files of the actuals ($files) merged into one, sorted like every actuals file
-- (indicator_id, province with national first, year) so its row groups stay skippable.
SELECT *
FROM read_parquet($files)
ORDER BY indicator_id, province NULLS FIRST, year
