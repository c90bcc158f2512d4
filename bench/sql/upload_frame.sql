-- $rows valid upload rows for real indicators, in a scrambled key order (skipping the first $offset keys), values
-- inside each allowed range.
WITH ind AS (SELECT * FROM read_parquet($dir || '/indicators.parquet') WHERE indicator_id NOT LIKE 'bench_%'),
y AS (SELECT range::INTEGER AS year FROM range($year_start, $year_stop)),
-- national, and every provincial unit valid at the end of each year (63 up to 2024, 34 from 2025)
prov AS (
    SELECT NULL::VARCHAR AS province, y.year FROM y
    UNION ALL
    SELECT p.province_code, y.year FROM read_parquet($dir || '/provinces.parquet') AS p JOIN y
        ON make_date(y.year, 12, 31) BETWEEN coalesce(p.valid_from, DATE '0001-01-01') AND coalesce(p.valid_to, DATE '9999-12-31')
)
SELECT i.indicator_id, y.year,
       CASE WHEN i.value_type = 'rank'
            THEN floor(coalesce(i.min_value, 1) + random() * (least(coalesce(i.max_value, 250), 50) - coalesce(i.min_value, 1) + 1))
            ELSE round(coalesce(i.min_value, 0) + random() * (least(coalesce(i.max_value, 100), coalesce(i.min_value, 0) + 100)
                                                              - coalesce(i.min_value, 0)), 2)
       END AS value,
       p.province
FROM ind AS i JOIN prov AS p ON true JOIN y ON y.year = p.year
ORDER BY hash(i.indicator_id, y.year, p.province)
LIMIT $rows OFFSET $offset
