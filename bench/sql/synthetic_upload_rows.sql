-- Synthetic upload rows (UPLOAD_SCHEMA) for the indicators and provinces of a version: the first $rows keys in
-- indicator (real ids first), province (national first), year order, with plausible values per value type, stored
-- sorted like every upload file (etl/actuals.py: indicator_id, province with national first, year).
WITH ind AS (
    SELECT row_number() OVER (ORDER BY indicator_id LIKE 'bench_%', indicator_id) AS n, *
    FROM read_parquet($dir || '/indicators.parquet')
),
y AS (SELECT range::INTEGER AS year FROM range($year_start, $year_stop)),
-- national, and every provincial unit valid at the end of each year (63 up to 2024, 34 from 2025)
prov AS (
    SELECT NULL::VARCHAR AS province, y.year FROM y
    UNION ALL
    SELECT p.province_code, y.year FROM read_parquet($dir || '/provinces.parquet') AS p JOIN y
        ON make_date(y.year, 12, 31) BETWEEN coalesce(p.valid_from, DATE '0001-01-01') AND coalesce(p.valid_to, DATE '9999-12-31')
),
keyed AS (
    SELECT i.indicator_id, y.year, p.province, i.n,
           CASE WHEN i.value_type = 'rank'
                THEN least(coalesce(i.max_value, 250), greatest(1, 120 - (y.year - 2000) * 2 - floor(random() * 5)))
                ELSE round(least(coalesce(i.max_value, 1e9), coalesce(i.min_value, 0) + (y.year - 1999) * 2.5 + random() * 3), 2)
           END AS actual_value
    FROM ind AS i JOIN prov AS p ON true JOIN y ON y.year = p.year
    ORDER BY i.n, p.province NULLS FIRST, y.year
    LIMIT $rows
)
SELECT $batch_id AS batch_id, row_number() OVER ()::BIGINT + 1 AS row_no, indicator_id, year, province,
       actual_value::DOUBLE AS actual_value, false AS is_estimate, NULL::VARCHAR AS note, 'new' AS change,
       NULL::DOUBLE AS previous_value, NULL::VARCHAR AS previous_batch_id
FROM keyed
ORDER BY indicator_id, province NULLS FIRST, year
