-- Sectors in display order, with how many indicators and targets each holds.
SELECT s.sector_id, s.name_vi, s.name_en, s.sort_order,
       count(DISTINCT i.indicator_id) AS n_indicators
FROM read_parquet($dir || '/sectors.parquet') AS s
LEFT JOIN read_parquet($dir || '/indicators.parquet') AS i USING (sector_id)
WHERE s.has_indicators  -- the general tasks' sector holds no indicators: no dashboard
GROUP BY ALL
ORDER BY s.sort_order
