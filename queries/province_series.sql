-- Current provincial actuals of one indicator up to the as-of year, each with the unit its code meant at the end of
-- its year (code 52: Bình Định up to 2024, the merged Gia Lai from 2025) and the unit that holds its territory
-- since the 2025 arrangement (successor; the unit itself when it was not merged).
WITH successors AS (
    SELECT s.old_code, s.effective_date, s.change, n.province_code AS new_code, n.name_vi AS new_name_vi, n.name_en AS new_name_en
    FROM read_parquet($dir || '/province_successions.parquet') AS s
    JOIN read_parquet($dir || '/provinces.parquet') AS n
        ON n.province_code = s.new_code AND n.valid_to IS NULL
)
SELECT a.year, a.province, p.name_vi, p.name_en, p.kind, p.valid_from, p.valid_to,
       a.actual_value, a.actual_low, a.actual_high, a.is_estimate, a.origin, a.batch_id, a.source_doc,
       CASE WHEN p.valid_to IS NULL THEN a.province ELSE s.new_code END AS successor_code,
       CASE WHEN p.valid_to IS NULL THEN p.name_vi ELSE s.new_name_vi END AS successor_name_vi,
       CASE WHEN p.valid_to IS NULL THEN p.name_en ELSE s.new_name_en END AS successor_name_en,
       coalesce(s.change, 'unchanged') AS change
FROM read_parquet($dir || '/actuals/*.parquet') AS a
LEFT JOIN read_parquet($dir || '/provinces.parquet') AS p
    ON p.province_code = a.province
   AND make_date(a.year, 12, 31) BETWEEN coalesce(p.valid_from, DATE '0001-01-01') AND coalesce(p.valid_to, DATE '9999-12-31')
LEFT JOIN successors AS s ON s.old_code = a.province AND p.valid_to IS NOT NULL
WHERE a.indicator_id = $indicator AND a.is_current AND a.province IS NOT NULL AND a.year <= $as_of
ORDER BY a.province, a.year
