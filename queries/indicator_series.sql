-- Current actuals of one indicator up to the as-of year: the national series and any uploaded provincial values.
SELECT a.indicator_id, a.year, a.period_start, a.province, p.name_vi AS province_name,
       a.actual_value, a.actual_low, a.actual_high, a.is_estimate, a.origin,
       a.source_doc, a.source_line, a.source_quote, a.batch_id, a.note
FROM read_parquet($dir || '/actuals/*.parquet') AS a
LEFT JOIN read_parquet($dir || '/provinces.parquet') AS p ON p.province_code = a.province
WHERE a.indicator_id = $indicator AND a.is_current AND a.year <= $as_of
ORDER BY a.province NULLS FIRST, a.year
