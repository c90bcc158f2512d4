-- Provincial values of one indicator on today's units: figures of former units summed into the unit that holds
-- their territory (only meaningful for counts and amounts; the caller decides). A sum is given only when every
-- former unit of that successor has a value for the year; otherwise value is NULL and `missing` names the gaps.
WITH merger AS (  -- the day the 34 units began (Resolution 202/2025/QH15), from the successions table
    SELECT max(effective_date) AS day FROM read_parquet($dir || '/province_successions.parquet') WHERE change = 'merged'
),
units_today AS (
    SELECT province_code, name_vi, name_en FROM read_parquet($dir || '/provinces.parquet') WHERE valid_to IS NULL
),
parts AS (  -- for each unit today, the former units whose territory it holds (itself when unchanged)
    SELECT s.new_code, s.old_code, o.name_vi AS old_name_vi
    FROM read_parquet($dir || '/province_successions.parquet') AS s
    CROSS JOIN merger AS m
    JOIN read_parquet($dir || '/provinces.parquet') AS o
        ON o.province_code = s.old_code AND m.day - 1 BETWEEN coalesce(o.valid_from, DATE '0001-01-01') AND coalesce(o.valid_to, DATE '9999-12-31')
),
actual AS (
    SELECT a.year, a.province, a.actual_value, a.is_estimate
    FROM read_parquet($dir || '/actuals/*.parquet') AS a
    WHERE a.indicator_id = $indicator AND a.is_current AND a.province IS NOT NULL AND a.year <= $as_of
),
before AS (  -- years whose figures use the former units (a year's figure belongs to the units of its last day)
    SELECT DISTINCT year FROM actual, merger WHERE make_date(year, 12, 31) < merger.day
),
grid AS (
    SELECT b.year, p.new_code, p.old_code, p.old_name_vi, a.actual_value, a.is_estimate
    FROM before AS b CROSS JOIN parts AS p
    LEFT JOIN actual AS a ON a.year = b.year AND a.province = p.old_code
),
summed AS (
    SELECT year, new_code,
           CASE WHEN count(actual_value) = count(*) THEN sum(actual_value) END AS actual_value,
           bool_or(coalesce(is_estimate, false)) AS is_estimate,
           count(actual_value) AS parts_present, count(*) AS parts_total,
           string_agg(CASE WHEN actual_value IS NULL THEN old_name_vi END, ', ' ORDER BY old_code) AS missing
    FROM grid GROUP BY year, new_code
    HAVING count(actual_value) > 0
)
SELECT s.year, s.new_code AS province, u.name_vi, u.name_en, s.actual_value, s.is_estimate, s.parts_present, s.parts_total,
       s.missing, 'summed' AS basis
FROM summed AS s JOIN units_today AS u ON u.province_code = s.new_code
UNION ALL
SELECT a.year, a.province, u.name_vi, u.name_en, a.actual_value, a.is_estimate, 1, 1, NULL, 'reported'
FROM actual AS a JOIN units_today AS u ON u.province_code = a.province CROSS JOIN merger AS m
WHERE make_date(a.year, 12, 31) >= m.day
ORDER BY province, year
