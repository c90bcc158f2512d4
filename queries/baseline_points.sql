-- Per indicator with a 2021 or 2025 target: its baseline point (the latest current national actual at or before
-- $base_year) and its latest point, both as of $as_of. Each point is the whole actuals row (a struct), so columns
-- that actuals gain later (a source class, a public report's publisher) reach the page without a change here.
WITH wanted AS (
    SELECT DISTINCT indicator_id FROM read_parquet($dir || '/targets.parquet') WHERE period_end IN (2021, 2025)
),
national AS (
    SELECT a.*
    FROM read_parquet($dir || '/actuals/*.national.parquet', union_by_name = true) AS a
    WHERE a.is_current AND a.province IS NULL AND a.year <= $as_of
      AND (a.actual_value IS NOT NULL OR a.actual_low IS NOT NULL)
      AND a.indicator_id IN (SELECT indicator_id FROM wanted)
)
SELECT n.indicator_id,
       max_by(n, n.year) FILTER (WHERE n.year <= $base_year) AS base,
       max_by(n, n.year) AS latest
FROM national AS n
GROUP BY n.indicator_id
ORDER BY n.indicator_id
