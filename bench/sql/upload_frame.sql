-- $rows valid upload rows for real indicators, in a scrambled key order (skipping the first $offset keys), values
-- inside each allowed range.
WITH ind AS (SELECT * FROM read_parquet($dir || '/indicators.parquet') WHERE indicator_id NOT LIKE 'bench_%'),
prov AS (SELECT NULL::VARCHAR AS province UNION ALL SELECT province_code FROM read_parquet($dir || '/provinces.parquet')),
y AS (SELECT range::INTEGER AS year FROM range($year_start, $year_stop))
SELECT i.indicator_id, y.year,
       CASE WHEN i.value_type = 'rank'
            THEN floor(coalesce(i.min_value, 1) + random() * (least(coalesce(i.max_value, 250), 50) - coalesce(i.min_value, 1) + 1))
            ELSE round(coalesce(i.min_value, 0) + random() * (least(coalesce(i.max_value, 100), coalesce(i.min_value, 0) + 100)
                                                              - coalesce(i.min_value, 0)), 2)
       END AS value,
       p.province
FROM ind AS i, prov AS p, y
ORDER BY hash(i.indicator_id, y.year, p.province)
LIMIT $rows OFFSET $offset
