-- The provincial units of one year: those valid on its last day (63 up to 2024, 34 from 2025).
SELECT province_code, name_vi, name_en, kind, valid_from, valid_to
FROM read_parquet($dir || '/provinces.parquet')
WHERE make_date($year, 12, 31) BETWEEN coalesce(valid_from, DATE '0001-01-01') AND coalesce(valid_to, DATE '9999-12-31')
ORDER BY province_code
