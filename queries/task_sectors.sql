-- Sectors that hold tasks (the general, cross-sector tasks included), in display order, with their task counts.
SELECT s.sector_id, s.name_vi, s.name_en, s.sort_order, count(*) AS n_tasks
FROM read_parquet($dir || '/sectors.parquet') AS s
JOIN read_parquet($dir || '/tasks.parquet') AS t USING (sector_id)
GROUP BY ALL
ORDER BY s.sort_order
