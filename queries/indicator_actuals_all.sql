-- Every actual statement of one indicator (current or not), national first, with its provenance (a public report's
-- publisher, date and link).
SELECT a.year, a.period_start, a.province, p.name_vi AS province_name, a.actual_value, a.actual_low, a.actual_high,
       a.is_estimate, a.is_current, a.origin, a.source_doc, a.source_line, a.source_quote, a.batch_id, a.note, a.note_vi,
       a.report_id, r.publisher AS report_publisher, r.published AS report_published, r.url AS report_url
FROM read_parquet($dir || '/actuals/*.parquet') AS a
LEFT JOIN read_parquet($dir || '/provinces.parquet') AS p ON p.province_code = a.province
    -- a code means the unit valid at the end of the figure's year (code 52: Bình Định to 2024, Gia Lai from 2025)
    AND make_date(a.year, 12, 31) BETWEEN coalesce(p.valid_from, DATE '0001-01-01') AND coalesce(p.valid_to, DATE '9999-12-31')
LEFT JOIN read_parquet($dir || '/public_reports.parquet') AS r ON r.report_id = a.report_id
WHERE a.indicator_id = $indicator
ORDER BY a.province NULLS FIRST, a.year, a.is_current DESC, a.origin = 'public_report', a.doc_priority
