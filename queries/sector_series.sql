-- Current national actuals of every indicator of one sector, up to the as-of year (one query per sector page).
SELECT a.indicator_id, a.year, a.period_start, a.province, a.actual_value, a.actual_low, a.actual_high,
       a.is_estimate, a.origin, a.source_doc, a.source_line, a.batch_id,
       a.report_id, r.publisher AS report_publisher, r.published AS report_published, r.url AS report_url
FROM read_parquet($dir || '/actuals/*.national.parquet') AS a
JOIN read_parquet($dir || '/indicators.parquet') AS i USING (indicator_id)
LEFT JOIN read_parquet($dir || '/public_reports.parquet') AS r ON r.report_id = a.report_id
WHERE i.sector_id = $sector AND a.is_current AND a.province IS NULL AND a.year <= $as_of
ORDER BY a.indicator_id, a.year
