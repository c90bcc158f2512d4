-- Indicators (optionally of one sector) with their sector names, in sector then id order.
SELECT i.*, s.name_vi AS sector_name_vi, s.name_en AS sector_name_en, s.sort_order AS sector_order
FROM read_parquet($dir || '/indicators.parquet') AS i
JOIN read_parquet($dir || '/sectors.parquet') AS s USING (sector_id)
WHERE $sector IS NULL OR i.sector_id = $sector
ORDER BY s.sort_order, i.indicator_id
