-- The lead units answering for each indicator: the annex-II tasks mapped to it in indicator_tasks (one row each).
SELECT it.indicator_id, string_agg(DISTINCT t.lead_unit, '; ' ORDER BY t.lead_unit) AS lead_unit,
       string_agg(CAST(t.task_no AS VARCHAR), ', ' ORDER BY t.task_no) AS task_nos
FROM read_parquet($dir || '/indicator_tasks.parquet') AS it
JOIN read_parquet($dir || '/tasks.parquet') AS t USING (task_no)
GROUP BY it.indicator_id
ORDER BY it.indicator_id
