-- Indicators with current provincial figures up to the as-of year, with their latest provincial year.
SELECT a.indicator_id, count(*) AS n_rows, max(a.year) AS latest_year
FROM read_parquet($dir || '/actuals/*.parquet') AS a
WHERE a.is_current AND a.province IS NOT NULL AND a.year <= $as_of
GROUP BY a.indicator_id
ORDER BY a.indicator_id
