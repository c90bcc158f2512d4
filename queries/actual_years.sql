-- The years that have any current actual, for the as-of selector.
SELECT DISTINCT year FROM read_parquet($dir || '/actuals/*.parquet') WHERE is_current ORDER BY year
